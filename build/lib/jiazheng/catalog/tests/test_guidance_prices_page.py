"""The public guidance price page (1.4.3) and the category pages."""

import pytest
from django.urls import reverse

from jiazheng.catalog.models import Category, ServiceItem
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_page_lists_every_group_and_item_with_its_range_and_unit(client):
    response = client.get(reverse("catalog:guidance_prices"))

    assert response.status_code == 200
    html = response.content.decode()
    for name in Category.objects.filter(parent__isnull=True).values_list(
        "name", flat=True
    ):
        assert name in html
    for name in ServiceItem.objects.values_list("name", flat=True):
        assert name in html
    assert "¥40.00–¥60.00 / 每小时" in html
    assert 'href="#group-domestic"' in html
    assert 'id="group-hot"' in html


def test_search_filters_items_by_name_or_category(client):
    url = reverse("catalog:guidance_prices")

    by_item = client.get(url, {"q": "抽油烟机"}).content.decode()
    by_group = client.get(url, {"q": "搬家服务"}).content.decode()

    assert "抽油烟机清洗" in by_item
    assert "¥120.00–¥200.00 / 每次" in by_item
    assert "住家保姆" not in by_item
    assert "家庭搬家" in by_group and "公司搬家" in by_group
    assert "¥40.00–¥60.00 / 每小时" not in by_group


def test_search_without_results_says_so_and_escapes_the_term(client):
    response = client.get(
        reverse("catalog:guidance_prices"), {"q": "<script>alert(1)</script>"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "没有找到" in html


def test_inactive_items_are_not_shown(client):
    ServiceItem.objects.filter(code="hourly-worker").update(is_active=False)

    html = client.get(reverse("catalog:guidance_prices")).content.decode()

    assert "¥40.00–¥60.00 / 每小时" not in html
    assert reverse("catalog:category_detail", args=["domestic-hourly"]) not in html
    assert "住家保姆" in html


def test_page_makes_the_same_few_queries_however_many_items(
    client, django_assert_max_num_queries
):
    url = reverse("catalog:guidance_prices")
    with django_assert_max_num_queries(3):
        client.get(url)

    # given many more groups, categories and items
    for _ in range(5):
        group = CategoryFactory()
        for _ in range(4):
            ServiceItemFactory.create_batch(5, category=CategoryFactory(parent=group))

    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count("list-group-item") > 150


def test_category_page_shows_its_items_and_children(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("catalog:category_detail", args=["domestic"]))

    html = response.content.decode()
    assert "住家保姆" in html and "育儿嫂" in html
    assert "¥8000.00–¥18000.00 / 每月" in html


def test_unknown_or_inactive_category_is_404(client):
    Category.objects.filter(code="pets").update(is_active=False)

    assert (
        client.get(reverse("catalog:category_detail", args=["nope"])).status_code == 404
    )
    assert (
        client.get(reverse("catalog:category_detail", args=["pets"])).status_code == 404
    )
    assert (
        client.get(
            reverse("catalog:category_detail", args=["pets-boarding"])
        ).status_code
        == 404
    )


def test_item_names_are_escaped_on_the_page(client):
    # Names from the services never carry markup; this guards rows written
    # some other way (admin shell, imports).
    ServiceItemFactory(
        category=Category.objects.get(code="cleaning-home"), name="<i>x</i>"
    )

    html = client.get(reverse("catalog:guidance_prices")).content.decode()

    assert "<i>x</i>" not in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html
