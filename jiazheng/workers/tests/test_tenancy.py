"""Provider B's staff never list, fetch or change provider A's workers.

Mirrors web/tests/test_tenancy_walk.py for WorkerProfile with the factory,
viewer and marker that the walk uses for it.
"""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tenancy import registered_routes
from jiazheng.accounts.tests.factories import make_provider_staff
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.tests.factories import ProviderOrganizationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def make_row(org, tag):
    return WorkerFactory(organization=org, employee__name=tag)


def setup_walk(role=Role.PROVIDER_ADMIN):
    org_a, org_b = ProviderOrganizationFactory(), ProviderOrganizationFactory()
    viewer = make_provider_staff(organization=org_b, role=role)
    return viewer, make_row(org_a, "甲方阿姨"), make_row(org_b, "乙方阿姨")


@pytest.mark.parametrize("role", [Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF])
def test_pages_never_show_or_change_another_providers_workers(client, role):
    viewer, theirs, ours = setup_walk(role)
    route = registered_routes()[WorkerProfile]
    client.force_login(viewer)
    before = model_to_dict(theirs)

    content = client.get(reverse(route.console_list)).content.decode()
    assert "乙方阿姨" in content and "甲方阿姨" not in content
    for name in (route.console_detail, route.console_change):
        url = reverse(name, kwargs={"pk": theirs.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404

    theirs.refresh_from_db()
    assert model_to_dict(theirs) == before


def test_api_never_returns_or_changes_another_providers_workers():
    viewer, theirs, ours = setup_walk()
    route = registered_routes()[WorkerProfile]
    api = APIClient()
    api.force_authenticate(viewer)
    before = model_to_dict(theirs)

    ids = {row["id"] for row in api.get(reverse(route.api_list)).json()["results"]}
    assert ids == {ours.pk}
    url = reverse(route.api_detail, kwargs={"pk": theirs.pk})
    assert api.get(url).status_code == 404
    assert api.patch(url, {}, format="json").status_code == 404
    assert api.put(url, {}, format="json").status_code == 404
    assert api.delete(url).status_code in {404, 405}

    theirs.refresh_from_db()
    assert model_to_dict(theirs) == before
