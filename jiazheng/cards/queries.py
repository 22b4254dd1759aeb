"""Reads of cards and statistics (3.6 item 3), aggregated in the database.

Every function takes a queryset already scoped to what the user may see
(``tenancy.scope``), so the same reads serve the console, the exports and
the API.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDay, TruncMonth, TruncQuarter
from django.utils import timezone

from jiazheng.cards.models import (
    Card,
    CardLedgerEntry,
    CardLevel,
    CardMonthlySummary,
    EntryKind,
)

ZERO = Decimal("0.00")
CONSUMPTION_KINDS = (EntryKind.PAYMENT, EntryKind.PACKAGE_PURCHASE, EntryKind.VISIT)
PERIODS = {"day": TruncDay, "month": TruncMonth, "quarter": TruncQuarter}


def _money_sum(expression, **filters):
    condition = Q(**filters) if filters else None
    return Coalesce(Sum(expression, filter=condition), ZERO)


def start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def in_range(entries, start=None, end=None):
    """Restrict entries to local dates ``start`` to ``end`` inclusive."""
    if start:
        entries = entries.filter(created_at__gte=start_of(start))
    if end:
        entries = entries.filter(created_at__lt=start_of(end + timedelta(days=1)))
    return entries


def entries_of(cards):
    """Return the ledger entries of a scoped card queryset."""
    return CardLedgerEntry.objects.filter(card__in=cards.values("pk"))


def statement(entries):
    """Income and expense detail (3.1): rows and totals by kind."""
    totals = dict(
        entries.values_list("kind").annotate(total=Sum("amount")).order_by("kind")
    )
    income = entries.filter(amount__gt=0).aggregate(t=_money_sum("amount"))["t"]
    expense = entries.filter(amount__lt=0).aggregate(t=_money_sum("amount"))["t"]
    rows = entries.select_related("card", "operator").order_by("-created_at", "-id")
    return rows, {"by_kind": totals, "income": income, "expense": expense}


def consumption(entries):
    """Member consumption detail (3.2): time, item, amount, operator."""
    rows = (
        entries.filter(kind__in=CONSUMPTION_KINDS)
        .select_related("card__customer", "operator")
        .order_by("-created_at", "-id")
    )
    total = rows.aggregate(t=_money_sum("amount"), n=Count("id"))
    return rows, total


def members_by_level(cards):
    """Member list totals (3.3): cards, balances and top-ups per level."""
    return list(
        cards.values("level__name", "level__rank")
        .annotate(
            cards=Count("id"),
            open_cards=Count("id", filter=Q(status__in=["active", "frozen"])),
            principal=_money_sum("principal_balance"),
            bonus=_money_sum("bonus_balance"),
            topped_up=_money_sum("total_topped_up"),
        )
        .order_by("level__rank")
    )


def monthly_summary(cards, month):
    """Monthly summary per card (3.4), read from the roll-up table."""
    rows = (
        CardMonthlySummary.objects.filter(card__in=cards.values("pk"), month=month)
        .select_related("card__customer")
        .order_by("card__number")
    )
    totals = rows.aggregate(
        payments=Coalesce(Sum("payment_count"), 0),
        amount=_money_sum("payment_amount"),
        top_up=_money_sum("top_up_amount"),
        refund=_money_sum("refund_amount"),
    )
    return rows, totals


def levels_over_range(cards, start, end):
    """Members and balances per level over a date range (3.5).

    Cards opened up to ``end``, those opened within the range, and their
    balance at the end of ``end`` (the sum of their entries up to then).
    """
    end_at = start_of(end + timedelta(days=1))
    opened = cards.filter(created_at__lt=end_at)
    counts = {
        row["level_id"]: row
        for row in opened.values("level_id").annotate(
            members=Count("id"),
            new=Count("id", filter=Q(created_at__gte=start_of(start))),
        )
    }
    balances = dict(
        CardLedgerEntry.objects.filter(
            card__in=opened.values("pk"), created_at__lt=end_at
        )
        .values_list("card__level_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    levels = CardLevel.objects.filter(pk__in=counts.keys()).order_by(
        "organization_id", "rank"
    )
    return [
        {
            "level": level,
            "members": counts[level.pk]["members"],
            "new": counts[level.pk]["new"],
            "balance": balances.get(level.pk) or ZERO,
        }
        for level in levels
    ]


@dataclass
class FundRow:
    period: object
    issued: Decimal
    bonus: Decimal
    redeemed: Decimal
    refunded: Decimal
    expired: Decimal
    outstanding: Decimal


def prepaid_funds(entries, *, period="day", start, end):
    """The regulator's prepaid-fund report per day, month or quarter.

    Issued is money paid in (top-ups), redeemed what was spent (net of
    payment refunds), refunded what was paid back, expired what closed
    cards left behind plus what expired cards moved out, net of what a
    reactivation restored; outstanding the balance owed at the period's end.
    """
    trunc = PERIODS[period]
    before = entries.filter(created_at__lt=start_of(start)).aggregate(
        t=_money_sum("amount")
    )["t"]
    rows = (
        in_range(entries, start, end)
        .annotate(period=trunc("created_at"))
        .values("period")
        .annotate(
            issued=_money_sum("principal_delta", kind=EntryKind.TOP_UP),
            bonus=_money_sum("bonus_delta", kind=EntryKind.TOP_UP),
            redeemed=_money_sum(
                "amount",
                kind__in=[
                    EntryKind.PAYMENT,
                    EntryKind.PAYMENT_REFUND,
                    EntryKind.PACKAGE_PURCHASE,
                    EntryKind.PACKAGE_RETURN,
                ],
            ),
            refunded=_money_sum(
                "amount", kind__in=[EntryKind.TOP_UP_REFUND, EntryKind.CLOSE_REFUND]
            ),
            expired=_money_sum(
                "amount",
                kind__in=[
                    EntryKind.CLOSE_FORFEIT,
                    EntryKind.EXPIRY,
                    EntryKind.EXPIRY_REVERSAL,
                ],
            ),
            change=_money_sum("amount"),
        )
        .order_by("period")
    )
    result = []
    outstanding = before
    for row in rows:
        outstanding += row["change"]
        result.append(
            FundRow(
                period=timezone.localtime(row["period"]).date()
                if isinstance(row["period"], datetime)
                else row["period"],
                issued=row["issued"],
                bonus=row["bonus"],
                redeemed=-row["redeemed"],
                refunded=-row["refunded"],
                expired=-row["expired"],
                outstanding=outstanding,
            )
        )
    return result


def cards_of_member(user):
    """Return the cards of the signed-in member's customer record."""
    return Card.objects.filter(customer__user=user).select_related(
        "level", "organization"
    )
