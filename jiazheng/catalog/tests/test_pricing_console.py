"""Console pages for the holiday table and the price rule."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.catalog.models import CatalogChange, Holiday
from jiazheng.catalog.queries import pricing_rule

pytestmark = pytest.mark.django_db

HOLIDAYS = "catalog_console:holiday_list"
PRICING = "catalog_console:pricing_rule"


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client):
    return _login(client, make_platform_staff(role=Role.PLATFORM_ADMIN))


def _rule_form(**overrides):
    data = {
        "holiday_surcharge_percent": "50.00",
        "weekend_surcharge_percent": "0.00",
        "cancellation_free_hours": "24",
        "auto_confirm_hours": "48",
    }
    data.update(overrides)
    return data


def test_the_holiday_page_lists_a_years_days_off_and_make_up_days(admin_client):
    response = admin_client.get(reverse(HOLIDAYS), {"year": 2026})

    html = response.content.decode()
    assert response.status_code == 200
    assert "2026-02-17" in html and "春节" in html
    assert "2026-10-10" in html and "调休上班" in html
    assert "2025-10-06" not in html


@freeze_time("2026-11-20 10:00:00")
def test_the_holiday_page_warns_when_next_year_is_not_loaded(admin_client):
    response = admin_client.get(reverse(HOLIDAYS))

    assert "节假日表还没有 2027 年的安排" in response.content.decode()


@freeze_time("2025-11-20 10:00:00")
def test_no_warning_when_next_year_is_loaded(admin_client):
    response = admin_client.get(reverse(HOLIDAYS))

    assert "节假日表还没有" not in response.content.decode()


def test_the_holiday_page_runs_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        admin_client.get(reverse(HOLIDAYS), {"year": 2026})


def test_an_administrator_adds_edits_and_deletes_a_day(admin_client):
    created = admin_client.post(
        reverse("catalog_console:holiday_create"),
        {"date": "2027-01-01", "name": "元旦"},
    )
    holiday = Holiday.objects.get(date=date(2027, 1, 1))
    edited = admin_client.post(
        reverse("catalog_console:holiday_edit", args=[holiday.pk]),
        {"date": "2027-01-01", "name": "元旦节"},
    )
    page = admin_client.get(reverse("catalog_console:holiday_edit", args=[holiday.pk]))
    deleted = admin_client.post(
        reverse("catalog_console:holiday_delete", args=[holiday.pk])
    )

    assert created.status_code == edited.status_code == deleted.status_code == 302
    assert created["Location"].endswith("?year=2027")
    assert "元旦 → 元旦节" in page.content.decode()
    assert not Holiday.objects.filter(date=date(2027, 1, 1)).exists()
    actions = CatalogChange.objects.filter(object_code="2027-01-01").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_duplicate_day_is_refused_on_the_form(admin_client):
    response = admin_client.post(
        reverse("catalog_console:holiday_create"),
        {"date": "2026-10-01", "name": "重复"},
    )

    assert response.status_code == 200
    assert "已在节假日表中" in response.content.decode()
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节"


def test_the_sync_button_restores_deleted_seeded_rows(admin_client):
    Holiday.objects.filter(date__year=2026).delete()

    response = admin_client.post(
        reverse("catalog_console:holiday_sync"), {"year": "2026"}, follow=True
    )

    assert "新增 39 天" in response.content.decode()
    assert Holiday.objects.filter(date__year=2026).count() == 39


def test_an_administrator_edits_the_rule_and_sees_its_history(admin_client):
    response = admin_client.post(
        reverse(PRICING), _rule_form(holiday_surcharge_percent="80.50"), follow=True
    )

    assert pricing_rule().holiday_surcharge_percent == Decimal("80.50")
    assert "50.00 → 80.50" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("301", "0到300之间"), ("-5", "0到300之间"), ("12.345", "两位小数")],
)
def test_an_invalid_percent_is_refused_with_a_message_and_nothing_saved(
    admin_client, value, message
):
    response = admin_client.post(
        reverse(PRICING),
        _rule_form(holiday_surcharge_percent=value, cancellation_free_hours="6"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "invalid-feedback" in html and message in html
    rule = pricing_rule()
    assert rule.holiday_surcharge_percent == Decimal("50.00")
    assert rule.cancellation_free_hours == 24
    assert not CatalogChange.objects.exists()


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.EDITOR])
def test_dispatchers_and_editors_read_but_do_not_change(client, role):
    _login(client, make_platform_staff(role=role))
    holiday = Holiday.objects.get(date=date(2026, 10, 1))

    holidays = client.get(reverse(HOLIDAYS), {"year": 2026})
    rule = client.get(reverse(PRICING))
    post_rule = client.post(reverse(PRICING), _rule_form(auto_confirm_hours="1"))
    add = client.get(reverse("catalog_console:holiday_create"))
    delete = client.post(reverse("catalog_console:holiday_delete", args=[holiday.pk]))
    sync = client.post(reverse("catalog_console:holiday_sync"))

    assert holidays.status_code == rule.status_code == 200
    assert "从数据包同步" not in holidays.content.decode()
    assert 'name="holiday_surcharge_percent"' not in rule.content.decode()
    assert "50.00%" in rule.content.decode()
    assert post_rule.status_code == add.status_code == 403
    assert delete.status_code == sync.status_code == 403
    assert pricing_rule().auto_confirm_hours == 48
    assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_provider_staff_cannot_open_the_pages(client):
    _login(client, make_provider_staff(role=Role.PROVIDER_ADMIN))

    assert client.get(reverse(HOLIDAYS)).status_code == 403
    assert client.get(reverse(PRICING)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse(PRICING))

    assert response.status_code == 302
    assert "login" in response["Location"]
