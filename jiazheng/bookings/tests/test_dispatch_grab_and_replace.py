"""Grab orders (抢单), replacement (换人) and dispatch the day, on the database."""

import pytest

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_family_member,
    make_provider_staff,
)
from jiazheng.bookings.dispatch.day_plan import dispatch_day
from jiazheng.bookings.dispatch.grab import grab, open_grab, open_offers_for
from jiazheng.bookings.dispatch.replacement import request_replacement
from jiazheng.bookings.dispatch.scope import dispatch_organization
from jiazheng.bookings.dispatch.services import assign_worker, rank_candidates
from jiazheng.bookings.models import Order, ReplacementRequest, WorkOrder
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
from jiazheng.customers.tests.factories import district

pytestmark = pytest.mark.django_db


def worker_with_login(order, **fields):
    return worker_for(order, employee__user=UserFactory(), **fields)


def test_an_offer_reaches_only_qualified_free_workers():
    order = confirmed_order()
    qualified = worker_with_login(order)
    unskilled = worker_with_login(order, skills=[ServiceItemFactory()])
    expired = expired_worker_for(order)
    open_grab(order=order, actor=dispatcher())

    assert [o.order for o in open_offers_for(qualified)] == [order]
    assert open_offers_for(unskilled) == []
    assert open_offers_for(expired) == []


def test_first_worker_to_grab_wins_and_the_second_is_told_it_is_gone():
    order = confirmed_order()
    first, second = worker_with_login(order), worker_with_login(order)
    open_grab(order=order, actor=dispatcher())

    work_order = grab(order=order, worker_user=first.employee.user)
    with pytest.raises(ServiceError) as late:
        grab(order=order, worker_user=second.employee.user)

    assert work_order.worker == first
    assert work_order.assigned_via == WorkOrder.Via.GRAB
    assert late.value.code == "grab_closed"
    order.refresh_from_db()
    assert order.status == Order.Status.DISPATCHED
    assert open_offers_for(second) == []


def test_a_busy_worker_cannot_grab_an_overlapping_order():
    busy_order = confirmed_order()
    worker = worker_with_login(busy_order)
    assign_worker(order=busy_order, worker=worker, actor=dispatcher())
    offered = overlapping_order(busy_order)
    worker_for(offered)  # someone else is free, so the offer can open
    open_grab(order=offered, actor=dispatcher())

    with pytest.raises(ServiceError) as refused:
        grab(order=offered, worker_user=worker.employee.user)

    assert refused.value.code == "worker_overlap"
    assert not WorkOrder.objects.filter(order=offered).exists()


def test_an_offer_without_any_eligible_worker_is_refused():
    order = confirmed_order()

    with pytest.raises(ServiceError) as refused:
        open_grab(order=order, actor=dispatcher())

    assert refused.value.code == "grab_no_worker"


def test_someone_who_is_not_a_worker_cannot_grab():
    order = confirmed_order()
    worker_for(order)
    open_grab(order=order, actor=dispatcher())

    with pytest.raises(NotAllowed):
        grab(order=order, worker_user=UserFactory())


def _dispatched_to():
    order = confirmed_order()
    worker = worker_for(order)
    assign_worker(order=order, worker=worker, actor=dispatcher())
    customer_user = make_family_member()
    order.customer.user = customer_user
    order.customer.save()
    return order, worker, customer_user


def test_replacing_excludes_the_worker_and_reopens_the_order():
    order, worker, customer_user = _dispatched_to()
    other = worker_for(order)

    request = request_replacement(
        order=order, actor=customer_user, reason="阿姨迟到太久"
    )

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert request.work_order.worker == worker
    assert WorkOrder.objects.get(pk=request.work_order.pk).status == "replaced"
    assert [s.worker for s in rank_candidates(order)] == [other]
    with pytest.raises(ServiceError) as refused:
        assign_worker(order=order, worker=worker, actor=dispatcher())
    assert refused.value.code == "worker_excluded"
    assign_worker(order=order, worker=other, actor=dispatcher())


def test_replacement_needs_a_reason_and_leaves_nothing_without_one():
    order, _worker, customer_user = _dispatched_to()

    with pytest.raises(ServiceError) as refused:
        request_replacement(order=order, actor=customer_user, reason="  ")

    assert refused.value.field == "reason"
    assert not ReplacementRequest.objects.exists()
    order.refresh_from_db()
    assert order.status == Order.Status.DISPATCHED


def test_a_stranger_cannot_replace_the_worker():
    order, _worker, _customer = _dispatched_to()

    with pytest.raises(NotAllowed):
        request_replacement(order=order, actor=make_family_member(), reason="不满意")

    assert not ReplacementRequest.objects.exists()
    assert order.excluded_workers.count() == 0


def test_an_undispatched_order_cannot_be_replaced():
    order = confirmed_order()

    with pytest.raises(ServiceError) as refused:
        request_replacement(order=order, actor=dispatcher(), reason="换人")

    assert refused.value.code == "replacement_not_possible"


def test_dispatch_the_day_places_every_order_it_can_and_says_why_not_the_rest():
    # given one worker, two back-to-back orders and one overlapping both
    morning = confirmed_order(
        booking__starts_at=tomorrow_at(8), booking__ends_at=tomorrow_at(10)
    )
    late_morning = confirmed_order(
        booking__organization=morning.organization,
        booking__item=morning.item,
        booking__starts_at=tomorrow_at(10),
        booking__ends_at=tomorrow_at(12),
    )
    clash = confirmed_order(
        booking__organization=morning.organization,
        booking__item=morning.item,
        booking__starts_at=tomorrow_at(9),
        booking__ends_at=tomorrow_at(11),
    )
    worker = worker_for(morning)

    result = dispatch_day(date=tomorrow_at(8).date(), actor=dispatcher())

    # then the worker takes both back-to-back orders; the clash is reported
    assert {w.order for w in result.placed} == {morning, late_morning}
    assert all(w.worker == worker for w in result.placed)
    assert [(n.order, n.code) for n in result.unplaced] == [(clash, "taken")]
    assert "同时段" in result.unplaced[0].reason


def test_dispatch_the_day_of_one_district_leaves_other_districts_alone():
    here = confirmed_order()
    worker_for(here)
    elsewhere = confirmed_order(
        booking__starts_at=here.starts_at,
        booking__address__region=district("110108", "海淀区"),
    )
    worker_for(elsewhere)

    result = dispatch_day(
        date=here.starts_at.date(), district=here.region, actor=dispatcher()
    )

    assert [w.order for w in result.placed] == [here]
    assert result.unplaced == []
    elsewhere.refresh_from_db()
    assert elsewhere.status == Order.Status.CONFIRMED


def test_dispatch_the_day_by_a_provider_touches_only_its_orders():
    mine = confirmed_order()
    worker_for(mine)
    theirs = confirmed_order(booking__starts_at=mine.starts_at)
    worker_for(theirs)
    staff = make_provider_staff(mine.organization, Role.PROVIDER_STAFF)

    result = dispatch_day(
        date=mine.starts_at.date(),
        organization=dispatch_organization(staff),
        actor=staff,
    )

    assert [w.order for w in result.placed] == [mine]
    theirs.refresh_from_db()
    assert theirs.status == Order.Status.CONFIRMED
