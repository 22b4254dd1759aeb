"""Second-person approval of refunds and adjustments above the threshold."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import CardApproval, CardLedgerEntry
from jiazheng.cards.services import funds, refunds
from jiazheng.common.errors import NotAllowed, ServiceError


def request_approval(*, card, action, amount, reason, requested_by, params=None):
    """Ask a second staff member to approve a refund or adjustment."""
    if action not in CardApproval.Action.values:
        raise ServiceError(_("操作无效。"), code="invalid_action")
    return CardApproval.objects.create(
        card=card,
        action=action,
        amount=Decimal(amount),
        reason=reason,
        params=params or {},
        requested_by=requested_by,
    )


def decide(*, approval, approver, approve):
    """Approve (and carry out) or reject a request; return the result."""
    if approval.requested_by_id == approver.pk:
        raise NotAllowed(_("申请人不能复核自己的申请。"), code="same_person")
    with transaction.atomic():
        approval = CardApproval.objects.select_for_update().get(pk=approval.pk)
        if approval.status != CardApproval.Status.PENDING:
            raise ServiceError(_("这项申请已处理。"), code="already_decided")
        approval.decided_by = approver
        approval.decided_at = timezone.now()
        if not approve:
            approval.status = CardApproval.Status.REJECTED
            approval.save()
            return None
        approval.status = CardApproval.Status.APPROVED
        approval.save()
        return _carry_out(approval)


def _carry_out(approval):
    params = approval.params
    operator = approval.requested_by
    if approval.action == CardApproval.Action.CLOSE:
        return funds.close_card(
            card=approval.card,
            operator=operator,
            reason=approval.reason,
            method=params.get("method", "cash"),
            approval=approval,
        )
    if approval.action == CardApproval.Action.ADJUST:
        return funds.adjust(
            card=approval.card,
            amount=params["amount"],
            operator=operator,
            reason=approval.reason,
            approval=approval,
        )
    entry = CardLedgerEntry.objects.get(pk=params["entry_id"], card=approval.card)
    if approval.action == CardApproval.Action.REFUND_TOP_UP:
        return funds.refund_top_up(
            entry=entry, operator=operator, reason=approval.reason, approval=approval
        )
    return refunds.refund_payment(
        entry=entry,
        operator=operator,
        reason=approval.reason,
        amount=params.get("amount"),
        approval=approval,
    )
