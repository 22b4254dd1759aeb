"""Submitting, reviewing and resubmitting franchise applications (1.3.1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiazheng.accounts.models import Membership, Organization, Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.notifications.models import SmsMessage
from jiazheng.providers.models import (
    ApplicationDocument,
    ApplicationEvent,
    FranchiseApplication,
    ProviderProfile,
)
from jiazheng.providers.services.franchise import (
    approve_application,
    reject_application,
    resubmit_application,
    submit_application,
)
from jiazheng.providers.tests.factories import (
    FranchiseApplicationFactory,
    ProviderFactory,
    make_credit_code,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db

Status = FranchiseApplication.Status
LICENCE = ApplicationDocument.Kind.BUSINESS_LICENCE


def data(category, chaoyang, **overrides):
    values = {
        "company_name": "安心家政服务有限公司",
        "credit_code": make_credit_code(42),
        "legal_representative": "李四",
        "contact_phone": "13912345678",
        "region": chaoyang,
        "address": "建国路1号",
        "latitude": None,
        "longitude": None,
        "introduction": "专业保洁。",
        "categories": [category],
    }
    values.update(overrides)
    return values


def submit(applicant, enterprise, category, chaoyang, documents=None, **overrides):
    return submit_application(
        applicant=applicant,
        organization=enterprise,
        data=data(category, chaoyang, **overrides),
        documents=documents if documents is not None else [(LICENCE, pdf_upload())],
    )


def test_submitting_records_the_application_its_documents_and_an_event(
    applicant, enterprise, category, chaoyang
):
    application = submit(
        applicant,
        enterprise,
        category,
        chaoyang,
        documents=[
            (LICENCE, pdf_upload("执照.pdf")),
            (ApplicationDocument.Kind.QUALIFICATION, png_upload("资质.png")),
        ],
        credit_code=" 9111 0105 0000 0004 2" + make_credit_code(42)[-1].lower(),
    )

    assert application.status == Status.SUBMITTED
    assert application.credit_code == make_credit_code(42)
    assert list(application.categories.all()) == [category]
    names = sorted(d.original_name for d in application.documents.all())
    assert names == ["执照.pdf", "资质.png"]
    stored = application.documents.get(kind=LICENCE)
    assert stored.file.name.startswith("franchise/")
    assert "执照" not in stored.file.name
    event = application.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        "",
        Status.SUBMITTED,
        applicant,
    )


@pytest.mark.parametrize(
    "credit_code",
    [
        "91110105000000042",  # 17 characters
        "9111010500000004IO",  # I and O are not in the charset
        make_credit_code(42)[:-1] + ("0" if make_credit_code(42)[-1] != "0" else "1"),
    ],
    ids=["wrong-length", "bad-charset", "wrong-check-character"],
)
def test_a_malformed_credit_code_is_refused_and_nothing_saved(
    applicant, enterprise, category, chaoyang, credit_code
):
    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang, credit_code=credit_code)

    assert caught.value.field == "credit_code"
    assert not FranchiseApplication.objects.exists()
    assert not ApplicationDocument.objects.exists()


def test_an_oversized_licence_is_refused(applicant, enterprise, category, chaoyang):
    huge = pdf_upload(size=10 * 1024 * 1024 + 1)

    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang, documents=[(LICENCE, huge)])

    assert caught.value.field == "business_licence"
    assert "10" in str(caught.value.message)
    assert not FranchiseApplication.objects.exists()


def test_a_text_file_named_pdf_is_refused(applicant, enterprise, category, chaoyang):
    fake = SimpleUploadedFile("licence.pdf", b"just some text", "application/pdf")

    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang, documents=[(LICENCE, fake)])

    assert caught.value.code == "file_type_not_allowed"
    assert not FranchiseApplication.objects.exists()


def test_an_application_without_a_business_licence_is_refused(
    applicant, enterprise, category, chaoyang
):
    qualification = (ApplicationDocument.Kind.QUALIFICATION, pdf_upload())

    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang, documents=[qualification])

    assert caught.value.code == "licence_required"
    assert not FranchiseApplication.objects.exists()


@pytest.mark.parametrize(
    "field", ["company_name", "legal_representative", "address", "introduction"]
)
def test_html_in_a_text_field_is_refused(
    applicant, enterprise, category, chaoyang, field
):
    with pytest.raises(ServiceError) as caught:
        submit(
            applicant,
            enterprise,
            category,
            chaoyang,
            **{field: "<script>alert(1)</script>"},
        )

    assert caught.value.field == field
    assert caught.value.code == "html_not_allowed"
    assert not FranchiseApplication.objects.exists()


def test_latitude_out_of_range_is_refused(applicant, enterprise, category, chaoyang):
    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang, latitude=91)

    assert caught.value.field == "latitude"


def test_an_organisation_has_one_open_application_at_a_time(
    applicant, enterprise, category, chaoyang
):
    submit(applicant, enterprise, category, chaoyang)

    with pytest.raises(ServiceError) as caught:
        submit(
            applicant, enterprise, category, chaoyang, credit_code=make_credit_code(7)
        )

    assert caught.value.code == "application_open"
    assert FranchiseApplication.objects.count() == 1


def test_a_credit_code_of_an_approved_provider_is_refused(
    applicant, enterprise, category, chaoyang
):
    ProviderFactory(credit_code=make_credit_code(42))

    with pytest.raises(ServiceError) as caught:
        submit(applicant, enterprise, category, chaoyang)

    assert caught.value.code == "already_provider"


def test_only_enterprise_members_of_the_organisation_may_apply(
    category, chaoyang, enterprise
):
    outsider = make_provider_staff()

    with pytest.raises(NotAllowed):
        submit(outsider, enterprise, category, chaoyang)


def test_the_same_idempotency_key_returns_the_first_application(
    applicant, enterprise, category, chaoyang
):
    first = submit_application(
        applicant=applicant,
        organization=enterprise,
        data=data(category, chaoyang),
        documents=[(LICENCE, pdf_upload())],
        idempotency_key="key-1",
    )
    again = submit_application(
        applicant=applicant,
        organization=enterprise,
        data=data(category, chaoyang),
        documents=[(LICENCE, pdf_upload())],
        idempotency_key="key-1",
    )

    assert again.pk == first.pk
    assert FranchiseApplication.objects.count() == 1
    assert ApplicationDocument.objects.count() == 1


def test_approval_creates_the_provider_its_showcase_and_its_admin_and_texts_the_applicant(
    applicant,
    enterprise,
    category,
    chaoyang,
    reviewer,
    outbox,
    django_capture_on_commit_callbacks,
):
    application = submit(applicant, enterprise, category, chaoyang)

    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application=application, reviewer=reviewer)

    application.refresh_from_db()
    provider = application.provider
    assert application.status == Status.APPROVED
    assert application.reviewer == reviewer
    assert provider.kind == Organization.Kind.PROVIDER
    assert provider.credit_code == application.credit_code
    assert provider.region == chaoyang
    profile = ProviderProfile.objects.get(organization=provider)
    assert list(profile.categories.all()) == [category]
    assert profile.introduction == "<p>专业保洁。</p>"
    assert Membership.objects.filter(
        user=applicant, organization=provider, role=Role.PROVIDER_ADMIN
    ).exists()
    assert [sms.phone for sms in outbox] == [applicant.phone]
    assert "安心家政服务有限公司" in outbox[0].body
    assert "已通过审核" in outbox[0].body
    event = application.events.last()
    assert (event.from_status, event.to_status, event.actor) == (
        Status.SUBMITTED,
        Status.APPROVED,
        reviewer,
    )


def test_approving_twice_is_refused_and_creates_one_provider(reviewer):
    application = FranchiseApplicationFactory()
    approve_application(application=application, reviewer=reviewer)

    with pytest.raises(ServiceError) as caught:
        approve_application(application=application, reviewer=reviewer)

    assert caught.value.code == "already_reviewed"
    assert Organization.objects.filter(kind=Organization.Kind.PROVIDER).count() == 1
    assert SmsMessage.objects.count() == 1


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_platform_staff(Role.CASHIER),
        lambda: make_provider_staff(role=Role.PROVIDER_ADMIN),
    ],
    ids=["cashier", "provider-admin"],
)
def test_only_platform_admins_and_dispatchers_may_review(make_user):
    application = FranchiseApplicationFactory()

    with pytest.raises(NotAllowed):
        approve_application(application=application, reviewer=make_user())
    with pytest.raises(NotAllowed):
        reject_application(application=application, reviewer=make_user(), reason="x")

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_dispatcher_may_approve():
    application = FranchiseApplicationFactory()

    approve_application(
        application=application, reviewer=make_platform_staff(Role.DISPATCHER)
    )

    application.refresh_from_db()
    assert application.status == Status.APPROVED


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_without_a_reason_is_refused(reviewer, reason):
    application = FranchiseApplicationFactory()

    with pytest.raises(ServiceError) as caught:
        reject_application(application=application, reviewer=reviewer, reason=reason)

    assert caught.value.field == "reason"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not SmsMessage.objects.exists()


def test_rejection_texts_the_reason_then_resubmission_reenters_review_and_approval_follows(
    applicant,
    enterprise,
    category,
    chaoyang,
    reviewer,
    outbox,
    django_capture_on_commit_callbacks,
):
    # given a rejected application
    application = submit(applicant, enterprise, category, chaoyang)
    with django_capture_on_commit_callbacks(execute=True):
        reject_application(
            application=application, reviewer=reviewer, reason="营业执照不清晰"
        )
    assert "营业执照不清晰" in outbox[0].body
    assert "可修改后重新提交" in outbox[0].body

    # when the applicant corrects it
    resubmitted = resubmit_application(
        application=application,
        applicant=applicant,
        data=data(category, chaoyang, address="建国路2号"),
        documents=[(LICENCE, pdf_upload("清晰执照.pdf"))],
    )

    # then it is under review again, with its history kept
    assert resubmitted.status == Status.SUBMITTED
    assert resubmitted.address == "建国路2号"
    assert resubmitted.documents.count() == 2
    transitions = [(e.from_status, e.to_status) for e in resubmitted.events.all()]
    assert transitions == [
        ("", Status.SUBMITTED),
        (Status.SUBMITTED, Status.REJECTED),
        (Status.REJECTED, Status.SUBMITTED),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application=resubmitted, reviewer=reviewer)
    assert "已通过审核" in outbox[-1].body


def test_only_a_rejected_application_can_be_resubmitted(
    applicant, enterprise, category, chaoyang
):
    application = submit(applicant, enterprise, category, chaoyang)

    with pytest.raises(ServiceError) as caught:
        resubmit_application(
            application=application,
            applicant=applicant,
            data=data(category, chaoyang),
            documents=[],
        )

    assert caught.value.code == "not_rejected"


def test_resubmission_keeps_the_earlier_licence_when_none_is_given(
    applicant, enterprise, category, chaoyang, reviewer
):
    application = submit(applicant, enterprise, category, chaoyang)
    reject_application(application=application, reviewer=reviewer, reason="补充资质")

    resubmit_application(
        application=application,
        applicant=applicant,
        data=data(category, chaoyang),
        documents=[(ApplicationDocument.Kind.QUALIFICATION, png_upload())],
    )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.documents.filter(kind=LICENCE).count() == 1


def test_every_status_change_leaves_an_event(reviewer):
    application = FranchiseApplicationFactory()

    reject_application(application=application, reviewer=reviewer, reason="缺材料")

    assert ApplicationEvent.objects.filter(
        application=application, to_status=Status.REJECTED, note="缺材料"
    ).exists()
