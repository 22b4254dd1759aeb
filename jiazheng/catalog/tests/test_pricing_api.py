"""The holiday table and the price rule over REST."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.catalog.models import CatalogChange
from jiazheng.catalog.queries import pricing_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anyone_reads_a_years_holidays(api):
    response = api.get(reverse("api:holiday-list"), {"year": 2026})

    body = response.json()
    assert response.status_code == 200
    assert (body["year"], body["known"], body["known_until"]) == (2026, True, 2026)
    assert {"date": "2026-10-01", "name": "国庆节", "is_workday": False} in body["days"]
    assert {"date": "2026-02-14", "name": "春节", "is_workday": True} in body["days"]


def test_a_year_without_data_says_so(api):
    body = api.get(reverse("api:holiday-list"), {"year": 2027}).json()

    assert (body["known"], body["days"]) == (False, [])


@pytest.mark.parametrize("year", ["abc", "99999", "1800"])
def test_an_invalid_year_is_a_clear_error(api, year):
    response = api.get(reverse("api:holiday-list"), {"year": year})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_year"


def test_anyone_reads_the_pricing_rule(api):
    response = api.get(reverse("api:pricing-rule"))

    assert response.status_code == 200
    assert response.json()["holiday_surcharge_percent"] == "50.00"
    assert response.json()["cancellation_free_hours"] == 24


def test_an_administrator_patches_the_rule(api):
    api.force_authenticate(make_platform_staff(role=Role.PLATFORM_ADMIN))

    response = api.patch(
        reverse("api:pricing-rule"),
        {"weekend_surcharge_percent": "20.5"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["weekend_surcharge_percent"] == "20.50"
    assert pricing_rule().weekend_surcharge_percent == Decimal("20.50")


def test_an_invalid_percent_over_the_api_is_refused_and_nothing_saved(api):
    api.force_authenticate(make_platform_staff(role=Role.PLATFORM_ADMIN))

    response = api.patch(
        reverse("api:pricing-rule"),
        {"holiday_surcharge_percent": "450", "auto_confirm_hours": 12},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "percent_out_of_range"
    assert pricing_rule().auto_confirm_hours == 48
    assert not CatalogChange.objects.exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.DISPATCHER])
def test_other_staff_may_not_patch_the_rule(api, role):
    api.force_authenticate(make_platform_staff(role=role))

    response = api.patch(
        reverse("api:pricing-rule"), {"auto_confirm_hours": 1}, format="json"
    )

    assert response.status_code == 403
    assert pricing_rule().auto_confirm_hours == 48


def test_anonymous_clients_may_not_patch_the_rule(api):
    response = api.patch(
        reverse("api:pricing-rule"), {"auto_confirm_hours": 1}, format="json"
    )

    assert response.status_code in (401, 403)
    assert pricing_rule().auto_confirm_hours == 48
