"""REST endpoints: members read their cards; staff apps work the counter.

Every write needs an ``Idempotency-Key`` header: the first answer is kept
(``common.idempotency``) and a retry with the same key gets it again instead
of acting twice. Payment and top-up keys also reach the ledger's own
unique index.
"""

from decimal import Decimal

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
    MANAGER_ROLES,
    acting_organization,
    can_see_statistics,
    can_work_counter,
)
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    ApprovalRequestedSerializer,
    CardAmountInput,
    CardApprovalSerializer,
    CardEditInput,
    CardFeedbackInput,
    CardPayInput,
    CardReactivatedSerializer,
    CardReactivateInput,
    CardReasonInput,
    CardSerializer,
    EntrySerializer,
    OpenCardInput,
)
from jiazheng.cards.models import (
    Card,
    CardApproval,
    CardLedgerEntry,
    CardLevel,
    EntryKind,
)
from jiazheng.cards.services import approvals
from jiazheng.cards.services.feedback import send_feedback
from jiazheng.cards.services.ledger import clean_amount
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


def _valid(serializer_class, request):
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
        values = _valid(CardEditInput, request)
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


class CounterView(APIView):
    permission_classes = [HasRole.of(*COUNTER_ROLES)]


def approval_requested(request, card, exc, **kwargs):
    """File a request for a second staff member's approval; answer 202."""
    approval = approvals.request_approval(
        card=card, requested_by=request.user, **kwargs
    )
    body = {
        "code": "approval_requested",
        "message": _("%(message)s 已提交复核申请。") % {"message": exc.message},
        "approval": CardApprovalSerializer(approval).data,
    }
    return Response(body, status=status.HTTP_202_ACCEPTED)


class ReactivateView(CounterView):
    """激活/延期: extend the validity and restore any expired balance."""

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardReactivateInput,
        responses={200: CardReactivatedSerializer},
    )
    def post(self, request, pk):
        return self._reactivate(request, counter_card(request.user, pk))

    @idempotent
    def _reactivate(self, request, card, key):
        data = _valid(CardReactivateInput, request)
        card = services.reactivate(
            card=card,
            operator=request.user,
            reason=data["reason"],
            expires_on=data.get("expires_on"),
        )
        restored = sum((entry.amount for entry in card.restored), Decimal("0.00"))
        card = counter_card(request.user, card.pk)
        card.restored = restored
        return Response(CardReactivatedSerializer(card).data)


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
        responses={201: EntrySerializer, 202: ApprovalRequestedSerializer},
    )
    @idempotent
    def post(self, request, pk, key):
        data = _valid(CardReasonInput, request)
        card = counter_card(request.user, pk)
        try:
            entry = services.close_card(
                card=card,
                operator=request.user,
                reason=data["reason"],
                method=data["method"],
            )
        except ServiceError as exc:
            if exc.code != "approval_required":
                raise
            refund, _forfeit = services.close_quote(card)
            return approval_requested(
                request,
                card,
                exc,
                action=CardApproval.Action.CLOSE,
                amount=refund,
                reason=data["reason"],
                params={"method": data["method"]},
            )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class RefundView(APIView):
    permission_classes = [HasRole.of(*MANAGER_ROLES)]

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CardReasonInput,
        responses={201: EntrySerializer, 202: ApprovalRequestedSerializer},
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
        amount = data.get("amount") or None
        try:
            if entry.kind == EntryKind.TOP_UP:
                action = CardApproval.Action.REFUND_TOP_UP
                approval_amount = entry.principal_delta
                refund = services.refund_top_up(
                    entry=entry,
                    operator=request.user,
                    reason=data["reason"],
                    method=data["method"],
                )
            else:
                action = CardApproval.Action.REFUND_PAYMENT
                if amount is not None:
                    amount = clean_amount(amount)
                approval_amount = amount or -entry.amount
                refund = services.refund_payment(
                    entry=entry,
                    operator=request.user,
                    reason=data["reason"],
                    amount=amount,
                    idempotency_key=key,
                )
        except ServiceError as exc:
            if exc.code != "approval_required":
                raise
            return approval_requested(
                request,
                entry.card,
                exc,
                action=action,
                amount=approval_amount,
                reason=data["reason"],
                params={
                    "entry_id": entry.pk,
                    "amount": str(amount) if amount is not None else None,
                },
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
