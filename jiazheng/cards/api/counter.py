"""REST endpoints of the counter: top-up, pay, freeze, unfreeze, replace,
reactivate, close and refund.

Every write needs an ``Idempotency-Key`` header (``api/idempotency.py``).
Closing and refunds above the organisation's limit answer 202 with the
approval request filed for a second staff member.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.permissions import HasRole
from jiazheng.accounts.tenancy import get_scoped_or_404
from jiazheng.cards import services
from jiazheng.cards.access import COUNTER_ROLES, MANAGER_ROLES
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    ApprovalRequestedSerializer,
    CardAmountInput,
    CardApprovalSerializer,
    CardPayInput,
    CardReactivatedSerializer,
    CardReactivateInput,
    CardReasonInput,
    CardSerializer,
    EntrySerializer,
)
from jiazheng.cards.api.views import counter_card, valid_input
from jiazheng.cards.models import CardApproval, CardLedgerEntry, EntryKind
from jiazheng.cards.services import approvals
from jiazheng.cards.services.ledger import clean_amount
from jiazheng.common.errors import ServiceError


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
        data = valid_input(CardReactivateInput, request)
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
        data = valid_input(CardAmountInput, request)
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
        data = valid_input(CardPayInput, request)
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
            data = valid_input(CardReasonInput, request)
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
        data = valid_input(CardReasonInput, request)
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
        data = valid_input(CardReasonInput, request)
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
