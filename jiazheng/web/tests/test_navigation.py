"""The console menu each role sees, and who gets the console at all."""

import pytest
from django.urls import reverse

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.web.console_menu import MENU, menu_for

pytestmark = pytest.mark.django_db

EXPECTED_MENU = {
    Role.DISPATCHER: {
        "web:console_home",
        "providers_console:application_list",
        "accounts_console:verification_list",
        "accounts_console:organization_list",
        "catalog_console:category_list",
        "catalog_console:item_list",
        "catalog_console:holiday_list",
        "customers_console:customer_list",
        "workers_console:worker_list",
        "bookings_console:call_in",
        "bookings_console:order_list",
        "dispatch:board",
        "bookings_console:review_list",
    },
    Role.EDITOR: {
        "web:console_home",
        "catalog_console:category_list",
        "catalog_console:item_list",
        "catalog_console:holiday_list",
    },
    Role.AUDITOR: {
        "web:console_home",
        "web:audit_log",
        "accounts_console:user_list",
        "cards_console:stats_statement",
    },
    Role.CASHIER: {
        "web:console_home",
        "cards_console:card_list",
        "cards_console:stats_statement",
    },
    Role.OFFICE_STAFF: {"web:console_home", "hr_console:employee_list"},
    Role.PROVIDER_ADMIN: {
        "web:console_home",
        "hr_console:employee_list",
        "workers_console:worker_list",
        "bookings_console:order_list",
        "dispatch:board",
        "bookings_console:review_list",
        "cards_console:card_list",
        "cards_console:stats_statement",
        "providers_console:profile_list",
        "providers_console:fee_list",
        "providers_console:job_list",
        "providers_console:job_application_list",
        "accounts_console:user_list",
    },
    Role.PROVIDER_STAFF: {
        "web:console_home",
        "workers_console:worker_list",
        "bookings_console:order_list",
        "dispatch:board",
        "bookings_console:review_list",
        "cards_console:card_list",
        "cards_console:stats_statement",
        "providers_console:fee_list",
        "providers_console:job_list",
    },
}


def menu_names(client):
    response = client.get(reverse("web:home"))
    return {entry["url_name"] for entry in response.context["console_menu"]}


def test_every_menu_entry_resolves():
    for entry in MENU:
        assert reverse(entry.url_name).startswith("/console/"), entry.url_name


@pytest.mark.parametrize("role", sorted(EXPECTED_MENU))
def test_menu_lists_what_the_role_may_open(role):
    assert {e["url_name"] for e in menu_for(frozenset({role}))} == EXPECTED_MENU[role]


def test_platform_admin_sees_every_entry():
    names = {e["url_name"] for e in menu_for(frozenset({Role.PLATFORM_ADMIN}))}

    assert names == {entry.url_name for entry in MENU}


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_platform_staff(Role.AUDITOR),
        lambda: make_provider_staff(role=Role.PROVIDER_STAFF),
    ],
)
def test_staff_get_the_console_link_and_their_menu(client, make_user):
    client.force_login(make_user())

    response = client.get(reverse("web:home"))

    assert response.context["nav_console"] is True
    assert 'href="/console/"' in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [
        make_family_member,
        lambda: make_provider_staff(role=Role.WORKER),
        # A platform role held in a provider gives no platform console.
        lambda: make_provider_staff(role=Role.AUDITOR),
    ],
)
def test_members_and_workers_get_no_console(client, make_user):
    client.force_login(make_user())

    response = client.get(reverse("web:home"))

    assert response.context["nav_console"] is False
    assert response.context["console_menu"] == []


def test_visitor_gets_no_console(client):
    response = client.get(reverse("web:home"))

    assert response.context["nav_console"] is False


def test_roles_count_only_in_their_kind_of_organization(client):
    user = make_provider_staff(role=Role.PROVIDER_ADMIN)
    make_platform_staff(Role.EDITOR, user=user)
    client.force_login(user)

    names = menu_names(client)

    assert names == EXPECTED_MENU[Role.PROVIDER_ADMIN] | EXPECTED_MENU[Role.EDITOR]


def test_navigation_costs_one_query_per_request(client, django_assert_max_num_queries):
    user = make_platform_staff(Role.PLATFORM_ADMIN)
    client.force_login(user)
    # Session and user lookups (2), memberships once (1), the page itself.
    response = client.get(reverse("web:search"))
    assert response.status_code == 200

    with django_assert_max_num_queries(3):
        client.get(reverse("web:search"))


def test_superuser_counts_as_platform_admin(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert menu_names(client) == {entry.url_name for entry in MENU}
