"""The catalogue over REST: public reads, writes for platform editors."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.catalog.models import CatalogChange, Category, ServiceItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor_api(api):
    api.force_authenticate(make_platform_staff(role=Role.EDITOR))
    return api


def test_anyone_reads_the_category_tree(api):
    response = api.get(reverse("api:category-list"))

    assert response.status_code == 200
    groups = response.json()
    assert [g["code"] for g in groups][:2] == ["domestic", "cleaning"]
    assert len(groups) == 10
    assert groups[0]["children"][0] == {
        "code": "domestic-nanny",
        "name": "保姆",
        "description": "",
        "is_hot": False,
        "sort_order": 10,
    }


def test_category_detail_includes_children_and_their_items(api):
    response = api.get(reverse("api:category-detail", args=["domestic"]))

    body = response.json()
    assert body["parent"] is None
    nanny = body["children"][0]
    assert nanny["items"][0]["code"] == "nanny-live-in"
    assert nanny["items"][0]["guidance_price_min"] == "5500.00"


def test_unknown_category_is_404_in_the_error_format(api):
    response = api.get(reverse("api:category-detail", args=["nope"]))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_items_filter_by_group_or_category_and_text(api):
    url = reverse("api:item-list")

    by_group = api.get(url, {"category": "moving"}).json()
    by_category = api.get(url, {"category": "domestic-nanny"}).json()
    by_text = api.get(url, {"q": "月嫂"}).json()

    assert {i["code"] for i in by_group["results"]} == {"company-moving", "home-moving"}
    assert by_category["count"] == 2
    assert [i["code"] for i in by_text["results"]] == ["maternity-nurse-26-days"]


def test_item_detail_shows_decimals_as_strings(api):
    response = api.get(reverse("api:item-detail", args=["hourly-worker"]))

    body = response.json()
    assert body["guidance_price_min"] == "40.00"
    assert body["guidance_price_max"] == "60.00"
    assert body["unit_display"] == "每小时"
    assert body["guidance_price_display"] == "¥40.00–¥60.00 / 每小时"
    assert body["category"] == "domestic-hourly"


def test_inactive_item_is_not_public(api):
    ServiceItem.objects.filter(code="hourly-worker").update(is_active=False)

    assert (
        api.get(reverse("api:item-detail", args=["hourly-worker"])).status_code == 404
    )


def test_guidance_prices_are_a_flat_list_of_every_active_item(api):
    response = api.get(reverse("api:guidance-price-list"))

    rows = response.json()
    assert len(rows) == ServiceItem.objects.filter(is_active=True).count()
    hourly = next(r for r in rows if r["item_code"] == "hourly-worker")
    assert hourly == {
        "item_code": "hourly-worker",
        "item": "小时工",
        "category": "domestic-hourly",
        "category_name": "小时工",
        "unit": "hour",
        "unit_display": "每小时",
        "min": "40.00",
        "max": "60.00",
    }


def test_editor_creates_an_item(editor_api):
    response = editor_api.post(
        reverse("api:item-list"),
        {
            "category": "cleaning-home",
            "code": "window-cleaning",
            "name": "擦玻璃",
            "unit": "sqm",
            "guidance_price_min": "4.00",
            "guidance_price_max": "8.50",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["guidance_price_max"] == "8.50"
    assert CatalogChange.objects.filter(object_code="window-cleaning").exists()


def test_invalid_range_over_the_api_is_a_400_with_a_field(editor_api):
    response = editor_api.patch(
        reverse("api:item-detail", args=["hourly-worker"]),
        {"guidance_price_min": "90"},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_range"
    assert "guidance_price_max" in body["errors"]
    assert ServiceItem.objects.get(code="hourly-worker").guidance_price_min == Decimal(
        "40.00"
    )


def test_editor_patches_and_deactivates_an_item(editor_api):
    response = editor_api.patch(
        reverse("api:item-detail", args=["hourly-worker"]),
        {"guidance_price_max": "70.00", "is_active": False},
        format="json",
    )

    assert response.status_code == 200
    item = ServiceItem.objects.get(code="hourly-worker")
    assert (item.guidance_price_max, item.is_active) == (Decimal("70.00"), False)
    assert list(
        CatalogChange.objects.order_by("id").values_list("action", flat=True)
    ) == ["update", "deactivate"]


@pytest.mark.parametrize("who", ["anonymous", "provider", "dispatcher"])
def test_writes_are_refused_to_everyone_but_editors(api, who):
    if who == "provider":
        api.force_authenticate(make_provider_staff())
    elif who == "dispatcher":
        api.force_authenticate(make_platform_staff(role=Role.DISPATCHER))

    created = api.post(
        reverse("api:item-list"),
        {
            "category": "cleaning-home",
            "code": "x",
            "name": "x",
            "unit": "hour",
            "guidance_price_min": "1",
            "guidance_price_max": "2",
        },
        format="json",
    )
    patched = api.patch(
        reverse("api:item-detail", args=["hourly-worker"]),
        {"guidance_price_max": "99"},
        format="json",
    )

    assert created.status_code in (401, 403)
    assert patched.status_code in (401, 403)
    assert not ServiceItem.objects.filter(code="x").exists()
    assert Category.objects.filter(code="cleaning-home").exists()
    assert ServiceItem.objects.get(code="hourly-worker").guidance_price_max == 60


def test_schema_documents_the_catalogue_endpoints(api):
    response = api.get(reverse("api:schema"), {"format": "json"})

    paths = response.json()["paths"]
    assert "/api/v1/categories/" in paths
    assert "/api/v1/items/{code}/" in paths
    assert "patch" in paths["/api/v1/items/{code}/"]
    assert "/api/v1/guidance-prices/" in paths
