from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.tests.factories import UserFactory, make_family_member
from jiazheng.cards.models import Card
from jiazheng.cards.tests.factories import make_cashier, open_card
from jiazheng.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_counter_api_pays_once_per_idempotency_key():
    card = open_card(balance="200")
    api = _api(make_cashier(card.organization))
    url = reverse("api:card-pay", kwargs={"pk": card.pk})

    first = api.post(
        url,
        {"amount": "50", "items": [{"name": "保洁"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="pay-1",
    )
    second = api.post(
        url,
        {"amount": "50", "items": [{"name": "保洁"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="pay-1",
    )

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    card.refresh_from_db()
    assert card.balance == Decimal("150.00")


def test_api_write_without_idempotency_key_is_refused():
    card = open_card(balance="200")
    api = _api(make_cashier(card.organization))

    response = api.post(
        reverse("api:card-pay", kwargs={"pk": card.pk}), {"amount": "50"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


def test_api_overdraft_is_a_json_error_and_changes_nothing():
    card = open_card(balance="20")
    api = _api(make_cashier(card.organization))

    response = api.post(
        reverse("api:card-pay", kwargs={"pk": card.pk}),
        {"amount": "20.01"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="x",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "insufficient_balance"
    card.refresh_from_db()
    assert card.balance == Decimal("20.00")


def test_counter_api_opens_tops_up_freezes_and_closes():
    cashier = make_cashier()
    api = _api(cashier)

    opened = api.post(
        reverse("api:card-list"),
        {
            "kind": "named",
            "phone": "13900001111",
            "name": "赵先生",
            "initial_amount": "100",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="open-1",
    )
    pk = opened.json()["id"]
    topped = api.post(
        reverse("api:card-top-up", kwargs={"pk": pk}),
        {"amount": "50"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="t-1",
    )
    frozen = api.post(
        reverse("api:card-freeze", kwargs={"pk": pk}),
        {"reason": "挂失"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="f-1",
    )
    closed = api.post(
        reverse("api:card-close", kwargs={"pk": pk}),
        {"reason": "退卡"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="c-1",
    )

    assert opened.status_code == 201 and topped.status_code == 201
    assert frozen.json()["status"] == "frozen"
    assert closed.json()["amount"] == "-150.00"
    assert Card.objects.get(pk=pk).status == Card.Status.CLOSED


def test_member_reads_own_cards_and_statement_but_not_others():
    user = make_family_member(user=UserFactory())
    mine = open_card(balance="80", customer=CustomerFactory(user=user))
    theirs = open_card(balance="90")
    api = _api(user)

    listing = api.get(reverse("api:card-list")).json()
    statement = api.get(reverse("api:card-entries", kwargs={"pk": mine.pk}))

    ids = (
        {row["id"] for row in listing["results"]}
        if isinstance(listing, dict)
        else {row["id"] for row in listing}
    )
    assert ids == {mine.pk}
    assert statement.status_code == 200
    assert (
        api.get(reverse("api:card-detail", kwargs={"pk": theirs.pk})).status_code == 404
    )
    pay = api.post(
        reverse("api:card-pay", kwargs={"pk": mine.pk}),
        {"amount": "1"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="m-1",
    )
    assert pay.status_code == 403


def test_member_sends_feedback_on_own_card():
    user = make_family_member(user=UserFactory())
    card = open_card(customer=CustomerFactory(user=user))

    response = _api(user).post(
        reverse("api:card-feedback", kwargs={"pk": card.pk}),
        {"text": "服务很好"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="fb-1",
    )

    assert response.status_code == 201
    assert card.feedback.get().text == "服务很好"
