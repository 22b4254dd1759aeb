import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.bookings.demo import load_demo
from jiazheng.bookings.models import Order, Review, WorkOrder
from jiazheng.bookings.tests.factories import served_provider
from jiazheng.catalog.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db

EVERY_STATE = set(Order.Status.values)


def providers():
    for name in ("日常保洁", "擦玻璃"):
        served_provider(item=ServiceItemFactory(name=name))


def assert_in_service_orders_are_being_served():
    now = timezone.now()
    serving = Order.objects.filter(status=Order.Status.IN_SERVICE)
    assert serving.exists()
    for order in serving:
        start = timezone.localtime(order.starts_at)
        end = timezone.localtime(order.ends_at)
        assert order.starts_at < now
        assert datetime.time(8) <= start.time() and end.time() <= datetime.time(18)
        assert now - order.starts_at < datetime.timedelta(days=1)
        work_order = order.work_orders.get()
        assert work_order.status == WorkOrder.Status.CHECKED_IN


def test_demo_makes_orders_in_every_state_with_reviews_and_runs_once():
    providers()
    out = io.StringIO()

    load_demo(stdout=out)
    count = Order.objects.count()
    load_demo(stdout=out)

    states = set(Order.objects.values_list("status", flat=True))
    assert states == EVERY_STATE, out.getvalue()
    assert Review.objects.exists()
    assert Order.objects.count() == count


@pytest.mark.parametrize(
    "moment",
    [
        "2026-12-07 02:00:00+08:00",  # a Monday night: yesterday was a Sunday
        "2026-12-05 23:30:00+08:00",  # a Saturday, late in the evening
        "2026-12-04 08:30:00+08:00",  # before any slot of the day is an hour old
    ],
)
def test_demo_has_every_state_whatever_the_hour_it_runs(moment):
    with freeze_time(moment):
        providers()
        out = io.StringIO()

        load_demo(stdout=out)

        states = set(Order.objects.values_list("status", flat=True))
        assert states == EVERY_STATE, out.getvalue()
        assert_in_service_orders_are_being_served()


def test_seed_demo_at_two_in_the_morning_has_orders_in_every_state():
    # The whole seed: its workers work 08:00–18:00, some not on Sundays.
    with freeze_time("2026-12-07 02:00:00+08:00"):
        call_command("seed_demo", stdout=io.StringIO())

        states = set(Order.objects.values_list("status", flat=True))
        assert states == EVERY_STATE
        assert_in_service_orders_are_being_served()


@pytest.mark.parametrize(
    "moment",
    ["2026-12-04 19:00:00+08:00", "2026-12-06 10:00:00+08:00"],  # Friday, Sunday
)
def test_seed_demo_gives_the_worker_and_family_logins_orders_of_their_own(moment):
    # given the whole seed, once on a weekday evening, once on her Sunday off
    with freeze_time(moment):
        call_command("seed_demo", stdout=io.StringIO())

        # then the demo family has her history, a visit now and one to come,
        # all with the demo worker, and a second seed adds nothing
        theirs = WorkOrder.objects.filter(
            worker__employee__user__phone="13900000013",
            order__customer__user__phone="13900000021",
        )
        statuses = set(theirs.values_list("order__status", flat=True))
        assert Order.Status.REVIEWED in statuses
        assert Order.Status.DISPATCHED in statuses
        if timezone.localtime().weekday() != 6:
            assert Order.Status.IN_SERVICE in statuses
        count = theirs.count()
        call_command("seed_demo", stdout=io.StringIO())
        assert theirs.count() == count
