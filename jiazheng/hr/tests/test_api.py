"""The read-only personnel API, scoped like the console."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    OrganizationFactory,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.hr.tests.factories import EmployeeFactory, make_id_number

pytestmark = pytest.mark.django_db
EMPLOYEES = reverse("api:employee-list")


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_provider_admin_lists_only_their_employees_with_masked_ids():
    provider = OrganizationFactory()
    ours = EmployeeFactory(organization=provider, id_number=make_id_number(1))
    theirs = EmployeeFactory()
    api = _api(make_provider_staff(organization=provider, role=Role.PROVIDER_ADMIN))

    listed = api.get(EMPLOYEES).json()["results"]

    assert [e["id"] for e in listed] == [ours.pk]
    assert listed[0]["id_number"] == ours.id_number_masked
    assert "*" in listed[0]["id_number"]
    url = reverse("api:employee-detail", args=[theirs.pk])
    assert api.get(url).status_code == 404


def test_office_staff_filter_by_status_and_organisation():
    provider = OrganizationFactory()
    EmployeeFactory(organization=provider, status="left")
    active = EmployeeFactory(organization=provider)
    EmployeeFactory()
    api = _api(make_platform_staff(Role.OFFICE_STAFF))

    listed = api.get(
        EMPLOYEES, {"organization": provider.pk, "status": "active"}
    ).json()["results"]

    assert [e["id"] for e in listed] == [active.pk]


def test_provider_staff_without_admin_role_are_refused():
    api = _api(make_provider_staff(role=Role.PROVIDER_STAFF))

    assert api.get(EMPLOYEES).status_code == 403
