"""Open, edit, protect, freeze, unfreeze and replace cards (1.1, 1.2, 1.4–1.6)."""

import logging
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import Card, EntryKind, PaymentMethod
from jiazheng.cards.numbers import new_card_number
from jiazheng.cards.services.expiry import add_years, restore_expired
from jiazheng.cards.services.funds import top_up
from jiazheng.cards.services.ledger import append_entry, lock_card, log_operation
from jiazheng.cards.services.policy import ensure_levels, policy_for
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)

PIN_LENGTH = 6


def _validate_pin(pin):
    if not (isinstance(pin, str) and len(pin) == PIN_LENGTH and pin.isdigit()):
        raise ServiceError(_("支付密码须为六位数字。"), code="invalid_pin", field="pin")


def open_card(
    *,
    organization,
    kind,
    operator,
    customer=None,
    holder_name="",
    level=None,
    pin=None,
    note="",
    initial_amount=None,
    method=PaymentMethod.CASH,
    reference="",
    idempotency_key="",
):
    """Open a card (1.1), optionally with an opening top-up; return it."""
    if kind not in Card.Kind.values:
        raise ServiceError(_("请选择卡类型。"), code="invalid_kind", field="kind")
    if kind == Card.Kind.NAMED and customer is None:
        raise ServiceError(
            _("记名卡须关联实名客户。"), code="customer_required", field="customer"
        )
    if pin:
        _validate_pin(pin)
    levels = ensure_levels(organization)
    if level is None:
        level = levels[0]
    elif level.organization_id != organization.pk:
        raise ServiceError(_("级别无效。"), code="invalid_level", field="level")
    policy = policy_for(organization)
    today = timezone.localdate()
    if kind == Card.Kind.ANONYMOUS:
        expires_on = add_years(today, policy.anonymous_validity_years)
    elif policy.named_validity_years:
        expires_on = add_years(today, policy.named_validity_years)
    else:
        expires_on = None

    with transaction.atomic():
        card = Card.objects.create(
            organization=organization,
            number=new_card_number(),
            kind=kind,
            customer=customer if kind == Card.Kind.NAMED else None,
            holder_name=holder_name,
            level=level,
            pin_hash=make_password(pin) if pin else "",
            expires_on=expires_on,
            note=note,
            opened_by=operator,
        )
        log_operation(
            organization=organization,
            card=card,
            operator=operator,
            action="open",
            summary=_("开卡 %(number)s") % {"number": card.number},
        )
        if initial_amount:
            top_up(
                card=card,
                amount=initial_amount,
                method=method,
                operator=operator,
                reference=reference,
                idempotency_key=idempotency_key,
            )
    logger.info("card opened", extra={"card_id": card.pk, "kind": kind})
    return card


EDITABLE_FIELDS = ("holder_name", "note", "level", "expires_on")


def edit_card(*, card, operator, **values):
    """Change a card's record (1.2); the log keeps old and new values."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("这些字段不能修改。"), code="not_editable")
    level = values.get("level")
    if level is not None and level.organization_id != card.organization_id:
        raise ServiceError(_("级别无效。"), code="invalid_level", field="level")
    expires_on = values.get("expires_on", card.expires_on)
    if card.kind == Card.Kind.ANONYMOUS:
        policy = policy_for(card.organization)
        earliest = add_years(card.created_at.date(), policy.anonymous_validity_years)
        if expires_on is None or expires_on < earliest:
            raise ServiceError(
                _("不记名卡有效期不得早于 %(day)s。") % {"day": earliest},
                code="validity_too_short",
                field="expires_on",
            )

    with transaction.atomic():
        card = lock_card(card)
        changes = {}
        for name, value in values.items():
            old = getattr(card, name)
            if old != value:
                changes[name] = [str(old or ""), str(value or "")]
                setattr(card, name, value)
        if changes:
            card.save()
            log_operation(
                organization=card.organization,
                card=card,
                operator=operator,
                action="edit",
                summary=_("修改卡资料 %(number)s") % {"number": card.number},
                changes=changes,
            )
        if "expires_on" in changes and (
            card.expires_on is None or card.expires_on >= timezone.localdate()
        ):
            # A validity extended by hand is a reactivation: what expired
            # comes back, as it does through ``expiry.reactivate``.
            restore_expired(card, operator, _("延长有效期，恢复过期余额。"))
    return card


def set_pin(*, card, pin, operator):
    """Set or replace the six-digit payment PIN (stored hashed)."""
    if pin:
        _validate_pin(pin)
    with transaction.atomic():
        card = lock_card(card)
        card.pin_hash = make_password(pin) if pin else ""
        card.pin_failures = 0
        card.pin_locked_until = None
        card.save(update_fields=["pin_hash", "pin_failures", "pin_locked_until"])
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="pin",
            summary=_("设置支付密码 %(number)s") % {"number": card.number},
        )
    return card


def check_pin(card, pin):
    """Refuse a missing or wrong PIN; count wrong tries and lock after too many.

    The failure count is written in its own transaction so that it survives
    the refused payment's rollback.
    """
    if not card.pin_hash:
        return
    now = timezone.now()
    if card.pin_locked_until and card.pin_locked_until > now:
        raise ServiceError(
            _("支付密码错误次数过多，请稍后再试。"), code="pin_locked", field="pin"
        )
    if not pin:
        raise ServiceError(_("请输入支付密码。"), code="pin_required", field="pin")
    if check_password(pin, card.pin_hash):
        if card.pin_failures:
            Card.objects.filter(pk=card.pk).update(pin_failures=0)
        return
    policy = policy_for(card.organization)
    with transaction.atomic():
        locked = lock_card(card)
        locked.pin_failures += 1
        if locked.pin_failures >= policy.pin_max_attempts:
            locked.pin_failures = 0
            locked.pin_locked_until = now + timedelta(minutes=policy.pin_lock_minutes)
        locked.save(update_fields=["pin_failures", "pin_locked_until"])
    logger.warning("card pin refused", extra={"card_id": card.pk})
    raise ServiceError(_("支付密码错误。"), code="wrong_pin", field="pin")


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    return reason


def freeze(*, card, operator, reason):
    """Freeze an active card (1.5): it refuses payments until unfrozen."""
    reason = _require_reason(reason)
    with transaction.atomic():
        card = lock_card(card)
        if card.status != Card.Status.ACTIVE:
            raise ServiceError(_("只有正常状态的卡可以冻结。"), code="not_active")
        card.status = Card.Status.FROZEN
        card.status_reason = reason
        card.save(update_fields=["status", "status_reason", "updated_at"])
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="freeze",
            summary=_("冻结 %(number)s：%(reason)s")
            % {"number": card.number, "reason": reason},
            changes={"status": ["active", "frozen"]},
        )
    logger.info("card frozen", extra={"card_id": card.pk})
    return card


def unfreeze(*, card, operator, reason):
    """Unfreeze a frozen card (1.6)."""
    reason = _require_reason(reason)
    with transaction.atomic():
        card = lock_card(card)
        if card.status != Card.Status.FROZEN:
            raise ServiceError(_("这张卡没有被冻结。"), code="not_frozen")
        card.status = Card.Status.ACTIVE
        card.status_reason = reason
        card.save(update_fields=["status", "status_reason", "updated_at"])
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="unfreeze",
            summary=_("恢复 %(number)s：%(reason)s")
            % {"number": card.number, "reason": reason},
            changes={"status": ["frozen", "active"]},
        )
    logger.info("card unfrozen", extra={"card_id": card.pk})
    return card


def replace_card(*, card, operator, reason):
    """Void a lost card's number and carry everything to a new card (1.4).

    Two entries carry the balance: one out of the old card, one into the
    new; visit packages move with it. Return the new card.
    """
    reason = _require_reason(reason)
    with transaction.atomic():
        old = lock_card(card)
        if old.status not in (Card.Status.ACTIVE, Card.Status.FROZEN):
            raise ServiceError(_("这张卡已作废或已退卡，不能补卡。"), code="not_open")
        new = Card.objects.create(
            organization=old.organization,
            number=new_card_number(),
            kind=old.kind,
            customer=old.customer,
            holder_name=old.holder_name,
            level=old.level,
            pin_hash=old.pin_hash,
            expires_on=old.expires_on,
            total_topped_up=old.total_topped_up,
            total_bonus_given=old.total_bonus_given,
            note=old.note,
            opened_by=operator,
        )
        new = lock_card(new)
        principal, bonus = old.principal_balance, old.bonus_balance
        append_entry(
            old,
            kind=EntryKind.TRANSFER_OUT,
            principal_delta=-principal,
            bonus_delta=-bonus,
            operator=operator,
            reference=new.number,
            note=reason,
        )
        append_entry(
            new,
            kind=EntryKind.TRANSFER_IN,
            principal_delta=principal,
            bonus_delta=bonus,
            operator=operator,
            reference=old.number,
            note=reason,
        )
        old.packages.update(card=new)
        old.status = Card.Status.REPLACED
        old.status_reason = reason
        old.replaced_by = new
        old.save(update_fields=["status", "status_reason", "replaced_by", "updated_at"])
        log_operation(
            organization=old.organization,
            card=old,
            operator=operator,
            action="replace",
            summary=_("补卡 %(old)s → %(new)s")
            % {"old": old.number, "new": new.number},
            changes={"number": [old.number, new.number]},
        )
    logger.info("card replaced", extra={"card_id": old.pk, "new_card_id": new.pk})
    return new
