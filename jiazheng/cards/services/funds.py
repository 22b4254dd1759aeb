"""Money in and out of a card: top-up, top-up refund, adjustment, closing."""

import logging
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import (
    Card,
    CardApproval,
    CardLedgerEntry,
    CardLevel,
    EntryKind,
    PaymentMethod,
)
from jiazheng.cards.services.expiry import restore_expired, unrestored_expiries
from jiazheng.cards.services.ledger import (
    ZERO,
    append_entry,
    clean_amount,
    existing_entry,
    lock_card,
    log_operation,
)
from jiazheng.cards.services.policy import bonus_for, policy_for
from jiazheng.cards.services.rules import (
    ensure_open,
    ensure_usable,
    ensure_within_cap,
    proportional_refund,
    require_approval,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
MONEY_IN_METHODS = (PaymentMethod.CASH, PaymentMethod.BANK_CARD, PaymentMethod.ONLINE)


def _clean_method(method):
    if method not in MONEY_IN_METHODS:
        raise ServiceError(_("请选择支付方式。"), code="invalid_method", field="method")
    return method


def _upgrade_level(card):
    """Move the card up to the best level its cumulative top-up reaches."""
    best = (
        CardLevel.objects.filter(
            organization_id=card.organization_id,
            upgrade_at__isnull=False,
            upgrade_at__lte=card.total_topped_up,
            rank__gt=card.level.rank,
        )
        .order_by("-rank")
        .first()
    )
    if best is not None:
        card.level = best
        card.save(update_fields=["level", "updated_at"])
    return best


def top_up(
    *, card, amount, method, operator, reference="", idempotency_key="", note=""
):
    """Add money to a card (1.3) with the bonus of the organisation's rules."""
    amount = clean_amount(amount)
    method = _clean_method(method)
    if method == PaymentMethod.ONLINE and not reference:
        raise ServiceError(
            _("在线支付请填写支付流水号。"),
            code="reference_required",
            field="reference",
        )
    policy = policy_for(card.organization)
    bonus = bonus_for(card.organization, amount)

    with transaction.atomic():
        card = lock_card(card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.TOP_UP)
        if done is not None:
            return done
        ensure_usable(card)
        ensure_within_cap(card, policy, card.balance + amount + bonus)
        entry = append_entry(
            card,
            kind=EntryKind.TOP_UP,
            principal_delta=amount,
            bonus_delta=bonus,
            operator=operator,
            method=method,
            reference=reference,
            note=note,
            idempotency_key=idempotency_key,
        )
        card.total_topped_up += amount
        card.total_bonus_given += bonus
        card.save(update_fields=["total_topped_up", "total_bonus_given"])
        upgraded = _upgrade_level(card)
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="top_up",
            summary=_("充值 %(number)s %(amount)s，赠送 %(bonus)s")
            % {
                "number": card.number,
                "amount": format_yuan(amount),
                "bonus": format_yuan(bonus),
            },
            changes={"level": [None, upgraded.code]} if upgraded else {},
        )
    if card.customer_id is not None:
        transaction.on_commit(
            partial(
                send_sms,
                card.customer.phone,
                "card_topped_up",
                tail=card.number[-4:],
                amount=f"{amount:.2f}",
                bonus=f"{bonus:.2f}",
                balance=f"{entry.balance_after:.2f}",
            )
        )
    logger.info("card topped up", extra={"card_id": card.pk, "entry_id": entry.pk})
    return entry


def refundable_top_up(entry, *, policy=None, now=None):
    """Return why a top-up cannot be refunded in full, or None if it can.

    A top-up is refundable within the cooling-off period while no money
    has left the card since (only later top-ups and refunds of payments).
    """
    policy = policy or policy_for(entry.card.organization)
    now = now or timezone.now()
    if entry.kind != EntryKind.TOP_UP:
        return _("只有充值可以全额退回。")
    if entry.refunds.exists():
        return _("这笔充值已退回。")
    if now - entry.created_at > timedelta(days=policy.cooling_off_days):
        return _("已超过 %(days)s 天的无理由退款期，请办理退卡。") % {
            "days": policy.cooling_off_days
        }
    spent = CardLedgerEntry.objects.filter(
        card_id=entry.card_id, seq__gt=entry.seq, amount__lt=0
    ).exists()
    if spent:
        return _("这笔充值之后卡内已有消费，请办理退卡。")
    return None


def refund_top_up(*, entry, operator, reason, method=PaymentMethod.CASH, approval=None):
    """Give back an unused top-up in full within the cooling-off period."""
    reason = (reason or "").strip()
    method = _clean_method(method)
    with transaction.atomic():
        card = lock_card(entry.card)
        entry = CardLedgerEntry.objects.get(pk=entry.pk)
        ensure_open(card)
        problem = refundable_top_up(entry)
        if problem:
            raise ServiceError(problem, code="not_refundable")
        policy = policy_for(card.organization)
        require_approval(
            card=card,
            policy=policy,
            action=CardApproval.Action.REFUND_TOP_UP,
            amount=entry.principal_delta,
            approval=approval,
        )
        refund = append_entry(
            card,
            kind=EntryKind.TOP_UP_REFUND,
            principal_delta=-entry.principal_delta,
            bonus_delta=-entry.bonus_delta,
            operator=operator,
            method=method,
            refund_of=entry,
            note=reason,
        )
        card.total_topped_up -= entry.principal_delta
        card.total_bonus_given -= entry.bonus_delta
        card.save(update_fields=["total_topped_up", "total_bonus_given"])
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="refund_top_up",
            summary=_("充值退款 %(number)s %(amount)s")
            % {"number": card.number, "amount": format_yuan(entry.principal_delta)},
        )
    return refund


def adjust(*, card, amount, operator, reason, approval=None):
    """Correct a card's principal by a signed amount, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    amount = clean_amount(amount, allow_negative=True)
    policy = policy_for(card.organization)
    with transaction.atomic():
        card = lock_card(card)
        ensure_open(card)
        require_approval(
            card=card,
            policy=policy,
            action=CardApproval.Action.ADJUST,
            amount=abs(amount),
            approval=approval,
        )
        if amount > 0:
            ensure_within_cap(card, policy, card.balance + amount)
        entry = append_entry(
            card,
            kind=EntryKind.ADJUSTMENT,
            principal_delta=amount,
            operator=operator,
            note=reason,
        )
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="adjust",
            summary=_("余额调整 %(number)s %(amount)s：%(reason)s")
            % {"number": card.number, "amount": format_yuan(amount), "reason": reason},
        )
    return entry


def _return_packages(card, operator):
    """Give back the unused visits of the card's packages, in their parts."""
    for package in card.packages.select_for_update().filter(
        is_returned=False, visits_left__gt=0
    ):
        share = Decimal(package.visits_left) / Decimal(package.visits_total)
        principal = (package.principal_part * share).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        bonus = (package.bonus_part * share).quantize(CENT, rounding=ROUND_HALF_UP)
        append_entry(
            card,
            kind=EntryKind.PACKAGE_RETURN,
            principal_delta=principal,
            bonus_delta=bonus,
            visits_delta=-package.visits_left,
            package=package,
            operator=operator,
        )
        package.visits_left = 0
        package.is_returned = True
        package.save(update_fields=["visits_left", "is_returned", "updated_at"])


def close_quote(card):
    """Return (refund, forfeited) if the card were closed now, without closing.

    Money moved out by an expiry and not yet restored counts as still on
    the card: closing restores it first.
    """
    total_principal = card.principal_balance
    total_bonus = card.bonus_balance
    for expiry in unrestored_expiries(card):
        total_principal -= expiry.principal_delta
        total_bonus -= expiry.bonus_delta
    for package in card.packages.filter(is_returned=False, visits_left__gt=0):
        share = Decimal(package.visits_left) / Decimal(package.visits_total)
        total_principal += (package.principal_part * share).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        total_bonus += (package.bonus_part * share).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    preview = Card(
        principal_balance=total_principal,
        bonus_balance=total_bonus,
        total_topped_up=card.total_topped_up,
        total_bonus_given=card.total_bonus_given,
    )
    refund = proportional_refund(preview)
    balance = total_principal + total_bonus
    return refund, balance - refund


def close_card(*, card, operator, reason, method=PaymentMethod.CASH, approval=None):
    """Close a card for good (1.7), refunding the proportional value.

    Return the refund entry (amount zero when nothing is left).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    method = _clean_method(method)
    with transaction.atomic():
        card = lock_card(card)
        ensure_open(card)
        policy = policy_for(card.organization)
        refund, _forfeit = close_quote(card)
        require_approval(
            card=card,
            policy=policy,
            action=CardApproval.Action.CLOSE,
            amount=refund,
            approval=approval,
        )
        restore_expired(card, operator, reason)
        _return_packages(card, operator)
        refund = proportional_refund(card)
        from_principal = min(refund, card.principal_balance)
        entry = append_entry(
            card,
            kind=EntryKind.CLOSE_REFUND,
            principal_delta=-from_principal,
            bonus_delta=-(refund - from_principal),
            operator=operator,
            method=method,
            note=reason,
        )
        if card.balance > ZERO:
            append_entry(
                card,
                kind=EntryKind.CLOSE_FORFEIT,
                principal_delta=-card.principal_balance,
                bonus_delta=-card.bonus_balance,
                operator=operator,
                note=reason,
            )
        card.status = Card.Status.CLOSED
        card.status_reason = reason
        card.closed_at = timezone.now()
        card.save(update_fields=["status", "status_reason", "closed_at", "updated_at"])
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="close",
            summary=_("退卡 %(number)s，退款 %(amount)s")
            % {"number": card.number, "amount": format_yuan(refund)},
            changes={"status": ["open", "closed"]},
        )
    logger.info("card closed", extra={"card_id": card.pk, "entry_id": entry.pk})
    return entry
