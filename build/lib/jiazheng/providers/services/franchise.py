"""The franchise application's life: submit, review, resubmit (1.3.1, OP-7)."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts import services as account_services
from jiazheng.accounts.models import Organization, Role
from jiazheng.common.credit_code import normalize_credit_code
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.common.html import clean_rich_text, reject_markup
from jiazheng.common.uploads import validate_upload
from jiazheng.notifications.services import send_sms
from jiazheng.providers.models import (
    DOCUMENT_MAX_BYTES,
    ApplicationDocument,
    ApplicationEvent,
    FranchiseApplication,
    ProviderProfile,
)
from jiazheng.providers.permissions import (
    can_review_applications,
    is_enterprise_member_of,
)
from jiazheng.providers.services.checks import (
    check_selectable_region,
    full_clean_or_refuse,
    refuse_invalid,
)

logger = logging.getLogger(__name__)

Status = FranchiseApplication.Status

# The plain fields an applicant fills in; ``categories`` is set separately.
APPLICATION_FIELDS = (
    "company_name",
    "credit_code",
    "legal_representative",
    "contact_phone",
    "region",
    "address",
    "latitude",
    "longitude",
    "introduction",
)


def _fill(application, data):
    for field in APPLICATION_FIELDS:
        if field in data:
            setattr(application, field, data[field])
    application.credit_code = normalize_credit_code(application.credit_code or "")
    for field in ("company_name", "legal_representative", "address", "introduction"):
        setattr(application, field, (getattr(application, field) or "").strip())
    application.contact_phone = (application.contact_phone or "").strip()


def _check_categories(data):
    categories = list(data.get("categories") or [])
    if not categories:
        raise ServiceError(
            _("请至少选择一个服务类别。"),
            code="categories_required",
            field="categories",
        )
    return categories


def _check_documents(documents, *, has_licence_already=False):
    """Validate every upload by its content and size; require a business licence."""
    documents = list(documents or [])
    kinds = set(ApplicationDocument.Kind.values)
    for kind, upload in documents:
        if kind not in kinds:
            raise ServiceError(_("未知的材料类型。"), code="invalid", field="documents")
        try:
            validate_upload(
                upload, kinds=("pdf", "image"), max_bytes=DOCUMENT_MAX_BYTES
            )
        except ValidationError as error:
            field = (
                "business_licence"
                if kind == ApplicationDocument.Kind.BUSINESS_LICENCE
                else "qualifications"
            )
            message = next(iter(error.messages))
            raise ServiceError(
                message, code=error.code or "invalid_file", field=field
            ) from error
    has_licence = has_licence_already or any(
        kind == ApplicationDocument.Kind.BUSINESS_LICENCE for kind, _upload in documents
    )
    if not has_licence:
        raise ServiceError(
            _("请上传营业执照。"), code="licence_required", field="business_licence"
        )
    return documents


def _check_not_a_provider_yet(credit_code):
    if Organization.objects.filter(
        kind=Organization.Kind.PROVIDER, credit_code=credit_code
    ).exists():
        raise ServiceError(
            _("该统一社会信用代码已是平台的加盟企业，不能重复申请。"),
            code="already_provider",
            field="credit_code",
        )


def _check_no_open_application(organization, *, excluding=None):
    # Lock the organisation so that two simultaneous submissions queue up here.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    open_applications = FranchiseApplication.objects.filter(
        organization=organization, status=Status.SUBMITTED
    )
    if excluding is not None:
        open_applications = open_applications.exclude(pk=excluding.pk)
    if open_applications.exists():
        raise ServiceError(
            _("贵单位已有一份加盟申请正在审核中，请等待审核结果。"),
            code="application_open",
        )


def _save_documents(application, documents):
    for kind, upload in documents:
        upload.seek(0)
        ApplicationDocument.objects.create(
            application=application,
            kind=kind,
            file=upload,
            original_name=(upload.name or "")[-255:],
            size=upload.size,
        )


def _record(application, *, actor, from_status, note=""):
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=application.status,
        note=note,
    )


@transaction.atomic
def submit_application(*, applicant, organization, data, documents, idempotency_key=""):
    """Submit an enterprise member's franchise application for review.

    ``data`` holds the fields of APPLICATION_FIELDS and ``categories``;
    ``documents`` is a list of ``(kind, uploaded_file)``. With an
    ``idempotency_key`` a repeated call by the same applicant returns the
    application the first call created.
    """
    if idempotency_key:
        existing = FranchiseApplication.objects.filter(
            applicant=applicant, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    if not is_enterprise_member_of(applicant, organization):
        raise NotAllowed(
            _("只有企业会员可以申请加盟，请先以企业会员身份注册。"),
            code="not_enterprise_member",
        )

    application = FranchiseApplication(
        organization=organization,
        applicant=applicant,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        idempotency_key=idempotency_key,
    )
    _fill(application, data)
    full_clean_or_refuse(application)
    check_selectable_region(application.region)
    categories = _check_categories(data)
    documents = _check_documents(documents)
    _check_not_a_provider_yet(application.credit_code)
    _check_no_open_application(organization)

    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        # Another request won the race for the same organisation or key.
        if idempotency_key:
            existing = FranchiseApplication.objects.filter(
                applicant=applicant, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                return existing
        raise ServiceError(
            _("贵单位已有一份加盟申请正在审核中，请等待审核结果。"),
            code="application_open",
        ) from error
    application.categories.set(categories)
    _save_documents(application, documents)
    _record(application, actor=applicant, from_status="")

    logger.info(
        "franchise application submitted",
        extra={"application_id": application.pk, "organization_id": organization.pk},
    )
    return application


@transaction.atomic
def resubmit_application(*, application, applicant, data, documents):
    """Correct a rejected application and send it back for review."""
    application = FranchiseApplication.objects.select_for_update().get(
        pk=application.pk
    )
    if not is_enterprise_member_of(applicant, application.organization):
        raise NotAllowed()
    if application.status != Status.REJECTED:
        raise ServiceError(
            _("只有未通过的申请可以修改后重新提交。"), code="not_rejected"
        )

    from_status = application.status
    _fill(application, data)
    full_clean_or_refuse(application)
    check_selectable_region(application.region)
    categories = _check_categories(data)
    has_licence = application.documents.filter(
        kind=ApplicationDocument.Kind.BUSINESS_LICENCE
    ).exists()
    documents = _check_documents(documents, has_licence_already=has_licence)
    _check_not_a_provider_yet(application.credit_code)
    _check_no_open_application(application.organization, excluding=application)

    application.applicant = applicant
    application.status = Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.reviewer = None
    application.reviewed_at = None
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ServiceError(
            _("贵单位已有一份加盟申请正在审核中，请等待审核结果。"),
            code="application_open",
        ) from error
    application.categories.set(categories)
    _save_documents(application, documents)
    _record(application, actor=applicant, from_status=from_status)

    logger.info(
        "franchise application resubmitted",
        extra={"application_id": application.pk},
    )
    return application


def _lock_for_review(application, reviewer):
    if not can_review_applications(reviewer):
        raise NotAllowed(_("只有平台管理员或客服调度可以审核加盟申请。"))
    # Lock the row: of two reviewers deciding at once, the second one sees
    # the first one's decision and is refused.
    application = (
        FranchiseApplication.objects.select_for_update()
        .select_related("applicant", "organization")
        .get(pk=application.pk)
    )
    if application.status != Status.SUBMITTED:
        raise ServiceError(
            _("该申请已审核（%(status)s），不能重复审核。")
            % {"status": application.get_status_display()},
            code="already_reviewed",
        )
    return application


def _introduction_html(text):
    return clean_rich_text(linebreaks(escape(text)))


@transaction.atomic
def approve_application(*, application, reviewer):
    """Approve an application: create the provider, its showcase and its admin."""
    application = _lock_for_review(application, reviewer)
    _check_not_a_provider_yet(application.credit_code)

    provider = account_services.create_organization(
        kind=Organization.Kind.PROVIDER,
        name=application.company_name,
        credit_code=application.credit_code,
        legal_representative=application.legal_representative,
        contact_phone=application.contact_phone,
        region=application.region,
        address=application.address,
        latitude=application.latitude,
        longitude=application.longitude,
    )
    profile = ProviderProfile.objects.create(
        organization=provider,
        introduction=_introduction_html(application.introduction),
    )
    profile.categories.set(application.categories.all())
    profile.districts.set([application.region])
    account_services.add_member(
        user=application.applicant, organization=provider, role=Role.PROVIDER_ADMIN
    )

    application.status = Status.APPROVED
    application.reviewer = reviewer
    application.reviewed_at = timezone.now()
    application.reject_reason = ""
    application.provider = provider
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ServiceError(
            _("该统一社会信用代码已是平台的加盟企业，不能重复申请。"),
            code="already_provider",
        ) from error
    _record(application, actor=reviewer, from_status=Status.SUBMITTED)

    # The outbox row commits with the decision; delivery waits for the commit.
    send_sms(
        application.applicant.phone,
        "franchise_approved",
        company=application.company_name,
    )
    logger.info(
        "franchise application approved",
        extra={"application_id": application.pk, "provider_id": provider.pk},
    )
    return application


@transaction.atomic
def reject_application(*, application, reviewer, reason):
    """Reject an application with a reason the applicant can act on."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("请填写未通过的原因。"), code="reason_required", field="reason"
        )
    if len(reason) > 500:
        raise ServiceError(
            _("原因不能超过500字。"), code="reason_too_long", field="reason"
        )
    try:
        reject_markup(reason)
    except ValidationError as error:
        refuse_invalid(ValidationError({"reason": error.error_list}))
    application = _lock_for_review(application, reviewer)

    application.status = Status.REJECTED
    application.reviewer = reviewer
    application.reviewed_at = timezone.now()
    application.reject_reason = reason
    application.save()
    _record(application, actor=reviewer, from_status=Status.SUBMITTED, note=reason)

    send_sms(
        application.applicant.phone,
        "franchise_rejected",
        company=application.company_name,
        reason=reason,
    )
    logger.info(
        "franchise application rejected",
        extra={"application_id": application.pk},
    )
    return application
