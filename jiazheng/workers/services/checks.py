"""Checks and the change record shared by the workers' services."""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.common.html import reject_markup
from jiazheng.common.uploads import validate_upload
from jiazheng.workers.models import WorkerChange
from jiazheng.workers.permissions import can_manage_workers_of


def ensure_may_manage(actor, organization):
    """Refuse an actor who may not manage the organisation's workers.

    ``actor=None`` is the platform itself (demo data, imports, tasks).
    """
    if actor is not None and not can_manage_workers_of(actor, organization):
        raise NotAllowed(_("您无权管理该组织的服务人员。"))


def clean_text(value, *, field, max_length, required=False):
    """Return ``value`` stripped; refuse blanks (when required), markup, excess."""
    value = str(value or "").strip()
    if required and not value:
        raise ServiceError(_("此项为必填项。"), code="required", field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("不能超过 %(max)d 个字符。") % {"max": max_length},
            code="too_long",
            field=field,
        )
    try:
        reject_markup(value)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.code, field=field) from exc
    return value


def clean_date(value, *, field, required=True):
    if value in (None, ""):
        if required:
            raise ServiceError(_("请填写日期。"), code="required", field=field)
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ServiceError(
            _("日期格式不正确，请按 2026-12-03 的格式填写。"),
            code="invalid_date",
            field=field,
        ) from exc


def clean_choice(value, choices, *, field):
    if value not in choices.values:
        raise ServiceError(_("请选择有效的选项。"), code="invalid_choice", field=field)
    return value


def clean_coordinate(value, *, field, limit):
    if value in (None, ""):
        return None
    try:
        number = decimal.Decimal(str(value)).quantize(decimal.Decimal("0.000001"))
    except (decimal.InvalidOperation, ValueError) as exc:
        raise ServiceError(
            _("坐标必须是数字。"), code="invalid_coordinate", field=field
        ) from exc
    if not -limit <= number <= limit:
        raise ServiceError(
            _("坐标超出范围（-%(limit)d 到 %(limit)d）。") % {"limit": limit},
            code="invalid_coordinate",
            field=field,
        )
    return number


def clean_scan(file, *, field="scan"):
    """Check an uploaded scan by its content: PDF or image, not too large."""
    if not file:
        return None
    try:
        validate_upload(file, kinds=("pdf", "image"))
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.code, field=field) from exc
    return file


def record_change(*, worker, action, actor, changes=None):
    """Keep who changed what of a worker, and when."""
    return WorkerChange.objects.create(
        worker=worker,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes=changes or {},
    )
