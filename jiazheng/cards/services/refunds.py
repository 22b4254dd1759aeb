"""Refunds of card payments: back to the card that now holds the balance.

A payment made on a card that was later replaced (lost card, new number,
balance carried by a transfer pair) is refunded to the live card at the
end of the ``replaced_by`` chain, with ``refund_of`` naming the original
payment, so the total refunded is counted across every card of the chain.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from jiazheng.cards.models import (
    CardApproval,
    CardLedgerEntry,
    EntryKind,
    PaymentMethod,
)
from jiazheng.cards.services.ledger import (
    append_entry,
    clean_amount,
    existing_entry,
    lock_live_card,
    log_operation,
)
from jiazheng.cards.services.policy import policy_for
from jiazheng.cards.services.rules import (
    ensure_open,
    ensure_within_cap,
    require_approval,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan

CENT = Decimal("0.01")


def _earlier_refund(entry, idempotency_key):
    """Return the refund of ``entry`` already written under this key, if any.

    Looked up on every card of the chain: the card may have been replaced
    since the first attempt.
    """
    if not idempotency_key:
        return None
    return (
        CardLedgerEntry.objects.filter(
            refund_of=entry,
            kind=EntryKind.PAYMENT_REFUND,
            idempotency_key=idempotency_key,
        )
        .select_related("card")
        .first()
    )


def refund_payment(
    *, entry, operator, reason, amount=None, idempotency_key="", approval=None
):
    """Give (part of) a payment back to the card that now holds its balance.

    That is the card it was paid from, or the new card that replaced it.
    The same ``idempotency_key`` returns the first refund; the refunds of
    one payment never add up to more than was paid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    if entry.kind != EntryKind.PAYMENT:
        raise ServiceError(_("只有消费可以退款。"), code="not_a_payment")
    paid = -entry.amount
    if amount is not None:
        amount = clean_amount(amount)

    with transaction.atomic():
        card = lock_live_card(entry.card)
        done = _earlier_refund(entry, idempotency_key)
        if done is not None:
            return done
        # A key used on this card for another kind of operation is refused.
        existing_entry(card, idempotency_key, kind=EntryKind.PAYMENT_REFUND)
        ensure_open(card)
        refunded = (
            CardLedgerEntry.objects.filter(refund_of=entry).aggregate(
                total=Sum("amount")
            )["total"]
            or 0
        )
        left = paid - refunded
        if amount is None:
            amount = left
        if amount <= 0 or amount > left:
            raise ServiceError(
                _("退款金额不能超过可退金额 %(left)s。")
                % {"left": format_yuan(max(left, 0))},
                code="over_refund",
                field="amount",
            )
        policy = policy_for(card.organization)
        # Approvals are filed on the card the payment was made from.
        require_approval(
            card=entry.card,
            policy=policy,
            action=CardApproval.Action.REFUND_PAYMENT,
            amount=amount,
            approval=approval,
        )
        ensure_within_cap(card, policy, card.balance + amount)
        principal = (amount * -entry.principal_delta / paid).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        note = reason
        if card.pk != entry.card_id:
            note = _("%(reason)s（原卡 %(number)s 的消费）") % {
                "reason": reason,
                "number": entry.card.number,
            }
        refund = append_entry(
            card,
            kind=EntryKind.PAYMENT_REFUND,
            principal_delta=principal,
            bonus_delta=amount - principal,
            operator=operator,
            method=PaymentMethod.BALANCE,
            refund_of=entry,
            reference=entry.reference,
            note=note[:255],
            idempotency_key=idempotency_key,
        )
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="refund_payment",
            summary=_("消费退款 %(number)s %(amount)s")
            % {"number": card.number, "amount": format_yuan(amount)},
        )
    return refund
