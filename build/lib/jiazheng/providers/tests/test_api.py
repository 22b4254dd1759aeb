"""The providers API: public reads, job applications, franchise, "my" offers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory
from jiazheng.providers.models import (
    FranchiseApplication,
    JobApplication,
    ProviderProfile,
    ProviderServiceItem,
)
from jiazheng.providers.tests.factories import (
    FranchiseApplicationFactory,
    JobPostingFactory,
    ProviderFactory,
    ProviderServiceItemFactory,
    make_credit_code,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_public_lists_and_filters_providers(api):
    cleaning = CategoryFactory(code="cleaning")
    a, _b = ProviderFactory(name="甲家政"), ProviderFactory(name="乙家政")
    ProviderProfile.objects.get(organization=a).categories.add(cleaning)

    everything = api.get(reverse("api:provider-list")).json()
    filtered = api.get(reverse("api:provider-list"), {"category": "cleaning"}).json()

    assert everything["count"] == 2
    assert [p["name"] for p in filtered["results"]] == ["甲家政"]
    assert filtered["results"][0]["id"] == a.pk


def test_a_provider_shows_its_published_items_with_guidance(api):
    provider = ProviderFactory()
    ProviderServiceItemFactory(
        organization=provider,
        item=ServiceItemFactory(code="daily-clean", guidance_price_max="60.00"),
        price="70.00",
    )
    ProviderServiceItemFactory(organization=provider, is_published=False)

    body = api.get(reverse("api:provider-detail", args=[provider.pk])).json()

    assert [i["item"] for i in body["items"]] == ["daily-clean"]
    assert body["items"][0]["price"] == "70.00"
    assert body["items"][0]["guidance_warning"] == "高于指导价上限 ¥60.00"


def test_applying_to_a_job_over_the_api_is_idempotent_per_phone(api):
    posting = JobPostingFactory()
    url = reverse("api:job-posting-apply", args=[posting.pk])

    first = api.post(url, {"name": "王芳", "phone": "13912345678"}, format="json")
    second = api.post(url, {"name": "王芳", "phone": "13912345678"}, format="json")

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert first.json()["phone"] == "139****5678"
    assert JobApplication.objects.count() == 1


def test_a_bad_phone_gets_a_json_error(api):
    posting = JobPostingFactory()

    response = api.post(
        reverse("api:job-posting-apply", args=[posting.pk]),
        {"name": "王芳", "phone": "110"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["phone"]


def franchise_payload(category, chaoyang, **overrides):
    values = {
        "company_name": "安心家政服务有限公司",
        "credit_code": make_credit_code(77),
        "legal_representative": "李四",
        "contact_phone": "13912345678",
        "region": chaoyang.code,
        "address": "建国路1号",
        "categories": [category.pk],
        "introduction": "专业保洁。",
        "business_licence": pdf_upload(),
    }
    values.update(overrides)
    return values


def test_an_enterprise_member_submits_with_an_idempotency_key_once(
    api, applicant, category, chaoyang
):
    api.force_authenticate(applicant)
    url = reverse("api:franchise-application-list")

    first = api.post(
        url,
        franchise_payload(category, chaoyang),
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="abc-123",
    )
    second = api.post(
        url,
        franchise_payload(category, chaoyang),
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="abc-123",
    )

    assert first.status_code == 201, first.json()
    assert second.json()["id"] == first.json()["id"]
    assert FranchiseApplication.objects.count() == 1
    assert first.json()["documents"][0]["kind"] == "business_licence"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "123"}, "credit_code"),
        (
            {"business_licence": SimpleUploadedFile("a.pdf", b"text")},
            "business_licence",
        ),
        ({"introduction": "<img src=x onerror=alert(1)>"}, "introduction"),
    ],
    ids=["credit-code", "fake-pdf", "html"],
)
def test_bad_franchise_input_gets_a_json_error_and_saves_nothing(
    api, applicant, category, chaoyang, overrides, field
):
    api.force_authenticate(applicant)

    response = api.post(
        reverse("api:franchise-application-list"),
        franchise_payload(category, chaoyang, **overrides),
        format="multipart",
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not FranchiseApplication.objects.exists()


def test_a_non_enterprise_user_cannot_apply(api, provider_admin, category, chaoyang):
    api.force_authenticate(provider_admin)

    response = api.post(
        reverse("api:franchise-application-list"),
        franchise_payload(category, chaoyang),
        format="multipart",
    )

    assert response.status_code == 403


def test_members_list_their_own_applications_and_staff_list_all(
    api, applicant, enterprise
):
    own = FranchiseApplicationFactory(organization=enterprise, applicant=applicant)
    FranchiseApplicationFactory()

    api.force_authenticate(applicant)
    mine = api.get(reverse("api:franchise-application-list")).json()
    api.force_authenticate(make_platform_staff(Role.DISPATCHER))
    everything = api.get(reverse("api:franchise-application-list")).json()

    assert [a["id"] for a in mine["results"]] == [own.pk]
    assert everything["count"] == 2


def test_staff_approve_and_reject_over_the_api(api, reviewer):
    approved, rejected = FranchiseApplicationFactory(), FranchiseApplicationFactory()
    api.force_authenticate(reviewer)

    ok = api.post(reverse("api:franchise-application-approve", args=[approved.pk]))
    again = api.post(reverse("api:franchise-application-approve", args=[approved.pk]))
    no_reason = api.post(
        reverse("api:franchise-application-reject", args=[rejected.pk]),
        {"reason": ""},
        format="json",
    )
    refused = api.post(
        reverse("api:franchise-application-reject", args=[rejected.pk]),
        {"reason": "材料不全"},
        format="json",
    )

    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert again.status_code == 400 and again.json()["code"] == "already_reviewed"
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert refused.json()["reject_reason"] == "材料不全"


def test_the_applicant_cannot_approve_their_own_application(api, applicant, enterprise):
    application = FranchiseApplicationFactory(
        organization=enterprise, applicant=applicant
    )
    api.force_authenticate(applicant)

    response = api.post(
        reverse("api:franchise-application-approve", args=[application.pk])
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == FranchiseApplication.Status.SUBMITTED


def test_provider_staff_manage_their_fee_standards(api, provider, provider_admin):
    item = ServiceItemFactory(code="hourly", guidance_price_max="60.00")
    api.force_authenticate(provider_admin)

    created = api.post(
        reverse("api:my-provider-item-list"),
        {"item": "hourly", "price": "65.00", "description": "三小时起"},
        format="json",
    )
    pk = created.json()["id"]
    updated = api.patch(
        reverse("api:my-provider-item-detail", args=[pk]),
        {"price": "55.00", "is_published": False},
        format="json",
    )
    bad = api.patch(
        reverse("api:my-provider-item-detail", args=[pk]),
        {"price": "55.555"},
        format="json",
    )

    assert created.status_code == 201
    assert created.json()["guidance_warning"] == "高于指导价上限 ¥60.00"
    assert updated.json()["price"] == "55.00"
    assert updated.json()["is_published"] is False
    assert bad.status_code == 400
    saved = ProviderServiceItem.objects.get()
    assert (saved.organization, saved.item, str(saved.price)) == (
        provider,
        item,
        "55.00",
    )
    deleted = api.delete(reverse("api:my-provider-item-detail", args=[pk]))
    assert deleted.status_code == 204
    assert not ProviderServiceItem.objects.exists()


def test_provider_staff_publish_and_close_postings(api, provider, provider_admin):
    api.force_authenticate(provider_admin)

    created = api.post(
        reverse("api:my-job-posting-list"),
        {"title": "钟点工", "description": "周末", "headcount": 2},
        format="json",
    )
    closed = api.patch(
        reverse("api:my-job-posting-detail", args=[created.json()["id"]]),
        {"status": "closed"},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert closed.json()["status"] == "closed"


def test_family_and_enterprise_members_cannot_use_the_my_endpoints(api, applicant):
    api.force_authenticate(applicant)

    assert api.get(reverse("api:my-provider-item-list")).status_code == 403
    assert api.get(reverse("api:my-job-posting-list")).status_code == 403


def test_the_schema_is_valid(api):
    response = api.get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
