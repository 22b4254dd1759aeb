"""Write ledger entries on a locked card: the one place balances change.

Every writer locks the card row first (``lock_card``), inside the caller's
transaction, then appends. The previous hash and the sequence number come
from that locked row, so concurrent writers queue on the lock instead of
forking the chain.
"""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import (
    Card,
    CardLedgerEntry,
    CardMonthlySummary,
    CardOperationLog,
    EntryKind,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan, parse_amount

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def clean_amount(value, *, field="amount", allow_negative=False):
    """Return a non-zero two-place Decimal (positive unless allowed)."""
    try:
        return parse_amount(value, allow_zero=False, allow_negative=allow_negative)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code="invalid_amount", field=field) from exc


def lock_card(card):
    """Return the card's row, locked until the current transaction ends."""
    return Card.objects.select_for_update().select_related("level").get(pk=card.pk)


def lock_live_card(card):
    """Return the card that now holds ``card``'s balance, locked.

    A lost card is replaced by a new one (and that one perhaps again): the
    chain of ``replaced_by`` ends at the live card. Each card is locked
    before its successor is read, so a replacement committed meanwhile is
    followed too. Call inside a transaction.
    """
    seen = set()
    current = lock_card(card)
    while current.status == Card.Status.REPLACED and current.replaced_by_id:
        seen.add(current.pk)
        if current.replaced_by_id in seen:  # a cycle would be a data error
            break
        current = lock_card(Card(pk=current.replaced_by_id))
    return current


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def existing_entry(card, idempotency_key, *, kind):
    """Return the entry written earlier with this key, or None.

    A key reused for a different kind of operation is refused: it would
    otherwise hide a mistake in the caller.
    """
    if not idempotency_key:
        return None
    entry = CardLedgerEntry.objects.filter(
        card_id=card.pk, idempotency_key=idempotency_key
    ).first()
    if entry is not None and entry.kind != kind:
        raise ServiceError(_("该幂等键已用于另一笔操作。"), code="idempotency_conflict")
    return entry


def _roll_up(card, kind, amount, principal_delta, created_at):
    fields = {}
    if kind == EntryKind.PAYMENT:
        fields = {"payment_count": 1, "payment_amount": -amount}
    elif kind == EntryKind.PAYMENT_REFUND:
        fields = {"refund_amount": amount}
    elif kind == EntryKind.TOP_UP:
        fields = {"top_up_amount": principal_delta}
    elif kind in (EntryKind.TOP_UP_REFUND, EntryKind.CLOSE_REFUND):
        fields = {"refund_amount": -amount}
    if not fields:
        return
    month = month_of(created_at)
    updates = {name: F(name) + value for name, value in fields.items()}
    # The card's row lock serialises writers of this card, so the
    # update-or-insert below cannot race with another of its writers.
    if not CardMonthlySummary.objects.filter(card_id=card.pk, month=month).update(
        **updates
    ):
        CardMonthlySummary.objects.create(card_id=card.pk, month=month, **fields)


def append_entry(
    card,
    *,
    kind,
    principal_delta=ZERO,
    bonus_delta=ZERO,
    operator=None,
    visits_delta=0,
    package=None,
    method="",
    items=(),
    reference="",
    note="",
    refund_of=None,
    idempotency_key="",
):
    """Append one entry to a card locked by ``lock_card`` and update it."""
    principal_after = card.principal_balance + principal_delta
    bonus_after = card.bonus_balance + bonus_delta
    if principal_after < 0 or bonus_after < 0:
        raise ServiceError(
            _("余额不足，当前余额 %(balance)s。")
            % {"balance": format_yuan(card.balance)},
            code="insufficient_balance",
            field="amount",
        )

    entry = CardLedgerEntry(
        card=card,
        seq=card.entry_count + 1,
        kind=kind,
        amount=principal_delta + bonus_delta,
        principal_delta=principal_delta,
        bonus_delta=bonus_delta,
        principal_after=principal_after,
        bonus_after=bonus_after,
        visits_delta=visits_delta,
        package=package,
        method=method,
        items=list(items),
        reference=reference,
        note=note,
        refund_of=refund_of,
        operator=operator,
        idempotency_key=idempotency_key or "",
        created_at=timezone.now(),
        prev_hash=card.last_entry_hash,
    )
    entry.entry_hash = entry.compute_hash()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        # Another request with the same idempotency key won the race.
        raise ServiceError(
            _("该操作正在处理或已完成，请勿重复提交。"), code="duplicate_request"
        ) from exc

    card.principal_balance = principal_after
    card.bonus_balance = bonus_after
    card.last_entry_hash = entry.entry_hash
    card.entry_count = entry.seq
    card.save(
        update_fields=[
            "principal_balance",
            "bonus_balance",
            "last_entry_hash",
            "entry_count",
            "updated_at",
        ]
    )
    _roll_up(card, kind, entry.amount, principal_delta, entry.created_at)
    logger.info(
        "card ledger entry",
        extra={"card_id": card.pk, "seq": entry.seq, "kind": kind},
    )
    return entry


def log_operation(*, organization, operator, action, summary, card=None, changes=None):
    """Record a card operation for the operation log (4.4)."""
    return CardOperationLog.objects.create(
        organization=organization,
        card=card,
        operator=operator if getattr(operator, "pk", None) else None,
        action=action,
        summary=str(summary)[:255],
        changes=changes or {},
    )


def split_debit(card, amount, order):
    """Return (principal part, bonus part) of a debit of ``amount``.

    ``order`` is a PaymentOrder value. In proportion, the principal part is
    rounded half up; the result never exceeds either balance when
    ``amount`` does not exceed the total (the rounding stays on the grid
    of fen between the two bounds).
    """
    principal, bonus = card.principal_balance, card.bonus_balance
    if order == "principal_first":
        from_principal = min(amount, principal)
    elif order == "bonus_first":
        from_principal = amount - min(amount, bonus)
    elif principal + bonus == 0:
        from_principal = ZERO
    else:
        from_principal = (amount * principal / (principal + bonus)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    return from_principal, amount - from_principal
