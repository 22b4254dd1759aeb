"""Every write of dispatch, of the member and of the worker replays its
first answer under the same Idempotency-Key (the mechanism itself:
test_idempotency.py)."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from jiazheng.bookings.models import (
    GrabOffer,
    Order,
    ReplacementRequest,
    Review,
    WorkOrder,
)
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    worker_for,
)
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    WorkOrderFactory,
    member_with_customer,
    served_provider,
    tomorrow_at,
)
from jiazheng.bookings.tests.idempotency_helpers import api_for, post, worker_user_of
from jiazheng.catalog.tests.factories import ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_dispatch_writes_replay_offer_take_day_and_replacement():
    # given: an order offered for grab and taken, another dispatched by day
    order = confirmed_order()
    worker = worker_for(order)
    worker_user = worker_user_of(worker)
    staff = api_for(dispatcher())
    offer_url = reverse("api:dispatch-open-grab", args=[order.pk])
    take_url = reverse("api:dispatch-grab-take", args=[order.pk])

    # when
    offers = [post(staff, offer_url, key="offer") for _ in range(2)]
    takes = [post(api_for(worker_user), take_url, key="take") for _ in range(2)]
    day = confirmed_order()
    worker_for(day)
    day_body = {"date": day.starts_at.date().isoformat()}
    days = [
        post(staff, reverse("api:dispatch-day"), day_body, key="day") for _ in range(2)
    ]
    replace_url = reverse("api:dispatch-replacement", args=[order.pk])
    replacements = [
        post(staff, replace_url, {"reason": "客户要求换人"}, key="swap")
        for _ in range(2)
    ]

    # then
    for first, again in (offers, takes, days, replacements):
        assert first.status_code in (200, 201), first.content
        assert again.status_code == first.status_code
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
    assert GrabOffer.objects.filter(order=order).count() == 1
    assert [w["order"] for w in days[0].json()["placed"]] == [day.pk]
    assert WorkOrder.objects.filter(order=day).count() == 1
    assert ReplacementRequest.objects.filter(order=order).count() == 1


def test_member_writes_replay_cancel_confirm_review_and_book_again():
    # given
    user, customer = member_with_customer()
    api = api_for(user)
    cancellable = OrderFactory(
        booking__customer=customer, booking__starts_at=tomorrow_at(9, days=3)
    )
    item = ServiceItemFactory()
    work_order = WorkOrderFactory(
        order__booking__customer=customer,
        order__booking__item=item,
        order__booking__organization=served_provider(item=item),
        order__status=Order.Status.IN_SERVICE,
    )
    served = work_order.order
    WorkOrder.objects.filter(pk=work_order.pk).update(status=WorkOrder.Status.DONE)

    # when
    cancels = [
        post(
            api,
            reverse("api:my-order-cancel", args=[cancellable.pk]),
            {"reason": "改期"},
            key="cancel",
        )
        for _ in range(2)
    ]
    confirms = [
        post(
            api,
            reverse("api:my-order-confirm-completion", args=[served.pk]),
            key="confirm",
        )
        for _ in range(2)
    ]
    review = {"worker_stars": 5, "provider_stars": 4, "text": "很好"}
    reviews = [
        post(api, reverse("api:my-order-review", args=[served.pk]), review, key="r")
        for _ in range(2)
    ]
    slot = {
        "starts_at": tomorrow_at(9, days=5).isoformat(),
        "ends_at": tomorrow_at(11, days=5).isoformat(),
    }
    agains = [
        post(
            api,
            reverse("api:my-order-book-again", args=[served.pk]),
            slot,
            key="again",
        )
        for _ in range(2)
    ]

    # then
    for first, again in (cancels, confirms, reviews, agains):
        assert first.status_code in (200, 201), first.content
        assert again.status_code == first.status_code
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
    assert Review.objects.filter(order=served).count() == 1
    assert Order.objects.filter(customer=customer).count() == 3


def test_a_booking_replayed_with_another_body_is_refused():
    user, customer = member_with_customer()
    api = api_for(user)
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    booking = {
        "item": item.pk,
        "organization": provider.pk,
        "starts_at": tomorrow_at(9, days=2).isoformat(),
        "ends_at": tomorrow_at(11, days=2).isoformat(),
        "address": customer.addresses.get().pk,
    }
    first = post(api, reverse("api:my-order-list"), booking, key="b1")

    changed = post(
        api, reverse("api:my-order-list"), {**booking, "notes": "改了"}, key="b1"
    )

    assert first.status_code == 201
    assert changed.status_code == 409
    assert Order.objects.filter(customer=customer).count() == 1


def test_worker_writes_replay_check_in_out_and_done():
    work_order = WorkOrderFactory()
    api = api_for(worker_user_of(work_order.worker))
    actions = (
        "api:work-order-check-in",
        "api:work-order-check-out",
        "api:work-order-done",
    )

    with freeze_time(work_order.starts_at):
        pairs = [
            [post(api, reverse(name, args=[work_order.pk]), key=name) for _ in range(2)]
            for name in actions
        ]

    for first, again in pairs:
        assert first.status_code == again.status_code == 200, first.content
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.DONE
