"""The public showcase: list with filters, detail with prices and warnings."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory
from jiazheng.common.models import Region, region_index
from jiazheng.providers import queries
from jiazheng.providers.models import ProviderProfile
from jiazheng.providers.tests.factories import (
    JobPostingFactory,
    ProviderFactory,
    ProviderServiceItemFactory,
    district,
)

pytestmark = pytest.mark.django_db


def profile_of(organization):
    return ProviderProfile.objects.get(organization=organization)


def test_providers_are_filtered_by_category_district_and_text():
    cleaning, nanny = CategoryFactory(name="保洁"), CategoryFactory(name="保姆")
    haidian = district("110108", "海淀区")
    a = ProviderFactory(name="甲家政")
    b = ProviderFactory(name="乙保姆中心", region=haidian)
    profile_of(a).categories.add(cleaning)
    profile_of(b).categories.add(nanny)
    profile_of(b).districts.add(haidian)

    assert list(queries.search_providers(category=cleaning)) == [profile_of(a)]
    assert list(queries.search_providers(category=str(nanny.pk))) == [profile_of(b)]
    assert list(queries.search_providers(category=nanny.code)) == [profile_of(b)]
    assert list(queries.search_providers(district=haidian)) == [profile_of(b)]
    assert list(queries.search_providers(q="保姆中心")) == [profile_of(b)]


def test_a_provider_offering_an_item_in_a_category_matches_it():
    provider = ProviderFactory()
    provider_item = ProviderServiceItemFactory(organization=provider)

    found = queries.search_providers(category=provider_item.item.category)

    assert list(found) == [profile_of(provider)]


def test_a_group_matches_providers_of_its_child_categories():
    group = CategoryFactory(name="家政服务")
    child = CategoryFactory(name="月嫂", parent=group)
    provider = ProviderFactory()
    profile_of(provider).categories.add(child)

    assert list(queries.search_providers(category=group)) == [profile_of(provider)]


def test_inactive_providers_are_not_shown(client):
    ProviderFactory(name="停业家政", is_active=False)

    page = client.get(reverse("providers:provider_list")).content.decode()

    assert "停业家政" not in page
    assert queries.search_providers().count() == 0


def test_featured_providers_come_first_and_are_limited():
    for n in range(4):
        profile = profile_of(ProviderFactory(name=f"推荐{n}"))
        profile.is_featured = True
        profile.save()
    ProviderFactory(name="普通")

    featured = queries.featured_providers(limit=3)

    assert len(featured) == 3
    assert all(p.is_featured for p in featured)


def test_the_list_page_filters_and_paginates(client):
    cleaning = CategoryFactory(name="保洁")
    for n in range(14):
        profile_of(ProviderFactory(name=f"保洁公司{n:02d}")).categories.add(cleaning)
    ProviderFactory(name="其他公司")

    first = client.get(reverse("providers:provider_list"), {"category": cleaning.pk})
    second = client.get(
        reverse("providers:provider_list"), {"category": cleaning.pk, "page": 2}
    )

    assert len(first.context["providers"]) == 12
    assert len(second.context["providers"]) == 2
    assert "其他公司" not in first.content.decode() + second.content.decode()


def test_a_bad_filter_value_is_ignored_not_an_error(client):
    ProviderFactory(name="甲家政")

    response = client.get(
        reverse("providers:provider_list"), {"category": "abc", "district": "<x>"}
    )

    assert response.status_code == 200
    assert "甲家政" in response.content.decode()


def test_the_detail_page_shows_prices_units_guidance_and_a_warning_outside_it(client):
    provider = ProviderFactory(name="甲家政")
    item = ServiceItemFactory(
        name="日常保洁",
        guidance_price_min=Decimal("40.00"),
        guidance_price_max=Decimal("60.00"),
    )
    dear = ServiceItemFactory(name="深度保洁")
    ProviderServiceItemFactory(organization=provider, item=item, price="45.00")
    ProviderServiceItemFactory(organization=provider, item=dear, price="99.00")
    ProviderServiceItemFactory(
        organization=provider,
        item=ServiceItemFactory(name="未发布项目"),
        is_published=False,
    )
    JobPostingFactory(organization=provider, title="招聘保洁员")

    page = client.get(
        reverse("providers:provider_detail", args=[provider.pk])
    ).content.decode()

    assert "日常保洁" in page and "45.00" in page and "每小时" in page
    assert "高于指导价上限 ¥60.00" in page
    assert page.count("高于指导价上限") == 1
    assert "未发布项目" not in page
    assert "招聘保洁员" in page


def test_the_detail_of_an_unknown_or_non_provider_organisation_is_404(client):
    assert (
        client.get(reverse("providers:provider_detail", args=[99999])).status_code
        == 404
    )


def test_list_and_detail_pages_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    cleaning = CategoryFactory()
    for n in range(10):
        provider = ProviderFactory(name=f"公司{n}")
        profile_of(provider).categories.add(cleaning)
        ProviderServiceItemFactory(organization=provider)
        ProviderServiceItemFactory(organization=provider)
        JobPostingFactory(organization=provider)

    with django_assert_max_num_queries(10):
        client.get(reverse("providers:provider_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("providers:provider_detail", args=[provider.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("providers:job_list"))


def test_platform_staff_can_feature_a_provider_from_the_console(client):
    provider = ProviderFactory()
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))

    client.post(
        reverse("providers_console:profile_feature", args=[profile_of(provider).pk]),
        {"featured": "1"},
    )

    assert profile_of(provider).is_featured


def test_a_provider_admin_edits_the_showcase_with_sanitised_html(
    client, provider, provider_admin
):
    category = CategoryFactory(name="保洁")
    profile = profile_of(provider)
    client.force_login(provider_admin)

    response = client.post(
        reverse("providers_console:profile_edit", args=[profile.pk]),
        {
            "introduction": "<p>好<script>alert(1)</script></p><b>x</b>",
            "categories": [category.pk],
            "districts": [provider.region.pk],
            "founded_year": "2010",
        },
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert "script" not in profile.introduction
    assert profile.introduction.startswith("<p>好")
    assert list(profile.categories.all()) == [category]
    assert profile.founded_year == 2010


def test_a_provider_admin_cannot_feature_itself(client, provider, provider_admin):
    client.force_login(provider_admin)

    client.post(
        reverse("providers_console:profile_feature", args=[profile_of(provider).pk]),
        {"featured": "1"},
    )

    assert not profile_of(provider).is_featured


def test_public_api_lists_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    # given: providers in different districts, so that no region is shared
    region_index.cache_clear()
    for n, code in enumerate(["110101", "110102", "110105", "110106", "110108"]):
        provider = ProviderFactory(name=f"公司{n}", region=Region.objects.get(pk=code))
        profile_of(provider).districts.add(provider.region)
        ProviderServiceItemFactory(organization=provider)
        JobPostingFactory(organization=provider, region=provider.region)

    # then
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api:provider-list")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("api:job-posting-list")).status_code == 200
