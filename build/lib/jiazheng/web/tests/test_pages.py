"""Portal home, search, console home and the error pages."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tests.factories import (
    OrganizationFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.catalog.models import Category
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory
from jiazheng.common.models import Region
from jiazheng.providers.models import FranchiseApplication, ProviderProfile

pytestmark = pytest.mark.django_db


def make_provider(name, *, featured=True, introduction="专业家庭保洁，十年口碑。"):
    organization = OrganizationFactory(name=name)
    return ProviderProfile.objects.create(
        organization=organization, introduction=introduction, is_featured=featured
    )


def test_home_shows_category_groups_and_featured_providers(client):
    make_provider("安心家政有限公司")
    make_provider("不推荐的家政公司", featured=False)

    response = client.get(reverse("web:home"))

    page = response.content.decode()
    assert response.status_code == 200
    # The ten groups of 1.4.1 and their categories, linked to their pages.
    for group in ("家政服务", "清洁服务", "维修服务", "热门服务"):
        assert group in page
    assert "月嫂" in page
    yuesao = Category.objects.get(name="月嫂")
    assert reverse("catalog:category_detail", args=[yuesao.code]) in page
    assert "安心家政有限公司" in page
    assert "不推荐的家政公司" not in page
    assert f'action="{reverse("web:search")}"' in page


def test_home_needs_few_queries_whatever_the_data(
    client, django_assert_max_num_queries
):
    for n in range(8):
        make_provider(f"推荐企业{n}")

    # The category tree (4), the featured providers with their categories
    # and districts (3).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert len(response.context["featured_providers"]) == 6


def test_search_finds_service_items_and_providers(client):
    ServiceItemFactory(name="深度除螨", category=CategoryFactory(name="清洗除螨"))
    make_provider("除螨专家服务公司", featured=False)
    make_provider("搬家公司", featured=False)

    response = client.get(reverse("web:search"), {"q": "除螨"})

    page = response.content.decode()
    assert "深度除螨" in page
    assert "除螨专家服务公司" in page
    assert "搬家公司" not in page


def test_search_without_term_lists_nothing(client):
    response = client.get(reverse("web:search"), {"q": "   "})

    assert response.status_code == 200
    assert response.context["items"] == []
    assert response.context["providers"] == []


def test_search_escapes_the_term(client):
    response = client.get(reverse("web:search"), {"q": "<script>x</script>"})

    assert "<script>x</script>" not in response.content.decode()


def test_console_home_greets_dispatcher_with_pending_work(client):
    dispatcher = make_platform_staff(Role.DISPATCHER)
    client.force_login(dispatcher)

    response = client.get(reverse("web:console_home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "客服调度" in page
    labels = [count.label for count in response.context["counts"]]
    assert "待审核加盟申请" in labels
    assert "待审核实名认证" in labels
    assert "今日登录失败" not in labels


def make_district():
    province, _ = Region.objects.get_or_create(
        code="110000", defaults={"name": "北京市", "level": Region.Level.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="110100",
        defaults={"name": "北京市", "level": Region.Level.CITY, "parent": province},
    )
    district, _ = Region.objects.get_or_create(
        code="110105",
        defaults={"name": "朝阳区", "level": Region.Level.DISTRICT, "parent": city},
    )
    return district


def test_console_home_counts_pending_applications(client):
    # given one application under review and one already approved
    for status in (
        FranchiseApplication.Status.SUBMITTED,
        FranchiseApplication.Status.APPROVED,
    ):
        FranchiseApplication.objects.create(
            organization=OrganizationFactory(kind=Organization.Kind.ENTERPRISE),
            applicant=make_family_member(),
            company_name="新申请公司",
            credit_code="91110105MA01ABCD2X",
            legal_representative="王五",
            contact_phone="010-88886666",
            region=make_district(),
            address="朝阳路1号",
            introduction="简介",
            status=status,
            submitted_at=timezone.now(),
        )
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))

    # when
    response = client.get(reverse("web:console_home"))

    # then
    counts = {c.label: c.value for c in response.context["counts"]}
    assert counts["待审核加盟申请"] == 1
    assert counts["今日登录失败"] == 0


def test_console_home_shows_provider_staff_their_own_counts(client):
    staff = make_provider_staff(role=Role.PROVIDER_STAFF)
    client.force_login(staff)

    response = client.get(reverse("web:console_home"))

    labels = [count.label for count in response.context["counts"]]
    assert labels == ["已发布的收费标准", "招聘中的职位"]


def test_console_home_refuses_family_member_with_a_reason(client):
    client.force_login(make_family_member())

    response = client.get(reverse("web:console_home"))

    assert response.status_code == 403
    assert "控制台仅供平台职员和加盟企业职员使用" in response.content.decode()


def test_console_home_sends_visitors_to_login(client):
    response = client.get(reverse("web:console_home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_console_home_needs_few_queries(client, django_assert_max_num_queries):
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))

    # Session, user, memberships, one count per tile (5), the log entry.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("web:console_home"))

    assert response.status_code == 200


def test_unknown_page_shows_chinese_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "服务器出了点问题" in response.content.decode()


def test_pages_offer_a_skip_link_to_the_content(client):
    page = client.get(reverse("web:home")).content.decode()

    assert 'href="#main"' in page
    assert 'id="main"' in page
