"""Certificates, health certificates, background checks and trial work.

A date in the past is allowed for an expiry (an expired certificate is
still worth keeping on file); the record says it is expired and the pages
flag it. Scans are checked by their content.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.catalog.models import ServiceItem
from jiazheng.common.errors import ServiceError
from jiazheng.workers.models import (
    BackgroundCheck,
    Certificate,
    CheckResult,
    HealthCertificate,
    TrialWork,
    WorkerChange,
)
from jiazheng.workers.services.checks import (
    clean_choice,
    clean_date,
    clean_scan,
    clean_text,
    ensure_may_manage,
    record_change,
)

logger = logging.getLogger(__name__)


def _check_range(issued_on, expires_on):
    if issued_on and expires_on and expires_on < issued_on:
        raise ServiceError(
            _("有效期不能早于发证日期。"),
            code="expires_before_issue",
            field="expires_on",
        )


@transaction.atomic
def add_certificate(
    *,
    worker,
    actor,
    kind,
    number,
    name="",
    issued_by="",
    issued_on=None,
    expires_on=None,
    scan=None,
):
    """Put a vocational certificate on the worker's file."""
    ensure_may_manage(actor, worker.organization)
    kind = clean_choice(kind, Certificate.Kind, field="kind")
    number = clean_text(number, field="number", max_length=64, required=True)
    name = clean_text(name, field="name", max_length=64)
    issued_by = clean_text(issued_by, field="issued_by", max_length=128)
    issued_on = clean_date(issued_on, field="issued_on", required=False)
    expires_on = clean_date(expires_on, field="expires_on", required=False)
    _check_range(issued_on, expires_on)
    scan = clean_scan(scan)

    certificate = Certificate(
        worker=worker,
        kind=kind,
        name=name,
        number=number,
        issued_by=issued_by,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=actor,
    )
    if scan:
        certificate.scan = scan
    certificate.save()
    record_change(
        worker=worker,
        action=WorkerChange.Action.CERTIFICATE,
        actor=actor,
        changes={"certificate_id": certificate.pk, "kind": kind},
    )
    logger.info(
        "worker certificate added",
        extra={"worker_id": worker.pk, "certificate_id": certificate.pk},
    )
    return certificate


@transaction.atomic
def record_health_certificate(
    *, worker, actor, number, issued_on, expires_on, issued_by="", scan=None
):
    """Put a health certificate on file; the latest expiry decides dispatch."""
    ensure_may_manage(actor, worker.organization)
    number = clean_text(number, field="number", max_length=64, required=True)
    issued_by = clean_text(issued_by, field="issued_by", max_length=128)
    issued_on = clean_date(issued_on, field="issued_on")
    expires_on = clean_date(expires_on, field="expires_on")
    _check_range(issued_on, expires_on)
    scan = clean_scan(scan)

    certificate = HealthCertificate(
        worker=worker,
        number=number,
        issued_by=issued_by,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=actor,
    )
    if scan:
        certificate.scan = scan
    certificate.save()
    record_change(
        worker=worker,
        action=WorkerChange.Action.HEALTH_CERTIFICATE,
        actor=actor,
        changes={
            "health_certificate_id": certificate.pk,
            "expires_on": expires_on.isoformat(),
        },
    )
    logger.info(
        "health certificate recorded",
        extra={
            "worker_id": worker.pk,
            "health_certificate_id": certificate.pk,
            "expired": certificate.is_expired,
        },
    )
    return certificate


@transaction.atomic
def record_background_check(
    *, worker, actor, result, checked_on, checked_by="", note=""
):
    """Record the outcome of a background check."""
    ensure_may_manage(actor, worker.organization)
    result = clean_choice(result, CheckResult, field="result")
    checked_on = clean_date(checked_on, field="checked_on")
    checked_by = clean_text(checked_by, field="checked_by", max_length=128)
    note = clean_text(note, field="note", max_length=2000)

    check = BackgroundCheck.objects.create(
        worker=worker,
        result=result,
        checked_on=checked_on,
        checked_by=checked_by,
        note=note,
        recorded_by=actor,
    )
    record_change(
        worker=worker,
        action=WorkerChange.Action.BACKGROUND_CHECK,
        actor=actor,
        changes={"background_check_id": check.pk, "result": result},
    )
    logger.info(
        "background check recorded",
        extra={"worker_id": worker.pk, "result": result},
    )
    return check


@transaction.atomic
def record_trial_work(*, worker, actor, result, date, item=None, note=""):
    """Record how a trial day went."""
    ensure_may_manage(actor, worker.organization)
    result = clean_choice(result, CheckResult, field="result")
    date = clean_date(date, field="date")
    note = clean_text(note, field="note", max_length=2000)
    if item is not None and not isinstance(item, ServiceItem):
        item = ServiceItem.objects.filter(pk=item).first()
        if item is None:
            raise ServiceError(
                _("请选择有效的服务项目。"), code="invalid_skill", field="item"
            )

    trial = TrialWork.objects.create(
        worker=worker,
        result=result,
        date=date,
        item=item,
        note=note,
        recorded_by=actor,
    )
    record_change(
        worker=worker,
        action=WorkerChange.Action.TRIAL_WORK,
        actor=actor,
        changes={"trial_work_id": trial.pk, "result": result},
    )
    logger.info("trial work recorded", extra={"worker_id": worker.pk, "result": result})
    return trial
