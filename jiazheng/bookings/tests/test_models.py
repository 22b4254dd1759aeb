import datetime

import pytest
from django.db import IntegrityError, transaction

from jiazheng.bookings.models import WorkOrder
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    ReviewFactory,
    WorkOrderFactory,
)
from jiazheng.conftest import is_postgres

pytestmark = pytest.mark.django_db


def test_factories_make_an_order_with_a_work_order_and_a_review():
    work_order = WorkOrderFactory()
    review = ReviewFactory(order=work_order.order, worker=work_order.worker)

    assert work_order.organization == work_order.order.organization
    assert work_order.worker.organization == work_order.organization
    assert review.organization == work_order.order.organization


@pytest.mark.skipif(not is_postgres(), reason="exclusion constraints need PostgreSQL")
def test_postgres_refuses_overlapping_active_work_orders_of_one_worker():
    first = WorkOrderFactory()
    other_order = OrderFactory(
        booking__organization=first.organization,
        booking__starts_at=first.starts_at + datetime.timedelta(hours=1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrderFactory(order=other_order, worker=first.worker)

    # A cancelled first work order frees the slot.
    first.status = WorkOrder.Status.CANCELLED
    first.save()
    WorkOrderFactory(order=other_order, worker=first.worker)
