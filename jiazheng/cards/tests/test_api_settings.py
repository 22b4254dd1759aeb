"""The card API's settings, approvals and card edits: scope, roles, validation."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_family_member,
    make_provider_staff,
)
from jiazheng.cards import services
from jiazheng.cards.models import (
    BonusRule,
    CardApproval,
    CardItem,
    CardLevel,
    CardOperationLog,
    CardOperator,
)
from jiazheng.cards.services.policy import ensure_levels
from jiazheng.cards.tests.factories import (
    BonusRuleFactory,
    CardItemFactory,
    CardOperatorFactory,
    key,
    make_cashier,
    open_card,
    policy,
)
from jiazheng.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _ids(response):
    payload = response.json()
    rows = payload["results"] if isinstance(payload, dict) else payload
    return {row["id"] for row in rows}


SETTINGS = [
    # list URL, detail URL, factory, body to create, field to change
    (
        "api:card-bonus-rule-list",
        "api:card-bonus-rule-detail",
        BonusRuleFactory,
        {"name": "充2000送300", "min_amount": "2000.00", "bonus": "300.00"},
        {"bonus": "350.00"},
    ),
    (
        "api:card-item-list",
        "api:card-item-detail",
        CardItemFactory,
        {"name": "深度保洁4小时", "price": "260.00"},
        {"price": "280.00"},
    ),
    (
        "api:card-operator-list",
        "api:card-operator-detail",
        CardOperatorFactory,
        {"name": "王收银", "phone": "13900002222", "address": "海淀区"},
        {"address": "朝阳区"},
    ),
]


@pytest.mark.parametrize("list_name,detail_name,factory,body,change", SETTINGS)
def test_manager_lists_creates_and_updates_settings_once_per_key(
    list_name, detail_name, factory, body, change
):
    manager = make_cashier()
    org = manager.memberships.first().organization
    ours, theirs = factory(organization=org), factory()
    api = _api(manager)

    listing = api.get(reverse(list_name))
    created = api.post(
        reverse(list_name), body, format="json", HTTP_IDEMPOTENCY_KEY="c"
    )
    replay = api.post(reverse(list_name), body, format="json", HTTP_IDEMPOTENCY_KEY="c")
    url = reverse(detail_name, kwargs={"pk": ours.pk})
    updated = api.patch(url, change, format="json", HTTP_IDEMPOTENCY_KEY="u")

    assert listing.status_code == 200
    assert ours.pk in _ids(listing) and theirs.pk not in _ids(listing)
    assert created.status_code == replay.status_code == 201
    assert replay.json() == created.json()
    model = type(ours)
    assert model.objects.filter(organization=org).count() == 2
    assert updated.status_code == 200
    [(field, value)] = change.items()
    assert updated.json()[field] == value
    ours.refresh_from_db()
    assert str(getattr(ours, field)) == value
    log = CardOperationLog.objects.filter(organization=org).latest("id")
    assert log.operator == manager
    assert log.changes[field][1] == value


@pytest.mark.parametrize("list_name,detail_name,factory,body,change", SETTINGS)
def test_another_organisations_setting_is_404_and_unchanged(
    list_name, detail_name, factory, body, change
):
    theirs = factory()
    before = {name: str(getattr(theirs, name)) for name in change}
    api = _api(make_cashier())

    url = reverse(detail_name, kwargs={"pk": theirs.pk})
    read = api.get(url)
    written = api.patch(url, change, format="json", HTTP_IDEMPOTENCY_KEY="x")

    assert read.status_code == written.status_code == 404
    theirs.refresh_from_db()
    assert {name: str(getattr(theirs, name)) for name in change} == before


@pytest.mark.parametrize("list_name,detail_name,factory,body,change", SETTINGS)
def test_members_and_counter_staff_cannot_change_settings(
    list_name, detail_name, factory, body, change
):
    member = make_family_member(user=UserFactory())
    staff = make_provider_staff(role=Role.PROVIDER_STAFF)
    row = factory(organization=staff.memberships.first().organization)

    for user in (member, staff):
        api = _api(user)
        created = api.post(
            reverse(list_name), body, format="json", HTTP_IDEMPOTENCY_KEY=key()
        )
        changed = api.patch(
            reverse(detail_name, kwargs={"pk": row.pk}),
            change,
            format="json",
            HTTP_IDEMPOTENCY_KEY=key(),
        )
        assert created.status_code == 403
        assert changed.status_code == 403
    assert type(row).objects.count() == 1


@pytest.mark.parametrize(
    "name,body,field",
    [
        ("api:card-item-list", {"name": "保洁", "price": "0"}, "price"),
        ("api:card-item-list", {"name": "保洁", "price": "-5"}, "price"),
        ("api:card-item-list", {"name": "保洁", "price": "1.234"}, "price"),
        (
            "api:card-bonus-rule-list",
            {"name": "送", "min_amount": "0", "bonus": "1"},
            "min_amount",
        ),
        (
            "api:card-bonus-rule-list",
            {"name": "送", "min_amount": "100", "bonus": "-1"},
            "bonus",
        ),
    ],
)
def test_bad_amounts_are_400_with_a_message_and_nothing_saved(name, body, field):
    api = _api(make_cashier())

    response = api.post(reverse(name), body, format="json", HTTP_IDEMPOTENCY_KEY="b")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["message"]
    assert not CardItem.objects.exists() and not BonusRule.objects.exists()


def test_levels_are_listed_and_their_discount_changed_within_range():
    manager = make_cashier()
    org = manager.memberships.first().organization
    api = _api(manager)

    listing = api.get(reverse("api:card-level-list"))
    vip = CardLevel.objects.get(organization=org, code=CardLevel.Code.VIP)
    url = reverse("api:card-level-detail", kwargs={"pk": vip.pk})
    bad = api.patch(
        url, {"discount_percent": "120"}, format="json", HTTP_IDEMPOTENCY_KEY="1"
    )
    good = api.patch(
        url,
        {"discount_percent": "88.00", "upgrade_at": "8000.00"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="2",
    )
    other = ensure_levels(make_cashier().memberships.first().organization)[0]

    assert len(_ids(listing)) == 3
    assert bad.status_code == 400 and "discount_percent" in bad.json()["errors"]
    assert good.status_code == 200
    vip.refresh_from_db()
    assert vip.discount_percent == Decimal("88.00")
    assert vip.upgrade_at == Decimal("8000.00")
    assert (
        api.patch(
            reverse("api:card-level-detail", kwargs={"pk": other.pk}),
            {"name": "x"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="3",
        ).status_code
        == 404
    )
    assert (
        api.post(reverse("api:card-level-list"), {}, format="json").status_code == 405
    )


def test_counter_staff_still_read_card_items():
    staff = make_provider_staff(role=Role.PROVIDER_STAFF)
    item = CardItemFactory(organization=staff.memberships.first().organization)

    response = _api(staff).get(reverse("api:card-item-list"))

    assert response.status_code == 200 and _ids(response) == {item.pk}


# Approvals


def _pending_refund(threshold="100.00"):
    card = open_card(balance="1000")
    policy(card.organization, approval_threshold=Decimal(threshold))
    cashier = make_cashier(card.organization)
    payment = services.pay(
        card=card, amount="300", items=[], operator=cashier, idempotency_key=key()
    )
    response = _api(cashier).post(
        reverse("api:card-entry-refund", kwargs={"pk": payment.pk}),
        {"reason": "服务取消"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="refund-1",
    )
    return card, cashier, response


def test_refund_above_the_threshold_files_a_request_instead_of_refunding():
    card, cashier, response = _pending_refund()

    assert response.status_code == 202
    body = response.json()
    assert body["code"] == "approval_requested"
    approval = CardApproval.objects.get(pk=body["approval"]["id"])
    assert approval.status == CardApproval.Status.PENDING
    assert approval.amount == Decimal("300.00")
    card.refresh_from_db()
    assert card.balance == Decimal("700.00")


def test_second_manager_approves_once_per_key_and_the_refund_is_made():
    card, cashier, response = _pending_refund()
    approval_id = response.json()["approval"]["id"]
    second = _api(make_cashier(card.organization))

    listing = second.get(reverse("api:card-approval-list"))
    url = reverse("api:card-approval-approve", kwargs={"pk": approval_id})
    first = second.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="ok")
    replay = second.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="ok")
    again = second.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="ok-2")

    assert _ids(listing) == {approval_id}
    assert first.status_code == replay.status_code == 200
    assert replay.json() == first.json()
    assert first.json()["status"] == "approved"
    assert first.json()["entry"]["amount"] == "300.00"
    assert again.status_code == 400 and again.json()["code"] == "already_decided"
    card.refresh_from_db()
    assert card.balance == Decimal("1000.00")


def test_the_requester_cannot_approve_their_own_request():
    card, cashier, response = _pending_refund()
    url = reverse(
        "api:card-approval-approve", kwargs={"pk": response.json()["approval"]["id"]}
    )

    answer = _api(cashier).post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="self")

    assert answer.status_code == 403 and answer.json()["code"] == "same_person"
    card.refresh_from_db()
    assert card.balance == Decimal("700.00")


def test_reject_leaves_the_card_alone_and_others_cannot_see_the_request():
    card, cashier, response = _pending_refund()
    approval_id = response.json()["approval"]["id"]
    stranger = _api(make_cashier())
    member = _api(make_family_member(user=UserFactory()))
    reject = reverse("api:card-approval-reject", kwargs={"pk": approval_id})

    hidden = stranger.get(reverse("api:card-approval-list"))
    foreign = stranger.post(reject, {}, format="json", HTTP_IDEMPOTENCY_KEY="r")
    forbidden = member.post(reject, {}, format="json", HTTP_IDEMPOTENCY_KEY="r")
    done = _api(make_cashier(card.organization)).post(
        reject, {}, format="json", HTTP_IDEMPOTENCY_KEY="r"
    )

    assert approval_id not in _ids(hidden)
    assert foreign.status_code == 404
    assert forbidden.status_code == 403
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    assert done.json()["entry"] is None
    card.refresh_from_db()
    assert card.balance == Decimal("700.00")


# Editing a card's record


def test_counter_edits_a_card_and_the_log_keeps_old_and_new_values():
    card = open_card(holder_name="张三")
    cashier = make_cashier(card.organization)
    vip = CardLevel.objects.get(organization=card.organization, code="vip")
    url = reverse("api:card-detail", kwargs={"pk": card.pk})
    api = _api(cashier)

    first = api.patch(
        url,
        {"holder_name": "张三丰", "level": vip.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="e",
    )
    replay = api.patch(
        url,
        {"holder_name": "张三丰", "level": vip.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="e",
    )

    assert first.status_code == 200 and replay.json() == first.json()
    assert first.json()["level"] == vip.name
    log = card.operations.get(action="edit")
    assert log.changes["holder_name"] == ["张三", "张三丰"]
    assert log.operator == cashier


def test_card_edit_refuses_bad_values_other_organisations_and_members():
    user = make_family_member(user=UserFactory())
    card = open_card(customer=CustomerFactory(user=user))
    url = reverse("api:card-detail", kwargs={"pk": card.pk})
    api = _api(make_cashier(card.organization))
    foreign_level = ensure_levels(make_cashier().memberships.first().organization)[0]

    wrong_level = api.patch(
        url, {"level": foreign_level.pk}, format="json", HTTP_IDEMPOTENCY_KEY="1"
    )
    not_editable = api.patch(
        url, {"principal_balance": "9999"}, format="json", HTTP_IDEMPOTENCY_KEY="2"
    )
    bad_date = api.patch(
        url, {"expires_on": "明天"}, format="json", HTTP_IDEMPOTENCY_KEY="3"
    )
    foreign = _api(make_cashier()).patch(
        url, {"note": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="4"
    )
    member = _api(user).patch(
        url, {"note": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="5"
    )

    assert (
        wrong_level.status_code == 400 and wrong_level.json()["code"] == "invalid_level"
    )
    assert not_editable.status_code == 400
    assert not_editable.json()["code"] == "not_editable"
    assert bad_date.status_code == 400
    assert foreign.status_code == 404
    assert member.status_code == 403
    card.refresh_from_db()
    assert card.principal_balance == 0 and not card.operations.filter(action="edit")
    assert _api(user).get(url).status_code == 200


def test_operators_setting_rows_are_created_for_the_acting_organisation():
    manager = make_cashier()
    org = manager.memberships.first().organization

    _api(manager).post(
        reverse("api:card-operator-list"),
        {"name": "李四", "phone": "13900003333"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="op",
    )

    assert CardOperator.objects.get(name="李四").organization == org
