import io

import pytest

from jiazheng.bookings.demo import load_demo
from jiazheng.bookings.models import Order, Review
from jiazheng.bookings.tests.factories import served_provider
from jiazheng.catalog.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_demo_makes_orders_in_every_state_with_reviews_and_runs_once():
    for name in ("日常保洁", "擦玻璃"):
        served_provider(item=ServiceItemFactory(name=name))
    out = io.StringIO()

    load_demo(stdout=out)
    count = Order.objects.count()
    load_demo(stdout=out)

    states = set(Order.objects.values_list("status", flat=True))
    expected = set(Order.Status.values)
    # An in-service order needs the current hour inside service hours.
    assert expected - states <= {Order.Status.IN_SERVICE}, out.getvalue()
    assert Review.objects.exists()
    assert Order.objects.count() == count
