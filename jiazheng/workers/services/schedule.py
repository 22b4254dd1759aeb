"""The weekly availability of a worker and their leave."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.common.errors import ServiceError
from jiazheng.workers.models import (
    Leave,
    Weekday,
    WeeklyAvailability,
    WorkerChange,
    WorkerProfile,
)
from jiazheng.workers.services.checks import (
    clean_choice,
    clean_text,
    ensure_may_manage,
    record_change,
)

logger = logging.getLogger(__name__)

MIDNIGHT = datetime.time(0, 0)
MAX_WINDOWS = 7 * 6
MAX_LEAVE_DAYS = 366


def _parse_time(value, *, field, end=False):
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip()
    if end and text in ("24:00", "24:00:00"):
        return MIDNIGHT
    try:
        return datetime.time.fromisoformat(text).replace(second=0, microsecond=0)
    except ValueError as exc:
        raise ServiceError(
            _("时间格式不正确，请按 08:00 的格式填写。"),
            code="invalid_time",
            field=field,
        ) from exc


def _minutes(value, *, end=False):
    minutes = value.hour * 60 + value.minute
    return 24 * 60 if end and minutes == 0 else minutes


def _window_parts(window):
    if isinstance(window, dict):
        return window.get("weekday"), window.get("start_time"), window.get("end_time")
    if isinstance(window, WeeklyAvailability):
        return window.weekday, window.start_time, window.end_time
    weekday, start, end = window
    return weekday, start, end


def clean_windows(windows):
    """Return the windows as (weekday, start, end) sorted, or refuse them.

    Each is a dict with weekday (0 = Monday … 6 = Sunday), start_time and
    end_time, or a (weekday, start, end) tuple. An end of 00:00 (or 24:00)
    is midnight at the end of the day. Windows of a day may touch but not
    overlap.
    """
    cleaned = []
    for window in windows:
        weekday, start, end = _window_parts(window)
        try:
            weekday = int(weekday)
        except (TypeError, ValueError):
            weekday = -1
        if weekday not in Weekday.values:
            raise ServiceError(
                _("星期须为 0（周一）到 6（周日）。"),
                code="invalid_weekday",
                field="windows",
            )
        start = _parse_time(start, field="windows")
        end = _parse_time(end, field="windows", end=True)
        if _minutes(start) >= _minutes(end, end=True):
            raise ServiceError(
                _("%(day)s的结束时间必须晚于开始时间（%(start)s–%(end)s）。")
                % {
                    "day": Weekday(weekday).label,
                    "start": f"{start:%H:%M}",
                    "end": f"{end:%H:%M}",
                },
                code="end_before_start",
                field="windows",
            )
        cleaned.append((weekday, start, end))
    if len(cleaned) > MAX_WINDOWS:
        raise ServiceError(
            _("每周最多设置 %(max)d 个时间段。") % {"max": MAX_WINDOWS},
            code="too_many_windows",
            field="windows",
        )

    cleaned.sort(key=lambda w: (w[0], _minutes(w[1])))
    for previous, current in zip(cleaned, cleaned[1:], strict=False):
        if previous[0] == current[0] and _minutes(current[1]) < _minutes(
            previous[2], end=True
        ):
            raise ServiceError(
                _("%(day)s的时间段 %(a)s 与 %(b)s 重叠。")
                % {
                    "day": Weekday(current[0]).label,
                    "a": f"{previous[1]:%H:%M}–{previous[2]:%H:%M}",
                    "b": f"{current[1]:%H:%M}–{current[2]:%H:%M}",
                },
                code="windows_overlap",
                field="windows",
            )
    return cleaned


@transaction.atomic
def set_weekly_availability(*, worker, actor, windows):
    """Replace the worker's whole week with ``windows`` (see clean_windows)."""
    ensure_may_manage(actor, worker.organization)
    cleaned = clean_windows(windows)
    # Two editors saving the week at once would otherwise interleave their
    # delete and insert and leave a week that neither of them chose.
    WorkerProfile.objects.select_for_update().filter(pk=worker.pk).first()

    worker.availability.all().delete()
    created = WeeklyAvailability.objects.bulk_create(
        WeeklyAvailability(worker=worker, weekday=day, start_time=start, end_time=end)
        for day, start, end in cleaned
    )
    record_change(
        worker=worker,
        action=WorkerChange.Action.AVAILABILITY,
        actor=actor,
        changes={
            "windows": [
                f"{day} {start:%H:%M}-{end:%H:%M}" for day, start, end in cleaned
            ]
        },
    )
    logger.info(
        "weekly availability set",
        extra={"worker_id": worker.pk, "windows": len(created)},
    )
    return list(worker.availability.all())


def _aware(value, *, field):
    if value in (None, ""):
        raise ServiceError(_("请填写时间。"), code="required", field=field)
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ServiceError(
                _("时间格式不正确。"), code="invalid_datetime", field=field
            ) from exc
    elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, MIDNIGHT)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


@transaction.atomic
def add_leave(
    *, worker, actor, starts_at, ends_at, reason="", kind=Leave.Kind.PERSONAL
):
    """Record a leave; it may not overlap another leave of the worker.

    Naive times are local (Asia/Shanghai). Bookings already made in the
    period are not touched here: dispatch sees the leave for new slots.
    """
    ensure_may_manage(actor, worker.organization)
    starts_at = _aware(starts_at, field="starts_at")
    ends_at = _aware(ends_at, field="ends_at")
    kind = clean_choice(kind, Leave.Kind, field="kind")
    reason = clean_text(reason, field="reason", max_length=255)
    if ends_at <= starts_at:
        raise ServiceError(
            _("请假结束时间必须晚于开始时间。"),
            code="end_before_start",
            field="ends_at",
        )
    if ends_at - starts_at > datetime.timedelta(days=MAX_LEAVE_DAYS):
        raise ServiceError(
            _("单次请假不能超过 %(days)d 天。") % {"days": MAX_LEAVE_DAYS},
            code="leave_too_long",
            field="ends_at",
        )
    # Lock the worker so two overlapping leaves cannot both pass the check.
    WorkerProfile.objects.select_for_update().filter(pk=worker.pk).first()
    clash = Leave.objects.filter(
        worker=worker,
        cancelled_at__isnull=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).first()
    if clash is not None:
        raise ServiceError(
            _("与已登记的请假（%(start)s 至 %(end)s）重叠。")
            % {
                "start": f"{timezone.localtime(clash.starts_at):%Y-%m-%d %H:%M}",
                "end": f"{timezone.localtime(clash.ends_at):%Y-%m-%d %H:%M}",
            },
            code="leave_overlaps",
            field="starts_at",
        )

    leave = Leave.objects.create(
        worker=worker,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_change(
        worker=worker,
        action=WorkerChange.Action.LEAVE,
        actor=actor,
        changes={
            "leave_id": leave.pk,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    logger.info("leave added", extra={"worker_id": worker.pk, "leave_id": leave.pk})
    return leave


@transaction.atomic
def cancel_leave(*, leave, actor):
    """Withdraw a leave that has not ended yet; the row stays, marked cancelled."""
    ensure_may_manage(actor, leave.worker.organization)
    leave = Leave.objects.select_for_update().get(pk=leave.pk)
    if leave.cancelled_at is not None:
        raise ServiceError(_("该请假已撤销。"), code="already_cancelled")
    if leave.ends_at <= timezone.now():
        raise ServiceError(_("已结束的请假不能撤销。"), code="leave_over")
    leave.cancelled_at = timezone.now()
    leave.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    leave.save(update_fields=["cancelled_at", "cancelled_by", "updated_at"])
    record_change(
        worker=leave.worker,
        action=WorkerChange.Action.CANCEL_LEAVE,
        actor=actor,
        changes={"leave_id": leave.pk},
    )
    logger.info(
        "leave cancelled", extra={"worker_id": leave.worker_id, "leave_id": leave.pk}
    )
    return leave
