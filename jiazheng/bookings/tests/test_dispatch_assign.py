"""Ranking workers for an order and assigning one (派工)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiazheng.accounts.tests.factories import make_provider_staff
from jiazheng.bookings.dispatch.services import assign_worker, rank_candidates
from jiazheng.bookings.models import Order, OrderEvent, WorkOrder
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    expired_worker_for,
    overlapping_order,
    worker_for,
)
from jiazheng.bookings.tests.factories import tomorrow_at
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.notifications.models import SmsMessage
from jiazheng.workers.tests.factories import LeaveFactory

pytestmark = pytest.mark.django_db


def test_ranking_lists_qualified_free_workers_best_first_with_reasons():
    order = confirmed_order()
    near = worker_for(order)
    far = worker_for(order, home_latitude="40.100000", home_longitude="116.700000")
    worker_for(order, skills=[ServiceItemFactory()])  # no skill
    expired_worker_for(order)

    suggestions = rank_candidates(order)

    assert [s.worker for s in suggestions] == [near, far]
    assert suggestions[0].score > suggestions[1].score
    assert any("距住处" in r["text"] for r in suggestions[0].reasons)


def test_ranking_reads_a_fixed_number_of_queries_whatever_the_team_size():
    order = confirmed_order()
    worker_for(order)
    with CaptureQueriesContext(connection) as few:
        rank_candidates(order)
    for _ in range(6):
        worker_for(order)

    with CaptureQueriesContext(connection) as many:
        suggestions = rank_candidates(order)

    assert len(suggestions) == 5
    assert len(many) == len(few)


def test_ranking_skips_excluded_workers_and_favours_the_preferred_one():
    order = confirmed_order()
    best = worker_for(order, rating_average="5.00")
    banned = worker_for(order, rating_average="5.00")
    preferred = worker_for(order, rating_average="3.00")
    order.excluded_workers.add(banned)
    order.preferred_worker = preferred
    order.save()

    workers = [s.worker for s in rank_candidates(order)]

    assert workers == [preferred, best]


def test_assigning_creates_a_work_order_dispatches_and_texts_both():
    order = confirmed_order()
    worker = worker_for(order)
    actor = dispatcher()

    work_order = assign_worker(order=order, worker=worker, actor=actor)

    order.refresh_from_db()
    assert order.status == Order.Status.DISPATCHED
    assert work_order.number.startswith("PG")
    assert work_order.worker == worker
    assert (work_order.starts_at, work_order.ends_at) == (
        order.starts_at,
        order.ends_at,
    )
    assert work_order.score is not None and work_order.reasons
    event = OrderEvent.objects.filter(order=order).latest("pk")
    assert (event.to_status, event.actor) == (Order.Status.DISPATCHED, actor)
    texts = {m.phone: m.body for m in SmsMessage.objects.all()}
    assert worker.public_name in texts[order.customer.phone]
    assert work_order.number in texts[worker.employee.phone]


@pytest.mark.parametrize(
    ("make_worker", "code"),
    [
        (
            lambda order: worker_for(order, skills=[ServiceItemFactory()]),
            "worker_skill",
        ),
        (expired_worker_for, "worker_health_certificate"),
        (lambda order: worker_for(order, week=False), "worker_unavailable"),
    ],
    ids=["no skill", "expired health certificate", "outside availability"],
)
def test_refused_assignment_explains_and_leaves_nothing_behind(make_worker, code):
    order = confirmed_order()
    worker = make_worker(order)

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker, actor=dispatcher())

    assert refused.value.code == code
    assert worker.name in str(refused.value.message)
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert not WorkOrder.objects.exists()
    assert not SmsMessage.objects.exists()


def test_excluded_worker_is_refused():
    order = confirmed_order()
    worker = worker_for(order)
    order.excluded_workers.add(worker)

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker, actor=dispatcher())

    assert refused.value.code == "worker_excluded"


def test_worker_on_leave_is_refused():
    order = confirmed_order()
    worker = worker_for(order)
    LeaveFactory(worker=worker, starts_at=tomorrow_at(0), ends_at=tomorrow_at(23))

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker, actor=dispatcher())

    assert refused.value.code == "worker_unavailable"


def test_a_worker_is_never_given_two_overlapping_work_orders():
    first = confirmed_order()
    second = overlapping_order(first)
    worker = worker_for(first)
    assign_worker(order=first, worker=worker, actor=dispatcher())

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=second, worker=worker, actor=dispatcher())

    assert refused.value.code == "worker_overlap"
    second.refresh_from_db()
    assert second.status == Order.Status.CONFIRMED
    assert WorkOrder.objects.filter(worker=worker).count() == 1


def test_an_order_is_dispatched_only_once():
    order = confirmed_order()
    assign_worker(order=order, worker=worker_for(order), actor=dispatcher())

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker_for(order), actor=dispatcher())

    assert refused.value.code == "order_not_assignable"


def test_a_submitted_order_must_be_confirmed_first():
    order = confirmed_order(status=Order.Status.SUBMITTED)

    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker_for(order), actor=dispatcher())

    assert refused.value.code == "order_not_assignable"


def test_staff_of_another_provider_may_not_assign():
    order = confirmed_order()
    outsider = make_provider_staff()

    with pytest.raises(NotAllowed):
        assign_worker(order=order, worker=worker_for(order), actor=outsider)

    assert not WorkOrder.objects.exists()


def test_platform_chosen_order_goes_to_the_provider_of_the_worker():
    order = confirmed_order()
    worker = worker_for(order)
    Order.objects.filter(pk=order.pk).update(organization=None)
    order.refresh_from_db()

    assign_worker(order=order, worker=worker, actor=dispatcher())

    order.refresh_from_db()
    assert order.organization == worker.organization
