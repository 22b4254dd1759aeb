"""Console pages where platform editors keep categories, items and prices."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.catalog.models import CatalogChange, Category, ServiceItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_platform_staff(role=Role.EDITOR))
    return client


def _item_form(**overrides):
    data = {
        "category": Category.objects.get(code="cleaning-home").pk,
        "code": "window-cleaning",
        "name": "擦玻璃",
        "unit": "sqm",
        "guidance_price_min": "4.00",
        "guidance_price_max": "8.50",
        "description": "",
        "sort_order": "0",
    }
    data.update(overrides)
    return data


def test_editor_sees_the_category_tree_and_the_item_list(editor_client):
    categories = editor_client.get(reverse("catalog_console:category_list"))
    items = editor_client.get(
        reverse("catalog_console:item_list"), {"category": "domestic"}
    )

    assert categories.status_code == 200
    assert "涉外管家" in categories.content.decode()
    html = items.content.decode()
    assert "住家保姆" in html and "¥5500.00–¥8500.00 / 每月" in html
    assert "¥120.00–¥200.00" not in html  # 抽油烟机清洗 is in another group


def test_editor_edits_an_items_guidance_range(editor_client):
    item = ServiceItem.objects.get(code="hourly-worker")
    data = _item_form(
        category=item.category_id,
        name="小时工",
        unit="hour",
        guidance_price_min="45",
        guidance_price_max="65",
    )

    response = editor_client.post(
        reverse("catalog_console:item_edit", args=[item.pk]), data
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.guidance_price_min, item.guidance_price_max) == (
        Decimal("45.00"),
        Decimal("65.00"),
    )
    change = CatalogChange.objects.get(object_code="hourly-worker")
    assert change.changes["guidance_price_min"] == ["40.00", "45.00"]
    page = editor_client.get(reverse("catalog_console:item_edit", args=[item.pk]))
    assert "40.00 → 45.00" in page.content.decode()


def test_editor_creates_an_item(editor_client):
    response = editor_client.post(reverse("catalog_console:item_create"), _item_form())

    assert response.status_code == 302
    assert ServiceItem.objects.get(code="window-cleaning").name == "擦玻璃"


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [
        ("80", "60", "指导价上限不能低于下限"),
        ("-5", "60", "0"),
        ("1.234", "60", "2"),
    ],
)
def test_invalid_ranges_are_refused_with_a_message_and_nothing_saved(
    editor_client, low, high, message
):
    response = editor_client.post(
        reverse("catalog_console:item_create"),
        _item_form(guidance_price_min=low, guidance_price_max=high),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html and message in html
    assert not ServiceItem.objects.filter(code="window-cleaning").exists()
    assert not CatalogChange.objects.exists()


def test_markup_in_a_name_is_refused(editor_client):
    response = editor_client.post(
        reverse("catalog_console:item_create"), _item_form(name="<b>擦玻璃</b>")
    )

    assert response.status_code == 200
    assert "尖括号" in response.content.decode()
    assert not ServiceItem.objects.filter(code="window-cleaning").exists()


def test_editor_creates_edits_and_deactivates_a_category(editor_client):
    group = Category.objects.get(code="domestic")

    editor_client.post(
        reverse("catalog_console:category_create"),
        {
            "code": "domestic-elderly",
            "name": "养老护理",
            "parent": group.pk,
            "sort_order": 90,
        },
    )
    category = Category.objects.get(code="domestic-elderly")
    editor_client.post(
        reverse("catalog_console:category_edit", args=[category.pk]),
        {"name": "老人护理", "parent": group.pk, "sort_order": 90},
    )
    editor_client.post(
        reverse("catalog_console:category_set_active", args=[category.pk]),
        {"is_active": "0"},
    )

    category.refresh_from_db()
    assert (category.name, category.parent, category.is_active) == (
        "老人护理",
        group,
        False,
    )
    assert list(
        CatalogChange.objects.filter(object_code="domestic-elderly")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "update", "deactivate"]


def test_editor_deactivates_an_item_and_it_leaves_the_portal(editor_client, client):
    item = ServiceItem.objects.get(code="range-hood-cleaning")

    editor_client.post(
        reverse("catalog_console:item_set_active", args=[item.pk]), {"is_active": "0"}
    )

    item.refresh_from_db()
    assert not item.is_active
    public = client.get(reverse("catalog:guidance_prices"), {"q": "抽油烟机"})
    assert "¥120.00" not in public.content.decode()


def test_dispatcher_reads_but_cannot_edit(client):
    client.force_login(make_platform_staff(role=Role.DISPATCHER))
    item = ServiceItem.objects.get(code="hourly-worker")

    listing = client.get(reverse("catalog_console:item_list"))
    edit = client.get(reverse("catalog_console:item_edit", args=[item.pk]))
    post = client.post(
        reverse("catalog_console:item_set_active", args=[item.pk]), {"is_active": "0"}
    )

    assert listing.status_code == 200
    assert reverse("catalog_console:item_edit", args=[item.pk]) not in (
        listing.content.decode()
    )
    assert edit.status_code == 403
    assert post.status_code == 403
    item.refresh_from_db()
    assert item.is_active


@pytest.mark.parametrize(
    "make_user",
    [make_provider_staff, lambda: make_provider_staff(role=Role.EDITOR), UserFactory],
)
def test_provider_staff_and_members_are_refused(client, make_user):
    client.force_login(make_user())
    item = ServiceItem.objects.get(code="hourly-worker")

    for url in (
        reverse("catalog_console:category_list"),
        reverse("catalog_console:item_list"),
        reverse("catalog_console:item_edit", args=[item.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(
        reverse("catalog_console:item_edit", args=[item.pk]),
        _item_form(category=item.category_id, guidance_price_min="1"),
    )
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert item.guidance_price_min == Decimal("40.00")


def test_anonymous_visitors_are_sent_to_login(client, settings):
    settings.LOGIN_URL = "/accounts/login/"
    item = ServiceItem.objects.get(code="hourly-worker")

    for url in (
        reverse("catalog_console:category_list"),
        reverse("catalog_console:item_list"),
        reverse("catalog_console:item_create"),
        reverse("catalog_console:item_edit", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_item_list_filter_is_safe_with_any_input(editor_client):
    response = editor_client.get(
        reverse("catalog_console:item_list"),
        {"category": "' OR 1=1 --", "q": "%_\\", "status": "bogus", "page": "x"},
    )

    assert response.status_code == 200
