"""Card payments (2.1), their refunds, and visit packages.

``pay`` is the service other apps call to charge a card. On PostgreSQL it
debits in one guarded statement (services/hot_path.py); elsewhere it locks
the card row and appends through ``ledger.append_entry``. Both write the
same entry and the same hash.
"""

import logging
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import (
    Card,
    CardApproval,
    CardLedgerEntry,
    EntryKind,
    PaymentMethod,
    VisitPackage,
)
from jiazheng.cards.services.accounts import check_pin
from jiazheng.cards.services.hot_path import pay_in_one_statement
from jiazheng.cards.services.ledger import (
    append_entry,
    clean_amount,
    existing_entry,
    lock_card,
    log_operation,
    month_of,
    split_debit,
)
from jiazheng.cards.services.policy import policy_for
from jiazheng.cards.services.rules import (
    ensure_open,
    ensure_usable,
    ensure_within_cap,
    require_approval,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")


def _clean_items(items):
    """Return the receipt lines as plain JSON: name, quantity, price, amount."""
    lines = []
    for item in items or ():
        lines.append(
            {
                "item_id": item.get("item_id"),
                "name": str(item.get("name", ""))[:64],
                "quantity": int(item.get("quantity", 1)),
                "price": str(item.get("price", "")),
                "amount": str(item.get("amount", "")),
            }
        )
    return lines


def _notify_paid(phone, number, amount, balance):
    send_sms(
        phone,
        "card_paid",
        tail=number[-4:],
        amount=f"{amount:.2f}",
        balance=f"{balance:.2f}",
    )


def _refusal(card, amount):
    """Return the ServiceError that explains why a debit did not happen."""
    ensure_usable(card)
    return ServiceError(
        _("余额不足：本次 %(amount)s，当前余额 %(balance)s。")
        % {"amount": format_yuan(amount), "balance": format_yuan(card.balance)},
        code="insufficient_balance",
        field="amount",
    )


def pay(
    *,
    card,
    amount,
    items,
    operator,
    idempotency_key,
    pin=None,
    reference="",
    note="",
    require_pin=True,
):
    """Charge ``amount`` to a card and return the payment entry.

    The same ``idempotency_key`` returns the first payment instead of
    charging twice. After commit the member gets an SMS with the amount and
    the balance left. Other apps call this with ``require_pin=False`` when
    the member confirmed the charge another way.
    """
    amount = clean_amount(amount)
    items = _clean_items(items)
    card = _read_for_payment(card.pk)
    try:
        ensure_usable(card)
        if require_pin:
            check_pin(card, pin)
    except ServiceError:
        # A retry of a payment that went through before the card was frozen
        # (or its PIN locked) still gets the first payment back.
        done = existing_entry(card, idempotency_key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done
        raise
    operator_id = getattr(operator, "pk", None)

    if connection.vendor == "postgresql":
        entry = _pay_postgresql(
            card, amount, operator_id, idempotency_key, items, reference, note
        )
    else:
        entry = _pay_locked(
            card, amount, operator, idempotency_key, items, reference, note
        )

    if card.customer_id is not None and entry.kind == EntryKind.PAYMENT:
        transaction.on_commit(
            partial(
                _notify_paid,
                card.member_phone,
                card.number,
                -entry.amount,
                entry.balance_after,
            )
        )
    logger.info("card paid", extra={"card_id": card.pk, "entry_id": entry.pk})
    return entry


# The columns a payment checks before it debits, read without the ORM's
# query building: on the hot path this read costs as much CPU as the debit.
_CARD_COLUMNS = (
    "id",
    "organization_id",
    "number",
    "kind",
    "customer_id",
    "status",
    "expires_on",
    "replaced_by_id",
    "pin_hash",
    "pin_failures",
    "pin_locked_until",
    "principal_balance",
    "bonus_balance",
)
_READ_SQL = """
SELECT c.id, c.organization_id, c.number, c.kind, c.customer_id, c.status,
       c.expires_on, c.replaced_by_id, c.pin_hash, c.pin_failures,
       c.pin_locked_until, c.principal_balance, c.bonus_balance, cu.phone
FROM cards_card AS c
LEFT JOIN customers_customer AS cu ON cu.id = c.customer_id
WHERE c.id = %s
"""


def _read_for_payment(pk):
    """Return the card with the fields a payment checks, and the phone.

    Only PostgreSQL returns typed values (Decimal, aware datetimes) from a
    raw cursor; other databases go through the ORM.
    """
    if connection.vendor != "postgresql":
        card = Card.objects.select_related("customer").get(pk=pk)
        card.member_phone = card.customer.phone if card.customer_id else None
        return card
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Card.DoesNotExist
    card = Card(**dict(zip(_CARD_COLUMNS, row[:-1], strict=True)))
    card._state.adding = False
    card._state.db = connection.alias
    card.member_phone = row[-1]
    return card


def _pay_locked(card, amount, operator, key, items, reference, note):
    """Pay by locking the card row and appending (every database)."""
    policy = policy_for(card.organization)
    with transaction.atomic():
        locked = lock_card(card)
        done = existing_entry(locked, key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done
        ensure_usable(locked)
        if locked.balance < amount:
            raise _refusal(locked, amount)
        principal, bonus = split_debit(locked, amount, policy.payment_order)
        return append_entry(
            locked,
            kind=EntryKind.PAYMENT,
            principal_delta=-principal,
            bonus_delta=-bonus,
            operator=operator if getattr(operator, "pk", None) else None,
            method=PaymentMethod.BALANCE,
            items=items,
            reference=reference,
            note=note,
            idempotency_key=key,
        )


def _pay_postgresql(card, amount, operator_id, key, items, reference, note):
    """Pay in one statement; a repeated key returns the first payment.

    Outside a transaction the statement commits on its own, so the card's
    row lock lasts one round trip; inside one, a savepoint keeps the
    caller's transaction usable when the key turns out to be taken.
    """
    now = timezone.now()
    params = {
        "card_id": card.pk,
        "amount": amount,
        "operator_id": operator_id,
        "key": key,
        "now": now,
        "today": timezone.localdate(now),
        "month": month_of(now),
        "method": PaymentMethod.BALANCE,
        "items": items,
        "reference": reference,
        "note": note,
    }
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                row = pay_in_one_statement(**params)
        else:
            row = pay_in_one_statement(**params)
    except IntegrityError as exc:
        done = existing_entry(card, key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done
        raise ServiceError(
            _("该操作正在处理或已完成，请勿重复提交。"), code="duplicate_request"
        ) from exc
    if row is None:
        done = existing_entry(card, key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done
        card.refresh_from_db()
        raise _refusal(card, amount)
    entry = CardLedgerEntry(
        card=card,
        kind=EntryKind.PAYMENT,
        visits_delta=0,
        method=PaymentMethod.BALANCE,
        items=items,
        reference=reference,
        note=note,
        operator_id=operator_id,
        idempotency_key=key or "",
        **row,
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def refund_payment(
    *, entry, operator, reason, amount=None, idempotency_key="", approval=None
):
    """Give (part of) a payment back to the same card it was paid from."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    if entry.kind != EntryKind.PAYMENT:
        raise ServiceError(_("只有消费可以退款。"), code="not_a_payment")
    paid = -entry.amount
    if amount is not None:
        amount = clean_amount(amount)

    with transaction.atomic():
        card = lock_card(entry.card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.PAYMENT_REFUND)
        if done is not None:
            return done
        ensure_open(card)
        refunded = entry.refunds.aggregate(total=Sum("amount"))["total"] or 0
        if amount is None:
            amount = paid - refunded
        if amount <= 0 or amount > paid - refunded:
            raise ServiceError(
                _("退款金额不能超过可退金额 %(left)s。")
                % {"left": format_yuan(paid - refunded)},
                code="over_refund",
                field="amount",
            )
        policy = policy_for(card.organization)
        require_approval(
            card=card,
            policy=policy,
            action=CardApproval.Action.REFUND_PAYMENT,
            amount=amount,
            approval=approval,
        )
        ensure_within_cap(card, policy, card.balance + amount)
        principal = (amount * -entry.principal_delta / paid).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        refund = append_entry(
            card,
            kind=EntryKind.PAYMENT_REFUND,
            principal_delta=principal,
            bonus_delta=amount - principal,
            operator=operator,
            method=PaymentMethod.BALANCE,
            refund_of=entry,
            reference=entry.reference,
            note=reason,
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


def buy_package(
    *, card, service_item, visits, price, valid_days, operator, idempotency_key=""
):
    """Buy a visit package (次卡) from the card's balance; return the package."""
    if not isinstance(visits, int) or visits <= 0:
        raise ServiceError(_("次数须为正整数。"), code="invalid_visits", field="visits")
    if not isinstance(valid_days, int) or valid_days <= 0:
        raise ServiceError(
            _("有效天数须为正整数。"), code="invalid_days", field="valid_days"
        )
    price = clean_amount(price, field="price")
    with transaction.atomic():
        card = lock_card(card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.PACKAGE_PURCHASE)
        if done is not None:
            return done.package
        ensure_usable(card)
        if card.balance < price:
            raise _refusal(card, price)
        policy = policy_for(card.organization)
        principal, bonus = split_debit(card, price, policy.payment_order)
        package = VisitPackage.objects.create(
            card=card,
            service_item=service_item,
            visits_total=visits,
            visits_left=visits,
            price=price,
            principal_part=principal,
            bonus_part=bonus,
            expires_on=timezone.localdate() + timedelta(days=valid_days),
        )
        append_entry(
            card,
            kind=EntryKind.PACKAGE_PURCHASE,
            principal_delta=-principal,
            bonus_delta=-bonus,
            visits_delta=visits,
            package=package,
            operator=operator,
            method=PaymentMethod.BALANCE,
            items=[{"name": service_item.name, "quantity": visits}],
            idempotency_key=idempotency_key,
        )
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="buy_package",
            summary=_("购买次卡 %(number)s %(item)s×%(visits)s")
            % {"number": card.number, "item": service_item.name, "visits": visits},
        )
    return package


def use_visit(*, package, operator, idempotency_key="", reference=""):
    """Consume one visit of a package through the ledger; return the entry."""
    with transaction.atomic():
        card = lock_card(package.card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.VISIT)
        if done is not None:
            return done
        ensure_usable(card)
        package = VisitPackage.objects.select_for_update().get(pk=package.pk)
        if package.visits_left <= 0:
            raise ServiceError(_("次卡次数已用完。"), code="package_used_up")
        if package.expires_on < timezone.localdate():
            raise ServiceError(
                _("次卡已于 %(day)s 过期。") % {"day": package.expires_on},
                code="package_expired",
            )
        package.visits_left -= 1
        package.save(update_fields=["visits_left", "updated_at"])
        entry = append_entry(
            card,
            kind=EntryKind.VISIT,
            visits_delta=-1,
            package=package,
            operator=operator,
            items=[{"name": package.service_item.name, "quantity": 1}],
            reference=reference,
            idempotency_key=idempotency_key,
        )
    return entry
