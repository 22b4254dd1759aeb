"""REST endpoints: members read their cards; staff open and edit them.

The counter's operations on a card (top-up, payment, freeze, close,
refund, ...) are in ``api/counter.py``.

Every write needs an ``Idempotency-Key`` header: the first answer is kept
(``common.idempotency``) and a retry with the same key gets it again instead
of acting twice. Payment and top-up keys also reach the ledger's own
unique index.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.permissions import HasRole
from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards import queries, services
from jiazheng.cards.access import (
    COUNTER_ROLES,
    acting_organization,
    can_see_statistics,
    can_work_counter,
)
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    CardEditInput,
    CardFeedbackInput,
    CardSerializer,
    EntrySerializer,
    OpenCardInput,
)
from jiazheng.cards.models import (
    Card,
    CardLevel,
)
from jiazheng.cards.services.feedback import send_feedback
from jiazheng.common.errors import ServiceError
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


def valid_input(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ReadOrCounter(BasePermission):
    """Anyone signed in reads (rows are scoped); counter staff write."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return can_work_counter(request.user)


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
        data = valid_input(OpenCardInput, request)
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
    """GET a card; PATCH changes its record (counter staff), logged with
    old and new values like the console's edit page."""

    serializer_class = CardSerializer
    permission_classes = [ReadOrCounter]

    def get_object(self):
        card = visible_cards(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if card is None:
            raise Http404
        return card

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardEditInput,
        responses={200: CardSerializer},
    )
    def patch(self, request, pk):
        # Another organisation's card answers 404 before the key is asked for.
        return self._edit(request, counter_card(request.user, pk))

    @idempotent
    def _edit(self, request, card, key):
        unknown = set(request.data) - set(CardEditInput().fields)
        if unknown:
            raise ServiceError(
                _("这些字段不能修改：%(fields)s。")
                % {"fields": "、".join(sorted(unknown))},
                code="not_editable",
            )
        values = valid_input(CardEditInput, request)
        if "level" in values:
            level = CardLevel.objects.filter(
                organization_id=card.organization_id, pk=values["level"]
            ).first()
            if level is None:
                raise ServiceError(_("级别无效。"), code="invalid_level", field="level")
            values["level"] = level
        card = services.edit_card(card=card, operator=request.user, **values)
        return Response(CardSerializer(counter_card(request.user, card.pk)).data)


class CardEntriesView(generics.ListAPIView):
    """The card's statement, newest first."""

    serializer_class = EntrySerializer

    def get_queryset(self):
        card = visible_cards(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if card is None:
            raise Http404
        return card.entries.order_by("-seq")


class FeedbackView(APIView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardFeedbackInput,
        responses={201: None},
    )
    @idempotent
    def post(self, request, pk, key):
        data = valid_input(CardFeedbackInput, request)
        card = queries.cards_of_member(request.user).filter(pk=pk).first()
        if card is None:
            raise Http404
        feedback = send_feedback(card=card, author=request.user, text=data["text"])
        return Response({"id": feedback.pk}, status=status.HTTP_201_CREATED)
