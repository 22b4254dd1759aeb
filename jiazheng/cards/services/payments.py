"""Card payments (2.1): ``pay`` is the service other apps call to charge a card.

On PostgreSQL a payment is one call of the ``cards_pay()`` function
(services/hot_path.py): it checks the idempotency key, locks the card,
checks its state, PIN and balance, debits, chains and writes the entry in a
single round trip. A card with a PIN takes a second call once the PIN has
been checked here. Elsewhere the card row is locked and the entry appended
through ``ledger.append_entry``. Both write the same entry and hash.

Refunds live in services/refunds.py and visit packages in
services/packages.py; both are importable from here as before.
"""

import logging
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind, PaymentMethod
from jiazheng.cards.services.accounts import check_pin
from jiazheng.cards.services.hot_path import pay_in_one_statement
from jiazheng.cards.services.ledger import (
    append_entry,
    clean_amount,
    existing_entry,
    lock_card,
    month_of,
    split_debit,
)
from jiazheng.cards.services.packages import buy_package, use_visit
from jiazheng.cards.services.policy import policy_for
from jiazheng.cards.services.refunds import refund_payment
from jiazheng.cards.services.rules import ensure_usable, insufficient
from jiazheng.common.errors import ServiceError
from jiazheng.notifications.services import send_sms

__all__ = ["buy_package", "pay", "refund_payment", "use_visit"]

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
    charging twice (even if the card was frozen since). After commit the
    member gets an SMS with the amount and the balance left. Other apps
    call this with ``require_pin=False`` when the member confirmed the
    charge another way.
    """
    amount = clean_amount(amount)
    items = _clean_items(items)
    operator_id = getattr(operator, "pk", None)
    if connection.vendor == "postgresql":
        entry, phone = _pay_postgresql(
            card.pk,
            amount,
            operator_id,
            idempotency_key,
            items,
            reference,
            note,
            pin=pin,
            require_pin=require_pin,
        )
    else:
        entry, phone = _pay_locked(
            card.pk,
            amount,
            operator if operator_id else None,
            idempotency_key,
            items,
            reference,
            note,
            pin=pin,
            require_pin=require_pin,
        )
    if phone and entry.kind == EntryKind.PAYMENT:
        transaction.on_commit(
            partial(
                _notify_paid,
                phone,
                entry.card.number,
                -entry.amount,
                entry.balance_after,
            )
        )
    logger.info("card paid", extra={"card_id": card.pk, "entry_id": entry.pk})
    return entry


def _member_phone(card):
    return card.customer.phone if card.customer_id else None


def _pay_locked(card_id, amount, operator, key, items, reference, note, **pin_args):
    """Pay by locking the card row and appending (every database)."""
    card = Card.objects.select_related("customer").get(pk=card_id)
    try:
        ensure_usable(card)
        if pin_args["require_pin"]:
            check_pin(card, pin_args["pin"])
    except ServiceError:
        # A retry of a payment that went through before the card was frozen
        # (or its PIN locked) still gets the first payment back.
        done = existing_entry(card, key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done, None
        raise
    policy = policy_for(card.organization)
    with transaction.atomic():
        locked = lock_card(card)
        done = existing_entry(locked, key, kind=EntryKind.PAYMENT)
        if done is not None:
            return done, None
        ensure_usable(locked)
        if locked.balance < amount:
            raise insufficient(locked, amount)
        principal, bonus = split_debit(locked, amount, policy.payment_order)
        entry = append_entry(
            locked,
            kind=EntryKind.PAYMENT,
            principal_delta=-principal,
            bonus_delta=-bonus,
            operator=operator,
            method=PaymentMethod.BALANCE,
            items=items,
            reference=reference,
            note=note,
            idempotency_key=key,
        )
    return entry, _member_phone(card)


def _call(params):
    """Run ``cards_pay()``; inside a transaction, under a savepoint."""
    if connection.in_atomic_block:
        with transaction.atomic():
            return pay_in_one_statement(**params)
    return pay_in_one_statement(**params)


def _pay_postgresql(card_id, amount, operator_id, key, items, reference, note, **pin):
    """Pay in one call of ``cards_pay()`` (two for a card with a PIN).

    Outside a transaction the call commits on its own, so the card's row
    lock lasts one round trip; inside one, a savepoint keeps the caller's
    transaction usable when the key turns out to be taken.
    """
    now = timezone.now()
    params = {
        "card_id": card_id,
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
        "require_pin": pin["require_pin"],
        "pin_hash": None,
    }
    for _attempt in range(3):
        try:
            result = _call(params)
        except IntegrityError as exc:
            # Another request with the same key committed while this one
            # waited for the card's lock.
            done = existing_entry(Card(pk=card_id), key, kind=EntryKind.PAYMENT)
            if done is not None:
                return done, None
            raise ServiceError(
                _("该操作正在处理或已完成，请勿重复提交。"), code="duplicate_request"
            ) from exc
        outcome, card = result.outcome, result.card
        if outcome == "paid":
            return _paid_entry(result, amount, operator_id, key, items, reference, note)
        if outcome == "done":
            return existing_entry(card, key, kind=EntryKind.PAYMENT), None
        if outcome == "missing":
            raise Card.DoesNotExist
        ensure_usable(card)
        if outcome == "insufficient":
            raise insufficient(card, amount)
        if outcome != "pin":
            break
        # The PIN is checked here (it is hashed with a slow hasher), then
        # the call is repeated with the hash it was checked against: a PIN
        # changed or locked meanwhile sends it back here.
        check_pin(card, pin["pin"])
        params["pin_hash"] = card.pin_hash
    raise ServiceError(
        _("支付未能完成，请重试。"), code="payment_failed"
    )  # pragma: no cover - only if the card keeps changing under the call


def _paid_entry(result, amount, operator_id, key, items, reference, note):
    entry = CardLedgerEntry(
        card=result.card,
        kind=EntryKind.PAYMENT,
        visits_delta=0,
        method=PaymentMethod.BALANCE,
        items=items,
        reference=reference,
        note=note,
        operator_id=operator_id,
        idempotency_key=key or "",
        **result.entry,
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry, result.phone
