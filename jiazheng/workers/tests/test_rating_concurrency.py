"""Concurrent reviews never lose a count (PostgreSQL, real connections)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.services import record_rating
from jiazheng.workers.services.ratings import bayesian_average
from jiazheng.workers.tests.factories import WorkerFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_all_count_and_the_average_matches_them():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # given
    worker = WorkerFactory()
    threads_count, per_thread = 8, 5
    stars = [1 + (n % 5) for n in range(threads_count)]
    errors = []
    barrier = threading.Barrier(threads_count)

    def review(star):
        try:
            barrier.wait()
            for _ in range(per_thread):
                # each review in its own transaction, like separate requests
                with transaction.atomic():
                    record_rating(
                        worker=WorkerProfile.objects.get(pk=worker.pk), stars=star
                    )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=review, args=(s,)) for s in stars]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert errors == []
    worker.refresh_from_db()
    total = sum(stars) * per_thread
    assert worker.rating_count == threads_count * per_thread
    assert worker.rating_total == total
    assert worker.rating_average == bayesian_average(
        total=total, count=threads_count * per_thread
    )
    assert worker.rating_average == Decimal("2.78")  # (4 × 5 + 105) / (5 + 40)
