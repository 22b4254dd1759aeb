"""The franchise pages: apply, my applications, resubmit, console review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    make_enterprise_member,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.providers.models import ApplicationDocument, FranchiseApplication
from jiazheng.providers.tests.factories import (
    FranchiseApplicationFactory,
    ProviderServiceItemFactory,
    make_credit_code,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

Status = FranchiseApplication.Status


def form_data(category, chaoyang, **overrides):
    values = {
        "company_name": "安心家政服务有限公司",
        "credit_code": make_credit_code(42),
        "legal_representative": "李四",
        "contact_phone": "010-66668888",
        "region": chaoyang.code,
        "address": "建国路1号",
        "latitude": "39.908",
        "longitude": "116.397",
        "categories": [category.pk],
        "introduction": "专业保洁。",
        "business_licence": pdf_upload("营业执照.pdf"),
    }
    values.update(overrides)
    return values


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("providers:apply"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_family_member_is_told_to_register_as_an_enterprise_member(client):
    client.force_login(make_family_member())

    response = client.get(reverse("providers:apply"))

    assert response.status_code == 403
    assert "企业会员" in response.content.decode()


def test_apply_then_approve_then_the_provider_is_showcased_with_its_prices(
    client,
    applicant,
    category,
    chaoyang,
    reviewer,
    outbox,
    django_capture_on_commit_callbacks,
):
    # an enterprise member applies
    client.force_login(applicant)
    response = client.post(reverse("providers:apply"), form_data(category, chaoyang))
    assert response.status_code == 302
    application = FranchiseApplication.objects.get()
    assert application.status == Status.SUBMITTED
    assert application.documents.get().original_name == "营业执照.pdf"

    # a reviewer approves it in the console
    client.force_login(reviewer)
    detail = client.get(
        reverse("providers_console:application_detail", args=[application.pk])
    )
    assert "营业执照.pdf" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("providers_console:application_approve", args=[application.pk])
        )
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert outbox[0].phone == applicant.phone

    # the provider publishes a price and the public sees it
    ProviderServiceItemFactory(organization=application.provider, price="55.00")
    client.logout()
    listing = client.get(reverse("providers:provider_list")).content.decode()
    assert "安心家政服务有限公司" in listing
    page = client.get(
        reverse("providers:provider_detail", args=[application.provider_id])
    ).content.decode()
    assert "55.00" in page


def test_invalid_input_is_shown_on_the_form_and_nothing_is_saved(
    client, applicant, category, chaoyang
):
    client.force_login(applicant)

    response = client.post(
        reverse("providers:apply"),
        form_data(
            category,
            chaoyang,
            credit_code="91110105000000042X",
            business_licence=SimpleUploadedFile("a.pdf", b"plain text"),
        ),
    )

    assert response.status_code == 200
    assert "校验位" in response.content.decode()
    assert not FranchiseApplication.objects.exists()


def test_a_fake_pdf_is_reported_on_the_licence_field(
    client, applicant, category, chaoyang
):
    client.force_login(applicant)

    response = client.post(
        reverse("providers:apply"),
        form_data(
            category,
            chaoyang,
            business_licence=SimpleUploadedFile("a.pdf", b"plain text"),
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["business_licence"]
    assert not FranchiseApplication.objects.exists()


def test_a_missing_licence_is_reported(client, applicant, category, chaoyang):
    client.force_login(applicant)
    data = form_data(category, chaoyang)
    del data["business_licence"]

    response = client.post(reverse("providers:apply"), data)

    assert response.context["form"].errors["business_licence"]
    assert not FranchiseApplication.objects.exists()


def test_the_applicant_sees_the_reason_and_resubmits(
    client, applicant, enterprise, category, chaoyang
):
    application = FranchiseApplicationFactory(
        organization=enterprise,
        applicant=applicant,
        status=Status.REJECTED,
        reject_reason="地址不详",
    )
    application.categories.add(category)
    ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.BUSINESS_LICENCE,
        file=pdf_upload(),
        original_name="licence.pdf",
        size=10,
    )
    client.force_login(applicant)

    page = client.get(reverse("providers:my_applications")).content.decode()
    assert "地址不详" in page
    assert reverse("providers:application_resubmit", args=[application.pk]) in page

    data = form_data(category, chaoyang, address="建国路99号")
    del data["business_licence"]
    response = client.post(
        reverse("providers:application_resubmit", args=[application.pk]), data
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.address == "建国路99号"


def test_another_organisation_cannot_see_or_resubmit_an_application(client):
    application = FranchiseApplicationFactory(status=Status.REJECTED)
    client.force_login(make_enterprise_member())

    response = client.get(
        reverse("providers:application_resubmit", args=[application.pk])
    )
    page = client.get(reverse("providers:my_applications")).content.decode()

    assert response.status_code == 404
    assert application.company_name not in page


def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(
    client, reviewer
):
    application = FranchiseApplicationFactory()
    client.force_login(reviewer)

    response = client.post(
        reverse("providers_console:application_reject", args=[application.pk]),
        {"reason": ""},
    )

    assert response.status_code == 200
    assert response.context["reject_form"].errors["reason"]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_approving_twice_in_the_console_shows_a_message(client, reviewer):
    application = FranchiseApplicationFactory()
    client.force_login(reviewer)
    url = reverse("providers_console:application_approve", args=[application.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "不能重复审核" in response.content.decode()


@pytest.mark.parametrize(
    "make_user",
    [lambda: make_provider_staff(), lambda: make_platform_staff(Role.CASHIER)],
    ids=["provider-admin", "cashier"],
)
def test_the_review_console_is_closed_to_other_roles(client, make_user):
    application = FranchiseApplicationFactory()
    client.force_login(make_user())

    for url in [
        reverse("providers_console:application_list"),
        reverse("providers_console:application_detail", args=[application.pk]),
    ]:
        assert client.get(url).status_code == 403
    client.post(reverse("providers_console:application_approve", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_review_list_filters_by_status(client, reviewer):
    FranchiseApplicationFactory(company_name="待审公司")
    FranchiseApplicationFactory(company_name="退回公司", status=Status.REJECTED)
    client.force_login(reviewer)

    page = client.get(
        reverse("providers_console:application_list"), {"status": "rejected"}
    ).content.decode()

    assert "退回公司" in page
    assert "待审公司" not in page


def test_documents_are_served_to_reviewers_and_the_applicant_only(client, reviewer):
    application = FranchiseApplicationFactory()
    document = ApplicationDocument.objects.create(
        application=application,
        kind=ApplicationDocument.Kind.BUSINESS_LICENCE,
        file=pdf_upload(),
        original_name="执照.pdf",
        size=10,
    )
    url = reverse("providers_console:application_document", args=[document.pk])
    applicant = make_enterprise_member(application.organization)

    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    client.force_login(make_enterprise_member())
    assert client.get(url).status_code == 404
    client.force_login(make_provider_staff())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
