"""The call-in screen shows the caller's membership cards next to the record."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.bookings.queries import caller_cards, mask_card_number
from jiazheng.bookings.tests.factories import OrderFactory
from jiazheng.cards.models import Card, VisitPackage
from jiazheng.cards.tests.factories import CardFactory
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.customers.tests.factories import CustomerAddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db

PHONE = "13766665555"


def package(card, *, left=3, total=5, days=30, **fields):
    return VisitPackage.objects.create(
        card=card,
        service_item=fields.pop("service_item", None) or ServiceItemFactory(),
        visits_total=total,
        visits_left=left,
        price=Decimal("500.00"),
        principal_part=Decimal("500.00"),
        bonus_part=Decimal("0.00"),
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        **fields,
    )


def caller(**fields):
    customer = CustomerFactory(phone=PHONE, name="钱女士", **fields)
    CustomerAddressFactory(customer=customer, is_default=True)
    return customer


def lookup(client, phone=PHONE):
    return client.get(
        reverse("bookings_console:call_in_lookup"), {"phone": phone}
    ).content.decode()


def test_the_callers_cards_show_masked_with_level_balance_status_and_visits(client):
    # given
    customer = caller()
    card = CardFactory(
        customer=customer,
        number="20261203000171",
        principal_balance=Decimal("800.00"),
        bonus_balance=Decimal("80.00"),
    )
    package(card, left=3, service_item=ServiceItemFactory(name="擦玻璃"))
    package(card, left=0)  # used up
    package(card, left=2, days=-1)  # expired
    frozen = CardFactory(
        customer=customer, number="20261203000288", status=Card.Status.FROZEN
    )
    CardFactory(number="20261203000399")  # someone else's card
    client.force_login(make_platform_staff(Role.DISPATCHER))

    # when
    html = lookup(client)

    # then
    assert "2026******0171" in html and "20261203000171" not in html
    assert "2026******0288" in html
    assert "0399" not in html
    assert card.get_kind_display() in html and card.level.name in html
    assert "880.00" in html
    assert "已冻结" in html and frozen.get_status_display() in html
    assert "次卡剩余 3 次" in html and "擦玻璃 3/5" in html


def test_a_caller_without_cards_is_told_so_and_the_full_page_shows_cards(client):
    customer = caller()
    client.force_login(make_platform_staff(Role.DISPATCHER))

    assert "暂无会员卡" in lookup(client)
    CardFactory(customer=customer, number="20261203000171")
    page = client.get(reverse("bookings_console:call_in"), {"phone": PHONE})
    assert "2026******0171" in page.content.decode()


def test_the_call_in_queries_do_not_grow_with_cards_orders_and_packages(client):
    # given: one caller with one of everything, another with many
    few = caller()
    CardFactory(customer=few)
    OrderFactory(booking__customer=few)
    many = CustomerFactory(phone="13766664444")
    for _ in range(3):
        CustomerAddressFactory(customer=many)
        OrderFactory(booking__customer=many)
        card = CardFactory(customer=many)
        package(card)
        package(card)
    client.force_login(make_platform_staff(Role.DISPATCHER))
    lookup(client)  # warm per-process caches (regions, content types)

    # when
    counts = {}
    for name, phone in (("few", PHONE), ("many", "13766664444")):
        for url in ("call_in_lookup", "call_in"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    reverse(f"bookings_console:{url}"), {"phone": phone}
                )
            assert response.status_code == 200
            counts[name, url] = len(queries)

    # then
    assert counts["few", "call_in_lookup"] == counts["many", "call_in_lookup"]
    assert counts["few", "call_in"] == counts["many", "call_in"]
    assert counts["many", "call_in_lookup"] <= 12
    assert counts["many", "call_in"] <= 16


def test_provider_staff_read_only_their_own_cards_of_a_customer():
    customer = caller()
    ours = CardFactory(customer=customer)
    CardFactory(customer=customer)
    staff = make_provider_staff(organization=ours.organization)

    assert [c.pk for c in caller_cards(customer, staff)] == [ours.pk]


def test_open_cards_come_first():
    customer = caller()
    closed = CardFactory(customer=customer, status=Card.Status.CLOSED)
    active = CardFactory(customer=customer)
    dispatcher = make_platform_staff(Role.DISPATCHER)
    Card.objects.filter(pk=active.pk).update(
        created_at=closed.created_at - datetime.timedelta(days=1)
    )

    assert [c.pk for c in caller_cards(customer, dispatcher)] == [active.pk, closed.pk]


@pytest.mark.parametrize(
    ("number", "masked"),
    [("20261203000171", "2026******0171"), ("123456", "**3456"), ("", "")],
)
def test_card_numbers_keep_only_their_first_and_last_four_digits(number, masked):
    assert mask_card_number(number) == masked
