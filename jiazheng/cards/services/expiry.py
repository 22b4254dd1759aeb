"""Cards past their validity: expire the balance, and give it back (激活/延期).

A card past its ``expires_on`` with money on it gets an ``expiry`` entry
that moves the outstanding principal and bonus out (kept apart), so the
prepaid-fund report shows them as expired. Under the 2012 rules
(单用途商业预付卡管理办法（试行）) the issuer must still let the holder
activate or exchange such a card, so nothing is lost: ``reactivate``
extends the validity and writes ``expiry_reversal`` entries restoring
exactly what expired, and closing an expired card values the expired
balance as if it had never left.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind
from jiazheng.cards.services.ledger import append_entry, lock_card, log_operation
from jiazheng.cards.services.policy import policy_for
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan

logger = logging.getLogger(__name__)

OPEN_STATUSES = (Card.Status.ACTIVE, Card.Status.FROZEN)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_cards(today=None):
    """Return the open cards past their validity that still hold money."""
    today = today or timezone.localdate()
    return Card.objects.filter(status__in=OPEN_STATUSES, expires_on__lt=today).filter(
        Q(principal_balance__gt=0) | Q(bonus_balance__gt=0)
    )


def expire_card(card, *, today=None):
    """Move an expired card's balance out with one ``expiry`` entry.

    Return the entry, or None when there is nothing to expire (not yet
    expired, no money, closed or replaced): running it twice is harmless.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        card = lock_card(card)
        if (
            card.status not in OPEN_STATUSES
            or card.expires_on is None
            or card.expires_on >= today
            or card.balance <= 0
        ):
            return None
        entry = append_entry(
            card,
            kind=EntryKind.EXPIRY,
            principal_delta=-card.principal_balance,
            bonus_delta=-card.bonus_balance,
            note=_("有效期至 %(day)s，余额转为过期，可办理激活恢复。")
            % {"day": card.expires_on},
        )
        log_operation(
            organization=card.organization,
            card=card,
            operator=None,
            action="expire",
            summary=_("过期 %(number)s %(amount)s")
            % {"number": card.number, "amount": format_yuan(-entry.amount)},
        )
    logger.info("card expired", extra={"card_id": card.pk, "entry_id": entry.pk})
    return entry


def expire_due_cards(*, today=None, progress=None):
    """Expire every due card, each in its own transaction.

    ``progress`` wraps the list of card ids (a progress bar in the
    command). Return (cards expired, total amount moved out).
    """
    today = today or timezone.localdate()
    ids = list(due_cards(today).order_by("pk").values_list("pk", flat=True))
    count, total = 0, 0
    for pk in progress(ids) if progress else ids:
        entry = expire_card(Card(pk=pk), today=today)
        if entry is not None:
            count += 1
            total += -entry.amount
    return count, total


def _chain_ids(card):
    """Return the ids of ``card`` and of the cards it replaced, newest first."""
    ids = [card.pk]
    while True:
        older = Card.objects.filter(replaced_by_id=ids[-1]).values_list("pk", flat=True)
        older = list(older)
        if not older or older[0] in ids:
            return ids
        ids.append(older[0])


def unrestored_expiries(card):
    """Return the expiry entries of the card (or the cards it replaced)
    whose money has not been restored yet."""
    return (
        CardLedgerEntry.objects.filter(
            card_id__in=_chain_ids(card), kind=EntryKind.EXPIRY
        )
        .exclude(refunds__kind=EntryKind.EXPIRY_REVERSAL)
        .order_by("created_at", "pk")
    )


def restore_expired(card, operator, note=""):
    """Write the reversing entries for every unrestored expiry of a locked
    card; return them. The cap is not checked: this is the holder's money."""
    restored = []
    for expiry in unrestored_expiries(card):
        restored.append(
            append_entry(
                card,
                kind=EntryKind.EXPIRY_REVERSAL,
                principal_delta=-expiry.principal_delta,
                bonus_delta=-expiry.bonus_delta,
                operator=operator,
                refund_of=expiry,
                note=note[:255],
            )
        )
    return restored


def default_validity(card, policy, today):
    """Return the new expiry date of a reactivated card (None: no limit)."""
    if card.kind == Card.Kind.ANONYMOUS:
        return add_years(today, policy.anonymous_validity_years)
    if policy.named_validity_years:
        return add_years(today, policy.named_validity_years)
    return None


def reactivate(*, card, operator, reason, expires_on=None):
    """Extend an open card's validity (激活/延期) and restore what expired.

    ``expires_on`` defaults to today plus the policy's validity; an
    anonymous card keeps at least the 2012 minimum. Return the card; the
    restoring entries are in ``card.restored``. Repeating it restores
    nothing twice.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("请填写原因。"), code="reason_required", field="reason")
    today = timezone.localdate()
    with transaction.atomic():
        card = lock_card(card)
        if card.status not in OPEN_STATUSES:
            raise ServiceError(
                _("此卡已作废或已退卡，不能激活。"), code="card_not_open"
            )
        policy = policy_for(card.organization)
        if expires_on is None:
            expires_on = default_validity(card, policy, today)
        if expires_on is not None and expires_on <= today:
            raise ServiceError(
                _("新的有效期须晚于今天。"),
                code="validity_too_short",
                field="expires_on",
            )
        if card.kind == Card.Kind.ANONYMOUS:
            earliest = add_years(today, policy.anonymous_validity_years)
            if expires_on is None or expires_on < earliest:
                raise ServiceError(
                    _("不记名卡激活后的有效期不得早于 %(day)s。") % {"day": earliest},
                    code="validity_too_short",
                    field="expires_on",
                )
        old = card.expires_on
        card.expires_on = expires_on
        card.save(update_fields=["expires_on", "updated_at"])
        restored = restore_expired(
            card, operator, _("激活恢复过期余额：%(reason)s") % {"reason": reason}
        )
        amount = sum((entry.amount for entry in restored), 0)
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="reactivate",
            summary=_("激活延期 %(number)s，恢复余额 %(amount)s：%(reason)s")
            % {
                "number": card.number,
                "amount": format_yuan(amount),
                "reason": reason,
            },
            changes={"expires_on": [str(old or ""), str(expires_on or "")]},
        )
    card.restored = restored
    logger.info("card reactivated", extra={"card_id": card.pk})
    return card
