"""Idempotency-Key on the API writes of bookings and dispatch.

A repeated request with the same key and body gets the first answer and acts
once; the same key with another body or path, or while the first request is
still running, gets 409 with a clear message. Every endpoint's replay is in
test_idempotency_endpoints.py.
"""

import datetime
import hashlib
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiazheng.bookings.dispatch import api as dispatch_api
from jiazheng.bookings.models import (
    WorkOrder,
)
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    worker_for,
)
from jiazheng.bookings.tests.idempotency_helpers import api_for, post
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.idempotency import PENDING_TIMEOUT, delete_old_records
from jiazheng.common.models import IdempotencyRecord
from jiazheng.conftest import is_postgres

pytestmark = pytest.mark.django_db


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
