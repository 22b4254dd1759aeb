"""Idempotency-Key on the API writes of bookings and dispatch.

A repeated request with the same key and body gets the first answer and acts
once; the same key with another body or path, or while the first request is
still running, gets 409 with a clear message.
"""

import datetime
import hashlib
import json
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.bookings.dispatch import api as dispatch_api
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
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.idempotency import PENDING_TIMEOUT, delete_old_records
from jiazheng.common.models import IdempotencyRecord
from jiazheng.conftest import is_postgres

pytestmark = pytest.mark.django_db


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def post(api, url, data=None, *, key):
    return api.post(url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def worker_user_of(worker):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    worker.employee.user = user
    worker.employee.save()
    return user


# The generic behaviour, on the dispatcher's assignment.


def test_a_repeated_assignment_with_the_same_key_returns_the_first_answer():
    # given
    order = confirmed_order()
    worker = worker_for(order)
    api = api_for(dispatcher())
    url = reverse("api:dispatch-assign", args=[order.pk])

    # when
    first = post(api, url, {"worker": worker.pk}, key="assign-1")
    again = post(api, url, {"worker": worker.pk}, key="assign-1")

    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert WorkOrder.objects.filter(order=order).count() == 1


def test_the_same_key_with_another_body_is_refused_with_409():
    order = confirmed_order()
    worker, other = worker_for(order), worker_for(order)
    api = api_for(dispatcher())
    url = reverse("api:dispatch-assign", args=[order.pk])
    post(api, url, {"worker": worker.pk}, key="k")

    response = post(api, url, {"worker": other.pk}, key="k")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert "内容不同的请求" in response.json()["message"]
    assert WorkOrder.objects.get(order=order).worker == worker


def test_the_same_key_on_another_path_is_refused_with_409():
    order, second = confirmed_order(), confirmed_order()
    worker = worker_for(order)
    api = api_for(dispatcher())
    post(
        api,
        reverse("api:dispatch-assign", args=[order.pk]),
        {"worker": worker.pk},
        key="k",
    )

    response = post(
        api,
        reverse("api:dispatch-assign", args=[second.pk]),
        {"worker": worker.pk},
        key="k",
    )

    assert response.status_code == 409
    assert "另一项操作" in response.json()["message"]
    assert not WorkOrder.objects.filter(order=second).exists()


def test_key_order_and_spacing_of_the_body_do_not_matter():
    order = confirmed_order()
    worker = worker_for(order)
    api = api_for(dispatcher())
    url = reverse("api:dispatch-assign", args=[order.pk])
    post(api, url, {"worker": worker.pk}, key="k")

    again = api.post(
        url,
        f'{{ "worker" : {worker.pk} }}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )

    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    ("key", "status"),
    [("x" * 64, 201), ("x" * 65, 400), ("预约一", 400), ("a b", 400)],
)
def test_keys_are_at_most_64_visible_ascii_characters(key, status):
    order = confirmed_order()
    worker = worker_for(order)
    api = api_for(dispatcher())

    response = api.post(
        reverse("api:dispatch-assign", args=[order.pk]),
        {"worker": worker.pk},
        format="json",
        headers={"Idempotency-Key": key},
    )

    assert response.status_code == status
    if status == 400:
        assert response.json()["code"] == "idempotency_key_invalid"
        assert not WorkOrder.objects.exists()


def body_hash(data):
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_running_request_gets_409_and_a_stale_claim_is_taken_over():
    # given: the same request claimed the key a moment ago and still runs
    order = confirmed_order()
    worker = worker_for(order)
    user = dispatcher()
    api = api_for(user)
    url = reverse("api:dispatch-assign", args=[order.pk])
    claim = IdempotencyRecord.objects.create(
        user=user,
        key="k",
        method="POST",
        path=url,
        request_hash=body_hash({"worker": worker.pk}),
    )

    # when
    running = post(api, url, {"worker": worker.pk}, key="k")
    # ... and later, once the claim is older than a request can run
    # (its process died, its write rolled back)
    IdempotencyRecord.objects.filter(pk=claim.pk).update(
        created_at=timezone.now() - PENDING_TIMEOUT - datetime.timedelta(seconds=1)
    )
    after_a_crash = post(api, url, {"worker": worker.pk}, key="k")

    # then
    assert running.status_code == 409
    assert running.json()["code"] == "idempotency_in_progress"
    assert "正在处理" in running.json()["message"]
    assert after_a_crash.status_code == 201
    assert WorkOrder.objects.filter(order=order).count() == 1
    assert IdempotencyRecord.objects.get(pk=claim.pk).status == 201


def test_a_refused_write_lets_the_key_be_used_again():
    order = confirmed_order()
    unskilled = worker_for(order, skills=[ServiceItemFactory()])
    worker = worker_for(order)
    api = api_for(dispatcher())
    url = reverse("api:dispatch-assign", args=[order.pk])

    refused = post(api, url, {"worker": unskilled.pk}, key="k")
    accepted = post(api, url, {"worker": worker.pk}, key="k")

    assert refused.status_code == 400
    assert refused.json()["code"] == "worker_skill"
    assert accepted.status_code == 201
    assert IdempotencyRecord.objects.get(key="k").status == 201


def test_keys_belong_to_one_user():
    order, second = confirmed_order(), confirmed_order()
    worker = worker_for(order)
    other_worker = worker_for(second)

    first = post(
        api_for(dispatcher()),
        reverse("api:dispatch-assign", args=[order.pk]),
        {"worker": worker.pk},
        key="shared",
    )
    other = post(
        api_for(dispatcher()),
        reverse("api:dispatch-assign", args=[second.pk]),
        {"worker": other_worker.pk},
        key="shared",
    )

    assert first.status_code == other.status_code == 201
    assert WorkOrder.objects.count() == 2


def test_without_a_key_the_write_runs_as_before():
    order = confirmed_order()
    worker = worker_for(order)
    api = api_for(dispatcher())
    url = reverse("api:dispatch-assign", args=[order.pk])

    first = api.post(url, {"worker": worker.pk}, format="json")
    again = api.post(url, {"worker": worker.pk}, format="json")

    assert first.status_code == 201
    assert again.status_code == 400
    assert not IdempotencyRecord.objects.exists()


def test_old_answers_are_deleted_after_a_week():
    user = dispatcher()
    now = timezone.now()
    for key, age in (("old", 8), ("new", 6)):
        IdempotencyRecord.objects.create(
            user=user,
            key=key,
            method="POST",
            path="/",
            request_hash="0" * 64,
            created_at=now - datetime.timedelta(days=age),
        )

    assert delete_old_records(now=now) == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


# Every write of dispatch, of the member and of the worker replays.


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


# Concurrent duplicates on real connections.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_get_one_answer_and_one_409_never_a_500(
    reference_data, monkeypatch
):
    if not is_postgres():
        pytest.skip("needs PostgreSQL: concurrent connections")
    order = confirmed_order()
    worker = worker_for(order)
    user = dispatcher()
    url = reverse("api:dispatch-assign", args=[order.pk])
    inside, release = threading.Event(), threading.Event()
    real_assign = dispatch_api.assign_worker

    def slow_assign(**kwargs):
        inside.set()
        release.wait(timeout=10)
        return real_assign(**kwargs)

    monkeypatch.setattr(dispatch_api, "assign_worker", slow_assign)
    responses = {}

    def send(name):
        try:
            responses[name] = post(api_for(user), url, {"worker": worker.pk}, key="k")
        finally:
            connection.close()

    # when: the second request arrives while the first is inside the write
    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert inside.wait(timeout=10)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    second.join(timeout=10)
    release.set()
    first.join(timeout=10)

    # then
    assert responses["first"].status_code == 201
    assert responses["second"].status_code == 409
    assert responses["second"].json()["code"] == "idempotency_in_progress"
    assert WorkOrder.objects.filter(order=order).count() == 1
    replay = post(api_for(user), url, {"worker": worker.pk}, key="k")
    assert replay.status_code == 201
    assert replay.json() == responses["first"].json()
