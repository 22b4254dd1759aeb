"""The tenancy walk for the card models, as web/tests/test_tenancy_walk.py does it."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.tenancy import registered_routes
from jiazheng.cards.tests.tenancy_walk import CARDS_WALK

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}
REFUSED_WRITE = {403, 404, 405}
MODELS = sorted(CARDS_WALK, key=lambda m: m.__name__)


def _setup(model):
    make_org, make_viewer, make_row, marker = CARDS_WALK[model]
    org_a, org_b = make_org(), make_org()
    viewer = make_viewer(org_b)
    theirs = make_row(org_a, f"甲方{model.__name__}")
    ours = make_row(org_b, f"乙方{model.__name__}")
    return marker, viewer, theirs, ours


def _snapshot(row):
    row.refresh_from_db()
    return model_to_dict(row)


def test_every_card_model_with_an_organization_is_registered():
    owned = {model for model in registered_routes() if model._meta.app_label == "cards"}
    assert owned == set(CARDS_WALK)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_console_never_shows_or_changes_another_organizations_rows(client, model):
    marker, viewer, theirs, ours = _setup(model)
    route = registered_routes()[model]
    client.force_login(viewer)
    before = _snapshot(theirs)

    response = client.get(reverse(route.console_list))
    assert response.status_code == 200
    content = response.content.decode()
    assert marker(theirs) not in content
    assert marker(ours) in content
    for name in (route.console_detail, route.console_change):
        if name:
            url = reverse(name, kwargs={"pk": theirs.pk})
            assert client.get(url).status_code in REFUSED
            assert client.post(url, {}).status_code in REFUSED
    assert _snapshot(theirs) == before


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_api_never_returns_or_changes_another_organizations_rows(model):
    marker, viewer, theirs, ours = _setup(model)
    route = registered_routes()[model]
    api = APIClient()
    api.force_authenticate(viewer)
    before = _snapshot(theirs)

    if route.api_list:
        response = api.get(reverse(route.api_list))
        assert response.status_code == 200
        payload = response.json()
        results = payload["results"] if isinstance(payload, dict) else payload
        ids = {item["id"] for item in results}
        assert theirs.pk not in ids and ours.pk in ids
    if route.api_detail:
        url = reverse(route.api_detail, kwargs={"pk": theirs.pk})
        assert api.get(url).status_code in REFUSED
        for method in (api.patch, api.put):
            assert method(url, {}, format="json").status_code in REFUSED_WRITE
        assert api.delete(url).status_code in REFUSED_WRITE
    assert _snapshot(theirs) == before
