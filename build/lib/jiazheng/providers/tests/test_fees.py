"""Fee standards in the console: create, edit, publish, warnings (1.3.2)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import ServiceError
from jiazheng.providers.models import ProviderServiceItem
from jiazheng.providers.services.fees import create_provider_item, update_provider_item
from jiazheng.providers.tests.factories import ProviderServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return ServiceItemFactory(
        name="日常保洁",
        guidance_price_min=Decimal("40.00"),
        guidance_price_max=Decimal("60.00"),
    )


def test_a_price_inside_the_guidance_range_is_saved_without_warning(
    client, provider, provider_admin, item
):
    client.force_login(provider_admin)

    response = client.post(
        reverse("providers_console:fee_create"),
        {"item": item.pk, "price": "50.00", "description": "", "is_published": "on"},
        follow=True,
    )

    saved = ProviderServiceItem.objects.get()
    assert (saved.organization, saved.item, saved.price) == (
        provider,
        item,
        Decimal("50.00"),
    )
    assert saved.is_published
    assert "指导价" not in "".join(str(m) for m in response.context["messages"])


def test_a_price_outside_the_guidance_range_is_saved_with_a_warning(
    client, provider_admin, item
):
    client.force_login(provider_admin)

    response = client.post(
        reverse("providers_console:fee_create"),
        {"item": item.pk, "price": "30", "is_published": "on"},
        follow=True,
    )

    assert ProviderServiceItem.objects.get().price == Decimal("30.00")
    page = response.content.decode()
    assert "低于指导价下限 ¥40.00" in page


@pytest.mark.parametrize("price", ["12.345", "-5", "0", "abc"])
def test_a_bad_price_is_refused_on_the_form(client, provider_admin, item, price):
    client.force_login(provider_admin)

    response = client.post(
        reverse("providers_console:fee_create"), {"item": item.pk, "price": price}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["price"]
    assert not ProviderServiceItem.objects.exists()


@pytest.mark.parametrize("price", ["12.345", "-5", "0", Decimal("1.001")])
def test_the_service_refuses_a_bad_price(provider, item, price):
    with pytest.raises(ServiceError) as caught:
        create_provider_item(organization=provider, item=item, price=price)

    assert caught.value.field == "price"
    assert not ProviderServiceItem.objects.exists()


def test_one_fee_standard_per_item_and_provider(provider, item):
    create_provider_item(organization=provider, item=item, price="50")

    with pytest.raises(ServiceError) as caught:
        create_provider_item(organization=provider, item=item, price="52")

    assert caught.value.code == "duplicate_item"
    assert ProviderServiceItem.objects.count() == 1


def test_only_providers_set_fee_standards(enterprise, item):
    with pytest.raises(ServiceError):
        create_provider_item(organization=enterprise, item=item, price="50")


def test_editing_changes_the_price_and_keeps_the_item(
    client, provider, provider_admin, item
):
    provider_item = ProviderServiceItemFactory(organization=provider, item=item)
    other = ServiceItemFactory()
    client.force_login(provider_admin)

    client.post(
        reverse("providers_console:fee_edit", args=[provider_item.pk]),
        {"item": other.pk, "price": "58.50", "description": "两小时起"},
    )

    provider_item.refresh_from_db()
    assert provider_item.price == Decimal("58.50")
    assert provider_item.item == item
    assert not provider_item.is_published


def test_unpublishing_hides_the_item_from_the_public_page(
    client, provider, provider_admin, item
):
    provider_item = ProviderServiceItemFactory(organization=provider, item=item)
    client.force_login(provider_admin)

    client.post(
        reverse("providers_console:fee_publish", args=[provider_item.pk]),
        {"action": "unpublish"},
    )
    client.logout()

    page = client.get(reverse("providers:provider_detail", args=[provider.pk]))
    assert "日常保洁" not in page.content.decode()


def test_the_console_list_marks_prices_outside_guidance(
    client, provider, provider_admin, item
):
    ProviderServiceItemFactory(organization=provider, item=item, price="70.00")
    client.force_login(provider_admin)

    page = client.get(reverse("providers_console:fee_list")).content.decode()

    assert "高于指导价上限 ¥60.00" in page


def test_update_refuses_three_decimals(provider, item):
    provider_item = ProviderServiceItemFactory(organization=provider, item=item)

    with pytest.raises(ServiceError):
        update_provider_item(provider_item=provider_item, price="1.234")

    provider_item.refresh_from_db()
    assert provider_item.price == Decimal("50.00")
