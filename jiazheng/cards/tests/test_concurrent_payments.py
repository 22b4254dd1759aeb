"""Fifty counters paying from one card at once, on real PostgreSQL connections."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from jiazheng.cards import services
from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind
from jiazheng.cards.tests.factories import key, open_card
from jiazheng.cards.verification import verify_card
from jiazheng.common.errors import ServiceError
from jiazheng.conftest import is_postgres

THREADS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_threads_paying_from_one_card_never_overdraw_it():
    if not is_postgres():
        pytest.skip("needs PostgreSQL's row locks and real connections")
    # given 1000.00 on the card; 50 payments of 30.00 can only fit 33 times
    card = open_card(balance="1000", kind=Card.Kind.ANONYMOUS)
    barrier = threading.Barrier(THREADS)
    results = []
    lock = threading.Lock()

    def counter():
        try:
            barrier.wait()
            try:
                services.pay(
                    card=card,
                    amount="30",
                    items=[],
                    operator=None,
                    idempotency_key=key(),
                )
                outcome = "paid"
            except ServiceError as exc:
                outcome = exc.code
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=counter) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    card.refresh_from_db()
    paid = results.count("paid")
    assert paid == 33
    assert set(results) == {"paid", "insufficient_balance"}
    assert card.balance == Decimal("1000.00") - paid * Decimal("30.00")
    assert (
        CardLedgerEntry.objects.filter(card=card, kind=EntryKind.PAYMENT).count()
        == paid
    )
    assert verify_card(card).ok
