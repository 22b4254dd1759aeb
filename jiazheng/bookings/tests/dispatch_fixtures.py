"""Orders and workers ready for dispatch, shared by the dispatch tests."""

import datetime
from decimal import Decimal

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.bookings.models import Order
from jiazheng.bookings.tests.factories import OrderFactory, tomorrow_at
from jiazheng.workers.tests.factories import HealthCertificateFactory, WorkerFactory


def confirmed_order(**fields):
    """Return a confirmed order, tomorrow 09:00–12:00 in 朝阳区, near 国贸."""
    values = {
        "status": Order.Status.CONFIRMED,
        "latitude": Decimal("39.908000"),
        "longitude": Decimal("116.460000"),
    }
    values.update(fields)
    return OrderFactory(**values)


def worker_for(order, **fields):
    """Return a worker of the order's provider who can serve it."""
    values = {
        "organization": order.organization,
        "skills": [order.item],
        "districts": [order.region],
        "home_latitude": Decimal("39.910000"),
        "home_longitude": Decimal("116.450000"),
    }
    values.update(fields)
    return WorkerFactory(**values)


def expired_worker_for(order):
    worker = worker_for(order, health_certificate=False)
    HealthCertificateFactory(
        worker=worker,
        issued_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2025, 1, 1),
    )
    return worker


def dispatcher():
    return make_platform_staff(Role.DISPATCHER)


def overlapping_order(order, **fields):
    """Return another confirmed order of the same provider and item, 10:00–13:00."""
    return confirmed_order(
        booking__organization=order.organization,
        booking__item=order.item,
        booking__starts_at=tomorrow_at(10),
        booking__ends_at=tomorrow_at(13),
        **fields,
    )
