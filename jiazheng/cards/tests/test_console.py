from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_family_member, make_provider_staff
from jiazheng.cards import services
from jiazheng.cards.exports import operation_log_workbook
from jiazheng.cards.models import Card, CardApproval, CardOperationLog, EntryKind
from jiazheng.cards.services.ledger import log_operation
from jiazheng.cards.tests.factories import (
    BonusRuleFactory,
    CardItemFactory,
    CardOperatorFactory,
    key,
    make_cashier,
    open_card,
)
from jiazheng.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_counter_opens_a_named_card_with_an_opening_top_up(client):
    cashier = make_cashier()
    client.force_login(cashier)

    response = client.post(
        reverse("cards_console:card_open"),
        {
            "kind": "named",
            "phone": "13912345678",
            "name": "李女士",
            "initial_amount": "300",
            "method": "cash",
        },
    )

    card = Card.objects.get()
    assert response.status_code == 302
    assert card.customer.phone == "13912345678"
    assert card.balance == Decimal("300.00")
    assert card.organization == cashier.memberships.first().organization


def test_counter_payment_applies_the_level_discount_and_shows_a_receipt(client):
    card = open_card(balance="500")
    cashier = make_cashier(card.organization)
    level = card.level
    level.discount_percent = Decimal("90")
    level.save()
    item = CardItemFactory(organization=card.organization, price=Decimal("100"))
    client.force_login(cashier)

    response = client.post(
        reverse("cards_console:card_pay", kwargs={"pk": card.pk}),
        {f"qty_{item.pk}": "2", "idempotency_key": "k1"},
        follow=True,
    )

    card.refresh_from_db()
    assert card.balance == Decimal("320.00")
    content = response.content.decode()
    assert "¥-180.00" in content and "¥320.00" in content


def test_payment_over_the_balance_shows_the_message_on_the_form(client):
    card = open_card(balance="50")
    client.force_login(make_cashier(card.organization))

    response = client.post(
        reverse("cards_console:card_pay", kwargs={"pk": card.pk}),
        {"extra_amount": "60", "idempotency_key": "k2"},
    )

    assert response.status_code == 200
    assert "余额不足" in response.content.decode()


def test_another_providers_card_is_not_found(client):
    card = open_card(balance="50")
    client.force_login(make_cashier())

    for name in ("card_detail", "card_pay", "card_top_up", "card_freeze", "card_qr"):
        url = reverse(f"cards_console:{name}", kwargs={"pk": card.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x", "amount": "1"}).status_code == 404


def test_members_cannot_open_the_counter(client):
    client.force_login(make_family_member())
    assert client.get(reverse("cards_console:card_list")).status_code == 403


def test_card_lookup_by_scanned_number_opens_the_card(client):
    card = open_card()
    client.force_login(make_cashier(card.organization))

    response = client.get(reverse("cards_console:card_lookup"), {"number": card.number})

    assert response.url == reverse("cards_console:card_detail", kwargs={"pk": card.pk})


def test_qr_code_is_an_svg(client):
    card = open_card()
    client.force_login(make_cashier(card.organization))
    response = client.get(reverse("cards_console:card_qr", kwargs={"pk": card.pk}))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_close_above_threshold_asks_for_approval_then_another_manager_approves(
    client,
):
    card = open_card(balance="800")
    first = make_cashier(card.organization)
    second = make_cashier(card.organization)
    client.force_login(first)

    client.post(
        reverse("cards_console:card_close", kwargs={"pk": card.pk}),
        {"reason": "搬家", "method": "cash"},
    )
    approval = CardApproval.objects.get()
    client.force_login(second)
    client.post(
        reverse("cards_console:approval_decide", kwargs={"pk": approval.pk}),
        {"decision": "approve"},
    )

    card.refresh_from_db()
    assert card.status == Card.Status.CLOSED
    assert card.entries.filter(kind=EntryKind.CLOSE_REFUND).get().amount == Decimal(
        "-800.00"
    )


def test_console_pages_render(client):
    card = open_card(balance="300")
    services.pay(
        card=card,
        amount="20",
        items=[{"name": "保洁", "quantity": 1}],
        operator=None,
        idempotency_key=key(),
    )
    BonusRuleFactory(organization=card.organization)
    CardItemFactory(organization=card.organization)
    CardOperatorFactory(organization=card.organization)
    client.force_login(make_cashier(card.organization))
    names = [
        "card_list",
        "card_open",
        "approval_list",
        "stats_statement",
        "stats_consumption",
        "stats_members",
        "stats_monthly",
        "stats_levels",
        "stats_funds",
        "policy_list",
        "level_list",
        "bonus_rule_list",
        "bonus_rule_create",
        "item_list",
        "item_create",
        "operator_list",
        "operator_create",
        "operation_log",
    ]
    for name in names:
        assert client.get(reverse(f"cards_console:{name}")).status_code == 200, name
    for name in (
        "card_detail",
        "card_edit",
        "card_pay",
        "card_top_up",
        "card_close",
        "card_adjust",
        "card_pin",
        "card_package",
        "card_replace",
    ):
        url = reverse(f"cards_console:{name}", kwargs={"pk": card.pk})
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(
    "name",
    [
        "stats_statement",
        "stats_consumption",
        "stats_members",
        "stats_monthly",
        "stats_levels",
        "stats_funds",
        "operation_log",
    ],
)
def test_statistics_export_to_excel(client, name):
    card = open_card(balance="300")
    services.pay(card=card, amount="20", items=[], operator=None, idempotency_key=key())
    client.force_login(make_cashier(card.organization))

    response = client.get(reverse(f"cards_console:{name}"), {"export": "xlsx"})

    book = load_workbook(BytesIO(response.content))
    assert book.active.max_row >= 2


def test_policy_page_refuses_a_cap_above_the_2012_rule(client):
    card = open_card()
    client.force_login(make_cashier(card.organization))
    policy = card.organization.card_policy
    response = client.post(
        reverse("cards_console:policy_edit", kwargs={"pk": policy.pk}),
        {
            "named_cap": "6000",
            "anonymous_cap": "1000",
            "anonymous_validity_years": 3,
            "payment_order": "proportional",
            "cooling_off_days": 7,
            "approval_threshold": "500",
            "pin_max_attempts": 5,
            "pin_lock_minutes": 30,
        },
    )
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.named_cap == Decimal("5000.00")


def test_provider_staff_cannot_change_settings(client):
    card = open_card()
    staff = make_provider_staff(card.organization, role=Role.PROVIDER_STAFF)
    client.force_login(staff)
    assert client.get(reverse("cards_console:level_list")).status_code == 403


@pytest.mark.parametrize("name", ["stats_members", "stats_consumption"])
def test_export_keeps_a_name_starting_with_equals_as_text(client, name):
    formula = '=HYPERLINK("http://evil.example","点我")'
    card = open_card(balance="300", customer=CustomerFactory(name=formula))
    services.pay(card=card, amount="20", items=[], operator=None, idempotency_key=key())
    client.force_login(make_cashier(card.organization))

    response = client.get(reverse(f"cards_console:{name}"), {"export": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + formula in values
    assert formula not in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_operation_log_export_keeps_a_summary_starting_with_equals_as_text():
    card = open_card()
    log_operation(
        organization=card.organization, operator=None, action="edit", summary="=1+1"
    )
    book = operation_log_workbook(
        CardOperationLog.objects.filter(organization=card.organization)
    )
    buffer = BytesIO()
    book.save(buffer)

    sheet = load_workbook(BytesIO(buffer.getvalue())).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=1+1" in values
