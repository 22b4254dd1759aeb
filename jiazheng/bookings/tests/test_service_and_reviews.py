"""A worker's day, completion (by the customer or by itself) and reviews."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from freezegun import freeze_time

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory, make_provider_staff
from jiazheng.bookings.models import Order, OrderEvent, Review, WorkOrder
from jiazheng.bookings.services import (
    auto_confirm_due,
    check_in,
    check_out,
    confirm_completion,
    mark_done,
    review_order,
)
from jiazheng.bookings.tests.factories import WorkOrderFactory, member_with_customer
from jiazheng.common.errors import NotAllowed, ServiceError

pytestmark = pytest.mark.django_db


def _worker_user(work_order):
    user = UserFactory()
    employee = work_order.worker.employee
    employee.user = user
    employee.save()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    return user


def _dispatched_for_member():
    member, customer = member_with_customer()
    work_order = WorkOrderFactory(order__booking__customer=customer)
    return member, work_order, _worker_user(work_order)


def _serve(work_order, worker_user):
    with freeze_time(work_order.starts_at):
        check_in(work_order=work_order, actor=worker_user)
    with freeze_time(work_order.ends_at):
        check_out(work_order=work_order, actor=worker_user)
        mark_done(work_order=work_order, actor=worker_user)


def test_the_worker_checks_in_and_out_and_the_customer_confirms():
    member, work_order, worker_user = _dispatched_for_member()
    order = work_order.order

    with freeze_time(work_order.starts_at):
        check_in(work_order=work_order, actor=worker_user)
    order.refresh_from_db()
    assert order.status == Order.Status.IN_SERVICE

    with freeze_time(work_order.ends_at):
        check_out(work_order=work_order, actor=worker_user)
        mark_done(work_order=work_order, actor=worker_user)
        confirm_completion(order=order, actor=member)

    work_order.refresh_from_db()
    order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.DONE
    assert work_order.checked_in_at == work_order.starts_at
    assert order.status == Order.Status.COMPLETED
    assert list(order.events.values_list("to_status", flat=True)) == [
        "in_service",
        "completed",
    ]


def test_check_in_long_before_the_slot_or_by_another_worker_is_refused():
    member, work_order, worker_user = _dispatched_for_member()
    stranger = _worker_user(WorkOrderFactory())

    too_early = work_order.starts_at - datetime.timedelta(hours=5)
    with pytest.raises(ServiceError) as exc, freeze_time(too_early):
        check_in(work_order=work_order, actor=worker_user)
    assert exc.value.code == "too_early"
    with pytest.raises(NotAllowed):
        check_in(work_order=work_order, actor=stranger)

    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.ASSIGNED
    assert not OrderEvent.objects.exists()


def test_unconfirmed_orders_complete_by_themselves_after_the_configured_hours():
    member, work_order, worker_user = _dispatched_for_member()
    _serve(work_order, worker_user)

    assert auto_confirm_due(now=work_order.ends_at + datetime.timedelta(hours=47)) == 0
    assert auto_confirm_due(now=work_order.ends_at + datetime.timedelta(hours=49)) == 1

    event = work_order.order.events.order_by("pk").last()
    assert event.to_status == Order.Status.COMPLETED and event.actor is None


def test_the_customer_reviews_once_and_both_ratings_move():
    member, work_order, worker_user = _dispatched_for_member()
    _serve(work_order, worker_user)
    order = work_order.order
    confirm_completion(order=order, actor=member)

    review = review_order(
        order=order,
        actor=member,
        worker_stars=5,
        provider_stars=5,
        text="很干净",
        tags=["准时", "细心"],
    )

    order.refresh_from_db()
    work_order.worker.refresh_from_db()
    profile = order.organization.provider_profile
    profile.refresh_from_db()
    assert order.status == Order.Status.REVIEWED
    assert review.worker == work_order.worker
    assert work_order.worker.rating_average == Decimal("4.17")
    assert (profile.rating_count, profile.rating_average) == (1, Decimal("4.17"))
    with pytest.raises(ServiceError) as exc:
        review_order(order=order, actor=member, worker_stars=1, provider_stars=1)
    assert exc.value.code == "already_reviewed"
    assert Review.objects.count() == 1


def test_nobody_but_the_customer_reviews_and_not_before_completion():
    member, work_order, worker_user = _dispatched_for_member()
    order = work_order.order

    with pytest.raises(ServiceError) as exc:
        review_order(order=order, actor=member, worker_stars=5, provider_stars=5)
    assert exc.value.code == "not_completed"

    _serve(work_order, worker_user)
    confirm_completion(order=order, actor=member)
    for other in (
        worker_user,
        make_provider_staff(organization=order.organization),
        member_with_customer()[0],
    ):
        with pytest.raises(NotAllowed):
            review_order(order=order, actor=other, worker_stars=1, provider_stars=1)
    with pytest.raises(ServiceError) as exc:
        review_order(order=order, actor=member, worker_stars=6, provider_stars=5)
    assert exc.value.field == "worker_stars"
    assert not Review.objects.exists()
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
