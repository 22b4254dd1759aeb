"""The member's and the worker's booking endpoints."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from freezegun import freeze_time
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.bookings.models import Order, WorkOrder
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    WorkOrderFactory,
    member_with_customer,
    served_provider,
    tomorrow_at,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def _member_api():
    user, customer = member_with_customer()
    api = APIClient()
    api.force_authenticate(user)
    return api, customer


def _booking(customer, item, provider, **extra):
    return {
        "item": item.pk,
        "organization": provider.pk,
        "starts_at": tomorrow_at(9, days=2).isoformat(),
        "ends_at": tomorrow_at(11, days=2).isoformat(),
        "address": customer.addresses.get().pk,
        **extra,
    }


def test_booking_through_the_api_is_idempotent_by_key():
    api, customer = _member_api()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    payload = _booking(customer, item, provider)

    first = api.post(
        reverse("api:my-order-list"), payload, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = api.post(
        reverse("api:my-order-list"), payload, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert first.status_code == 201, first.content
    assert again.json()["number"] == first.json()["number"]
    assert Order.objects.count() == 1
    listing = api.get(reverse("api:my-order-list")).json()
    numbers = [o["number"] for o in listing.get("results", listing)]
    assert numbers == [first.json()["number"]]


def test_bad_booking_input_gets_a_json_error_with_a_code():
    api, customer = _member_api()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    other_address = OrderFactory().address.pk

    past = api.post(
        reverse("api:my-order-list"),
        _booking(customer, item, provider, starts_at="2020-01-01T09:00:00+08:00"),
        format="json",
    )
    stranger = api.post(
        reverse("api:my-order-list"),
        _booking(customer, item, provider, address=other_address),
        format="json",
    )

    assert past.status_code == 400 and past.json()["code"] == "slot_in_past"
    assert stranger.status_code == 400
    assert stranger.json()["code"] == "invalid_address"
    assert not Order.objects.filter(customer=customer).exists()


def test_only_the_customer_reaches_an_order_through_the_api():
    api, _customer = _member_api()
    order = OrderFactory(booking__starts_at=tomorrow_at(9, days=3))

    assert api.get(reverse("api:my-order-detail", args=[order.pk])).status_code == 404
    cancel = api.post(reverse("api:my-order-cancel", args=[order.pk]))
    assert cancel.status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def test_the_worker_lists_today_and_checks_in_through_the_api():
    work_order = WorkOrderFactory()
    user = UserFactory()
    work_order.worker.employee.user = user
    work_order.worker.employee.save()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    api = APIClient()
    api.force_authenticate(user)

    with freeze_time(work_order.starts_at):
        today = api.get(reverse("api:my-work-orders-today"))
        checked = api.post(reverse("api:work-order-check-in", args=[work_order.pk]))
        twice = api.post(reverse("api:work-order-check-in", args=[work_order.pk]))

    assert [w["number"] for w in today.json()] == [work_order.number]
    assert checked.status_code == 200
    assert checked.json()["status"] == WorkOrder.Status.CHECKED_IN
    assert twice.status_code == 400
    assert twice.json()["code"] == "invalid_work_order_status"
