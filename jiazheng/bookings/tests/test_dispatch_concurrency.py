"""Concurrent dispatchers on real PostgreSQL connections: no double booking."""

import threading

import pytest
from django.db import connection, transaction

from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.bookings.dispatch.grab import grab, open_grab
from jiazheng.bookings.dispatch.scoring import Evaluation
from jiazheng.bookings.dispatch.services import assign_worker, create_work_order
from jiazheng.bookings.models import Order, WorkOrder
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    overlapping_order,
    worker_for,
)
from jiazheng.common.errors import ServiceError
from jiazheng.conftest import is_postgres

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL"),
    pytest.mark.usefixtures("reference_data"),
]


def run_at_once(*calls):
    """Run each call in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is the point
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_dispatchers_assigning_one_worker_to_overlapping_orders_one_wins():
    # given two orders whose slots overlap and one worker free for both
    first = confirmed_order()
    second = overlapping_order(first)
    worker = worker_for(first)
    alice, bob = dispatcher(), dispatcher()

    # when two dispatchers assign the worker at the same moment
    outcomes = run_at_once(
        lambda: assign_worker(order=first, worker=worker, actor=alice),
        lambda: assign_worker(order=second, worker=worker, actor=bob),
    )

    # then exactly one succeeds and the other gets a clear refusal
    won = [o for o in outcomes if isinstance(o, WorkOrder)]
    lost = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].code == "worker_overlap"
    assert WorkOrder.objects.filter(worker=worker).count() == 1
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == [Order.Status.CONFIRMED, Order.Status.DISPATCHED]


def test_the_database_refuses_overlap_even_without_the_service_lock():
    first = confirmed_order()
    second = overlapping_order(first)
    worker = worker_for(first)
    actor = dispatcher()
    evaluation = Evaluation(worker.pk, True, 50.0, [])

    def insert(order):
        # Skips the lock and the checks: only the exclusion constraint stands.
        with transaction.atomic():
            return create_work_order(
                order=Order.objects.get(pk=order.pk),
                worker=worker,
                actor=actor,
                via=WorkOrder.Via.DISPATCHER,
                evaluation=evaluation,
            )

    outcomes = run_at_once(lambda: insert(first), lambda: insert(second))

    lost = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(lost) == 1 and lost[0].code == "worker_overlap", outcomes
    assert WorkOrder.objects.filter(worker=worker).count() == 1


def test_two_workers_grabbing_one_order_at_once_only_one_gets_it():
    order = confirmed_order()
    first = worker_for(order, employee__user=UserFactory())
    second = worker_for(order, employee__user=UserFactory())
    open_grab(order=order, actor=dispatcher())

    outcomes = run_at_once(
        lambda: grab(order=order, worker_user=first.employee.user),
        lambda: grab(order=order, worker_user=second.employee.user),
    )

    won = [o for o in outcomes if isinstance(o, WorkOrder)]
    lost = [o for o in outcomes if isinstance(o, ServiceError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert WorkOrder.objects.filter(order=order).count() == 1
