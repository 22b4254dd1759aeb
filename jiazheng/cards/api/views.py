"""REST endpoints: members read their cards; staff apps work the counter.

Every write needs an ``Idempotency-Key`` header: the first answer is kept
(ApiIdempotencyRecord) and a retry with the same key gets it again instead
of acting twice. Payment and top-up keys also reach the ledger's own
unique index.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.permissions import HasRole
from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards import queries, services
from jiazheng.cards.access import (
    COUNTER_ROLES,
    MANAGER_ROLES,
    acting_organization,
    can_see_statistics,
)
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    CardAmountInput,
    CardFeedbackInput,
    CardItemSerializer,
    CardPayInput,
    CardReasonInput,
    CardSerializer,
    EntrySerializer,
    OpenCardInput,
)
from jiazheng.cards.models import (
    Card,
    CardItem,
    CardLedgerEntry,
    EntryKind,
)
from jiazheng.cards.services.feedback import send_feedback
from jiazheng.customers.queries import customer_for_phone
from jiazheng.customers.services import get_or_create_customer_for_caller


def visible_cards(user):
    """Staff see their organisations' cards; members see their own."""
    if can_see_statistics(user):
        return scope(
            Card.objects.select_related("level", "organization", "customer"), user
        )
    return queries.cards_of_member(user).select_related("customer")


def counter_card(user, pk):
    return get_scoped_or_404(
        Card.objects.select_related("level", "organization"), user, pk=pk
    )


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CardsView(generics.ListAPIView):
    """GET: the caller's cards (members) or organisations' cards (staff)."""

    serializer_class = CardSerializer

    def get_queryset(self):
        return visible_cards(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=OpenCardInput,
        responses={201: CardSerializer},
    )
    @idempotent
    def post(self, request, key):
        """Open a card (counter staff)."""
        if not HasRole.of(*COUNTER_ROLES)().has_permission(request, self):
            return Response(
                {"code": "forbidden", "message": _("您无权执行此操作。")},
                status=status.HTTP_403_FORBIDDEN,
            )
        data = _valid(OpenCardInput, request)
        organization = acting_organization(request.user)
        customer = None
        if data["kind"] == Card.Kind.NAMED:
            phone = data.get("phone") or ""
            customer = customer_for_phone(phone)
            if customer is None:
                customer, _created = get_or_create_customer_for_caller(
                    phone=phone,
                    name=data.get("name") or phone[-4:],
                    kind="family",
                    created_by=request.user,
                )
        card = services.open_card(
            organization=organization,
            kind=data["kind"],
            operator=request.user,
            customer=customer,
            holder_name=data.get("holder_name", ""),
            pin=data.get("pin") or None,
            initial_amount=data.get("initial_amount") or None,
            method=data["method"],
            reference=data.get("reference", ""),
            idempotency_key=key,
        )
        return Response(CardSerializer(card).data, status=status.HTTP_201_CREATED)


class CardDetailView(generics.RetrieveAPIView):
    serializer_class = CardSerializer

    def get_object(self):
        card = visible_cards(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if card is None:
            raise Http404
        return card


class CardEntriesView(generics.ListAPIView):
    """The card's statement, newest first."""

    serializer_class = EntrySerializer

    def get_queryset(self):
        card = visible_cards(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if card is None:
            raise Http404
        return card.entries.order_by("-seq")


class CounterView(APIView):
    permission_classes = [HasRole.of(*COUNTER_ROLES)]


class TopUpView(CounterView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardAmountInput,
        responses={201: EntrySerializer},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardAmountInput, request)
        entry = services.top_up(
            card=counter_card(request.user, pk),
            amount=data["amount"],
            method=data["method"],
            operator=request.user,
            reference=data.get("reference", ""),
            idempotency_key=key,
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class PayView(CounterView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardPayInput,
        responses={201: EntrySerializer},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardPayInput, request)
        entry = services.pay(
            card=counter_card(request.user, pk),
            amount=data["amount"],
            items=data.get("items", []),
            operator=request.user,
            idempotency_key=key,
            pin=data.get("pin") or None,
            reference=data.get("reference", ""),
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


def _state_view(action):
    class StateView(CounterView):
        @extend_schema(
            parameters=[IDEMPOTENCY_HEADER],
            request=CardReasonInput,
            responses={200: CardSerializer},
        )
        @idempotent
        def post(self, request, pk, key):
            data = _valid(CardReasonInput, request)
            card = action(
                card=counter_card(request.user, pk),
                operator=request.user,
                reason=data["reason"],
            )
            return Response(CardSerializer(card).data)

    StateView.__name__ = f"{action.__name__.title().replace('_', '')}View"
    return StateView


FreezeView = _state_view(services.freeze)
UnfreezeView = _state_view(services.unfreeze)
ReplaceView = _state_view(services.replace_card)


class CloseView(APIView):
    permission_classes = [HasRole.of(*MANAGER_ROLES)]

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardReasonInput,
        responses={201: EntrySerializer},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardReasonInput, request)
        entry = services.close_card(
            card=counter_card(request.user, pk),
            operator=request.user,
            reason=data["reason"],
            method=data["method"],
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class RefundView(APIView):
    permission_classes = [HasRole.of(*MANAGER_ROLES)]

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardReasonInput,
        responses={201: EntrySerializer},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardReasonInput, request)
        entry = get_scoped_or_404(
            CardLedgerEntry.objects.select_related("card"),
            request.user,
            field="card__organization",
            pk=pk,
        )
        if entry.kind == EntryKind.TOP_UP:
            refund = services.refund_top_up(
                entry=entry,
                operator=request.user,
                reason=data["reason"],
                method=data["method"],
            )
        else:
            refund = services.refund_payment(
                entry=entry,
                operator=request.user,
                reason=data["reason"],
                amount=data.get("amount") or None,
                idempotency_key=key,
            )
        return Response(EntrySerializer(refund).data, status=status.HTTP_201_CREATED)


class FeedbackView(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardFeedbackInput,
        responses={201: None},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardFeedbackInput, request)
        card = queries.cards_of_member(request.user).filter(pk=pk).first()
        if card is None:
            raise Http404
        feedback = send_feedback(card=card, author=request.user, text=data["text"])
        return Response({"id": feedback.pk}, status=status.HTTP_201_CREATED)


class CardItemListView(generics.ListAPIView):
    serializer_class = CardItemSerializer
    permission_classes = [HasRole.of(*COUNTER_ROLES)]

    def get_queryset(self):
        return scope(CardItem.objects.all(), self.request.user).order_by("name")
