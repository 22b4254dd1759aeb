"""Job postings and the public's applications to them (1.3.3)."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import normalize_mobile
from jiazheng.providers.models import JobApplication, JobPosting
from jiazheng.providers.services.checks import (
    check_selectable_region,
    full_clean_or_refuse,
)

logger = logging.getLogger(__name__)

POSTING_FIELDS = (
    "title",
    "category",
    "description",
    "requirements",
    "headcount",
    "salary_min",
    "salary_max",
    "region",
)


def _fill(posting, data):
    for field in POSTING_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            setattr(posting, field, value)


def _check_salary(posting):
    if (
        posting.salary_min is not None
        and posting.salary_max is not None
        and posting.salary_max < posting.salary_min
    ):
        raise ServiceError(
            _("月薪上限不能低于下限。"), code="invalid_range", field="salary_max"
        )


@transaction.atomic
def create_job_posting(
    *, organization, data, actor=None, status=JobPosting.Status.OPEN
):
    """Publish a provider's vacancy (open at once unless ``status`` says closed)."""
    if organization.kind != Organization.Kind.PROVIDER:
        raise ServiceError(_("只有加盟企业可以发布招聘信息。"), code="not_provider")
    posting = JobPosting(organization=organization, status=status)
    _fill(posting, data)
    full_clean_or_refuse(posting)
    check_selectable_region(posting.region)
    _check_salary(posting)
    if posting.is_open:
        posting.published_at = timezone.now()
    posting.save()
    logger.info(
        "job posting created",
        extra={
            "job_posting_id": posting.pk,
            "organization_id": organization.pk,
            "actor_id": getattr(actor, "pk", None),
        },
    )
    return posting


@transaction.atomic
def update_job_posting(*, posting, data, actor=None):
    """Change a posting's text, headcount, salary or place."""
    posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
    _fill(posting, data)
    full_clean_or_refuse(posting)
    check_selectable_region(posting.region)
    _check_salary(posting)
    posting.save()
    logger.info(
        "job posting updated",
        extra={"job_posting_id": posting.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return posting


@transaction.atomic
def set_job_posting_status(*, posting, status, actor=None):
    """Open or close a posting; the first opening sets its publication time."""
    if status not in JobPosting.Status.values:
        raise ServiceError(_("无效的状态。"), code="invalid_status", field="status")
    posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
    posting.status = status
    if status == JobPosting.Status.OPEN and posting.published_at is None:
        posting.published_at = timezone.now()
    posting.save(update_fields=["status", "published_at", "updated_at"])
    logger.info(
        "job posting status changed",
        extra={
            "job_posting_id": posting.pk,
            "status": status,
            "actor_id": getattr(actor, "pk", None),
        },
    )
    return posting


def apply_to_job(*, posting, name, phone, message=""):
    """Record someone's application to an open posting, once per phone.

    Return ``(application, created)``: a second application with the same
    phone returns the first one and creates nothing.
    """
    phone = normalize_mobile(phone)
    application = JobApplication(
        posting=posting,
        organization_id=posting.organization_id,
        name=(name or "").strip(),
        phone=phone,
        message=(message or "").strip(),
    )
    full_clean_or_refuse(application)
    if not posting.is_open:
        raise ServiceError(_("该职位已停止招聘。"), code="posting_closed")

    existing = JobApplication.objects.filter(posting=posting, phone=phone).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same phone applied in a simultaneous request.
        return JobApplication.objects.get(posting=posting, phone=phone), False
    logger.info(
        "job application received",
        extra={"job_application_id": application.pk, "job_posting_id": posting.pk},
    )
    return application, True


@transaction.atomic
def delete_job_posting(*, posting, actor=None):
    """Delete a posting nobody applied to; one with applications is closed instead."""
    posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
    if posting.applications.exists():
        raise ServiceError(
            _("该职位已有求职申请，不能删除，请改为结束招聘。"),
            code="posting_has_applications",
        )
    pk = posting.pk
    posting.delete()
    logger.info(
        "job posting deleted",
        extra={"job_posting_id": pk, "actor_id": getattr(actor, "pk", None)},
    )
