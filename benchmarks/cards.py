"""Card payments per second and the monthly summary at a million entries.

Usage: DATABASE_URL=postgres://... .venv/bin/python benchmarks/cards.py
           [--clients 32] [--seconds 10] [--cards 10000] [--entries 1000000]

Builds a throw-away database (test_<name> on the DATABASE_URL server),
then measures, in this order:

1. payments through ``cards.services.pay`` by ``--clients`` concurrent
   clients (separate processes, each with its own connection, like app
   servers) on one hot card;
2. the same spread over ``--cards`` cards;
3. as the ceiling, a plain guarded ``UPDATE ... WHERE balance >= amount``
   on the hot card by the same number of clients;
4. the monthly summary (3.4) over ``--entries`` ledger entries: the page's
   query on the roll-up table through Django, and, for comparison, the
   same figures aggregated from the raw entries in SQL.

After the payment runs it checks that nothing was lost: the number of
successful calls equals the number of new ledger entries, every card's
balance equals the sum of its entries, and the hash chains verify.
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AMOUNT = Decimal("0.01")


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiazheng.settings")
    os.environ["JIAZHENG_VAR_DIR"] = tempfile.mkdtemp(prefix="jiazheng-bench-")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CONN_MAX_AGE"] = "600"


def setup_cards(count):
    """Return (hot card id, ids of ``count`` spread cards), all with 5,000."""
    from django.utils import timezone
    from tqdm import tqdm

    from jiazheng.accounts.models import Organization
    from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind
    from jiazheng.cards.models.ledger import GENESIS_HASH, entry_hash
    from jiazheng.cards.services.policy import ensure_levels, policy_for

    organization = Organization.objects.create(
        kind=Organization.Kind.PROVIDER, name="基准测试家政"
    )
    policy_for(organization)
    level = ensure_levels(organization)[0]
    balance = Decimal("5000.00")
    ids = []
    batch = 2000
    for start in tqdm(range(0, count + 1, batch), desc="cards", unit="batch"):
        size = min(batch, count + 1 - start)
        cards = Card.objects.bulk_create(
            Card(
                organization=organization,
                number=f"88{start + n:011d}",
                kind=Card.Kind.ANONYMOUS,
                level=level,
            )
            for n in range(size)
        )
        now = timezone.now()
        entries = []
        for card in cards:
            values = {
                "card_id": card.pk,
                "seq": 1,
                "kind": EntryKind.TOP_UP,
                "amount": balance,
                "principal_delta": balance,
                "bonus_delta": Decimal("0.00"),
                "principal_after": balance,
                "bonus_after": Decimal("0.00"),
                "visits_delta": 0,
                "package_id": None,
                "operator_id": None,
                "idempotency_key": "",
                "created_at": now,
                "prev_hash": GENESIS_HASH,
            }
            entries.append(CardLedgerEntry(**values, entry_hash=entry_hash(**values)))
            card.principal_balance = balance
            card.total_topped_up = balance
            card.entry_count = 1
            card.last_entry_hash = entries[-1].entry_hash
        CardLedgerEntry.objects.bulk_create(entries)
        Card.objects.bulk_update(
            cards,
            ["principal_balance", "total_topped_up", "entry_count", "last_entry_hash"],
        )
        ids.extend(card.pk for card in cards)
    return ids[0], ids[1:]


def _service_client(args):
    card_ids, seconds, offset = args
    import django

    django.setup()
    from django.db import connection

    from jiazheng.cards import services
    from jiazheng.cards.models import Card
    from jiazheng.common.errors import ServiceError

    cards = {pk: Card(pk=pk) for pk in card_ids}
    order = list(card_ids)
    done = refused = 0
    deadline = time.perf_counter() + seconds
    n = offset
    while time.perf_counter() < deadline:
        pk = order[n % len(order)]
        n += 1
        try:
            services.pay(
                card=cards[pk],
                amount=AMOUNT,
                items=[],
                operator=None,
                idempotency_key=f"b{offset}-{n}",
            )
            done += 1
        except ServiceError:
            refused += 1
    connection.close()
    return done, refused


def _sql_client(args):
    card_id, seconds, _offset = args
    import django

    django.setup()
    from django.db import connection

    done = 0
    deadline = time.perf_counter() + seconds
    with connection.cursor() as cursor:
        while time.perf_counter() < deadline:
            cursor.execute(
                "UPDATE cards_card SET principal_balance = principal_balance - %s "
                "WHERE id = %s AND principal_balance >= %s",
                [AMOUNT, card_id, AMOUNT],
            )
            done += cursor.rowcount
    connection.close()
    return done, 0


def run_clients(target, jobs):
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(len(jobs)) as pool:
        results = pool.map(target, jobs)
    elapsed = time.perf_counter() - start
    return sum(r[0] for r in results), sum(r[1] for r in results), elapsed


def check_nothing_lost(card_ids, expected_entries):
    from django.db.models import Sum

    from jiazheng.cards.models import Card, CardLedgerEntry
    from jiazheng.cards.verification import verify_card

    entries = CardLedgerEntry.objects.filter(
        card_id__in=card_ids, kind="payment"
    ).count()
    bad = 0
    for card in Card.objects.filter(pk__in=card_ids):
        total = card.entries.aggregate(t=Sum("amount"))["t"]
        if total != card.balance or not verify_card(card).ok:
            bad += 1
    return entries == expected_entries and bad == 0, entries, bad


def load_million(card_ids, total):
    """Insert ``total`` payment entries this month over the cards, in SQL.

    Their hashes are not chained (this database is thrown away); the
    roll-up rows are rebuilt from them as the writers keep them.
    """
    from django.db import connection
    from django.utils import timezone

    month = timezone.localdate().replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cards_cardledgerentry
                (card_id, seq, kind, amount, principal_delta, bonus_delta,
                 principal_after, bonus_after, visits_delta, method, items,
                 reference, note, idempotency_key, created_at, prev_hash,
                 entry_hash)
            SELECT c.id, 1000 + g / %s, 'payment', -1.00, -1.00, 0, 0, 0, 0,
                   'balance', '[]'::jsonb, '', '', '',
                   date_trunc('month', now()) + (g %% 600000) * interval '1 second',
                   '', ''
            FROM generate_series(0, %s - 1) AS g
            JOIN LATERAL (SELECT %s::int[] AS ids) AS a ON true
            JOIN cards_card c ON c.id = a.ids[1 + g %% %s]
            """,
            [len(card_ids), total, list(card_ids), len(card_ids)],
        )
        cursor.execute("DELETE FROM cards_cardmonthlysummary")
        cursor.execute(
            """
            INSERT INTO cards_cardmonthlysummary
                (card_id, month, payment_count, payment_amount, top_up_amount,
                 refund_amount)
            SELECT card_id, %s, count(*) FILTER (WHERE kind = 'payment'),
                   coalesce(-sum(amount) FILTER (WHERE kind = 'payment'), 0),
                   coalesce(sum(principal_delta) FILTER (WHERE kind = 'top_up'), 0),
                   0
            FROM cards_cardledgerentry GROUP BY card_id
            """,
            [month],
        )
        cursor.execute("ANALYZE")
    return month


def time_summary(month, runs=5):
    from django.db import connection

    from jiazheng.cards import queries
    from jiazheng.cards.models import Card

    cards = Card.objects.all()
    page, full, raw = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        rows, totals = queries.monthly_summary(cards, month)
        list(rows[:50])
        page.append(time.perf_counter() - start)

        start = time.perf_counter()
        rows, totals = queries.monthly_summary(cards, month)
        list(rows.values_list("card__number", "payment_count", "payment_amount"))
        full.append(time.perf_counter() - start)

        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT card_id, count(*), sum(amount) FROM cards_cardledgerentry "
                "WHERE kind = 'payment' AND created_at >= %s GROUP BY card_id",
                [month],
            )
            cursor.fetchall()
        raw.append(time.perf_counter() - start)
    return min(page), min(full), min(raw), totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()

    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("benchmarks/cards.py needs PostgreSQL (set DATABASE_URL)")
    settings.SMS_BACKEND = "locmem"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    hot, spread = setup_cards(args.cards)
    figures = []

    done, refused, elapsed = run_clients(
        _service_client, [([hot], args.seconds, i) for i in range(args.clients)]
    )
    ok, entries, bad = check_nothing_lost([hot], done)
    figures.append(("service, one hot card", done, refused, elapsed, ok))

    done, refused, elapsed = run_clients(
        _service_client,
        [(spread[i :: args.clients], args.seconds, i) for i in range(args.clients)],
    )
    ok, entries, bad = check_nothing_lost(spread, done)
    figures.append((f"service, {len(spread)} cards", done, refused, elapsed, ok))

    done, refused, elapsed = run_clients(
        _sql_client, [(hot, args.seconds, i) for i in range(args.clients)]
    )
    figures.append(("plain SQL guarded debit", done, refused, elapsed, None))

    month = load_million(spread, args.entries)
    page, full, raw, totals = time_summary(month)

    print(f"\nPostgreSQL; {args.clients} client processes; {args.seconds:g} s each\n")
    print(f"{'run':32} {'payments':>9} {'refused':>8} {'per s':>8}  nothing lost")
    for label, done, refused, _elapsed, ok in figures:
        lost = "" if ok is None else ("yes" if ok else "NO")
        print(f"{label:32} {done:9d} {refused:8d} {done / args.seconds:8.0f}  {lost}")
    print(
        f"\nMonthly summary over {args.entries:,} entries "
        f"({totals['payments']:,} payments on {len(spread):,} cards):"
    )
    print(f"  first page (50 rows) and totals, via Django: {page * 1000:7.1f} ms")
    print(f"  all {len(spread):,} rows, via Django:          {full * 1000:7.1f} ms")
    print(f"  same figures from raw entries in SQL:      {raw * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
