"""Keep the holiday table: days by hand in the console, years from the package.

Every change leaves a CatalogChange row (kind ``holiday``, the date as code).
A day added or edited by hand is marked ``manual`` and a sync from the
package never touches it again, nor re-adds a day an administrator deleted:
the package can lag behind, or be wrong, and the administrator knows better.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.holiday_calendar import package_days, package_years
from jiazheng.catalog.models import CatalogChange, Holiday
from jiazheng.catalog.permissions import can_edit_pricing
from jiazheng.catalog.services.records import json_value
from jiazheng.catalog.services.rules import clean_name, unknown_fields
from jiazheng.common.errors import NotAllowed, ServiceError

logger = logging.getLogger(__name__)

HOLIDAY_FIELDS = ("date", "name", "is_workday")
# The State Council has published schedules since 1999; far-off years are typos.
FIRST_YEAR = 1999
LAST_YEAR = 2100


def check_pricing_actor(actor):
    """Refuse anyone but a platform administrator (``None`` is the system)."""
    if actor is not None and not can_edit_pricing(actor):
        raise NotAllowed(_("只有平台管理员可以修改节假日和价格规则。"))


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    return json_value(value)


def _record(*, actor, holiday, action, changes):
    return CatalogChange(
        user=actor,
        object_kind=CatalogChange.Kind.HOLIDAY,
        object_id=holiday.pk,
        object_code=holiday.date.isoformat(),
        action=action,
        changes={
            name: [_json(old), _json(new)] for name, (old, new) in changes.items()
        },
    )


def clean_holiday_date(value):
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ServiceError(_("请填写有效的日期。"), code="invalid_date", field="date")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ServiceError(
            _("日期年份必须在%(first)s到%(last)s之间。")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="invalid_date",
            field="date",
        )
    return value


def _duplicate_date_error(day):
    return ServiceError(
        _("%(date)s 已在节假日表中，请直接编辑。") % {"date": day.isoformat()},
        code="duplicate_date",
        field="date",
    )


def clean_holiday_fields(fields):
    cleaners = {
        "date": clean_holiday_date,
        "name": clean_name,
        "is_workday": bool,
    }
    return {name: cleaners[name](value) for name, value in fields.items()}


@transaction.atomic
def create_holiday(*, actor, date, name, is_workday=False):
    """Add a day off or a make-up workday by hand (e.g. next year's schedule)."""
    check_pricing_actor(actor)
    values = clean_holiday_fields(
        {"date": date, "name": name, "is_workday": is_workday}
    )
    if Holiday.objects.filter(date=values["date"]).exists():
        raise _duplicate_date_error(values["date"])

    try:
        with transaction.atomic():
            holiday = Holiday.objects.create(
                source=Holiday.Source.MANUAL, updated_by=actor, **values
            )
    except IntegrityError as exc:
        # Another administrator added the same date in the meantime.
        raise _duplicate_date_error(values["date"]) from exc
    _record(
        actor=actor,
        holiday=holiday,
        action=CatalogChange.Action.CREATE,
        changes={name: (None, value) for name, value in values.items()},
    ).save()
    logger.info("holiday created", extra={"date": holiday.date.isoformat()})
    return holiday


@transaction.atomic
def update_holiday(*, actor, holiday, **fields):
    """Change a day's date, name or kind; the day becomes a manual one."""
    check_pricing_actor(actor)
    unknown_fields(fields, HOLIDAY_FIELDS)
    holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
    values = clean_holiday_fields(fields)
    if (
        "date" in values
        and values["date"] != holiday.date
        and Holiday.objects.filter(date=values["date"]).exists()
    ):
        raise _duplicate_date_error(values["date"])

    changes = {}
    for name, new in values.items():
        old = getattr(holiday, name)
        if old != new:
            changes[name] = (old, new)
            setattr(holiday, name, new)
    if not changes:
        return holiday
    if holiday.source != Holiday.Source.MANUAL:
        changes["source"] = (holiday.source, Holiday.Source.MANUAL)
        holiday.source = Holiday.Source.MANUAL
    holiday.updated_by = actor
    try:
        with transaction.atomic():
            holiday.save()
    except IntegrityError as exc:
        raise _duplicate_date_error(holiday.date) from exc
    _record(
        actor=actor,
        holiday=holiday,
        action=CatalogChange.Action.UPDATE,
        changes=changes,
    ).save()
    logger.info(
        "holiday updated",
        extra={"date": holiday.date.isoformat(), "fields": sorted(changes)},
    )
    return holiday


@transaction.atomic
def delete_holiday(*, actor, holiday):
    """Remove a day from the table; a later sync will not bring it back."""
    check_pricing_actor(actor)
    holiday = Holiday.objects.select_for_update().filter(pk=holiday.pk).first()
    if holiday is None:
        return

    change = _record(
        actor=actor,
        holiday=holiday,
        action=CatalogChange.Action.DELETE,
        changes={name: (getattr(holiday, name), None) for name in HOLIDAY_FIELDS},
    )
    holiday.delete()
    change.save()
    logger.info("holiday deleted", extra={"date": change.object_code})


@dataclass
class SyncResult:
    """What a sync did, by number of days."""

    years: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_manual: int = 0
    kept_deleted: int = 0


def _no_progress(days):
    return days


def sync_holidays(*, actor=None, years=None, progress=None):
    """Load the package's schedule of ``years`` (all it knows by default).

    New days are added as ``seeded``; seeded days the package now spells
    differently are updated; manual days and days deleted by hand stay as
    they are. Running it twice changes nothing the second time. ``progress``
    wraps the list of days (a tqdm bar in the command).
    """
    check_pricing_actor(actor)
    known = package_years()
    if years is None:
        years = known
    missing = sorted(set(years) - set(known))
    if missing:
        raise ServiceError(
            _(
                "chinesecalendar 数据包没有 %(years)s 年的节假日安排（它收录到 "
                "%(last)s 年）。请升级该数据包，或在控制台手工录入。"
            )
            % {"years": "、".join(str(year) for year in missing), "last": known[-1]},
            code="year_not_in_package",
            field="year",
        )
    days = package_days(years)
    result = SyncResult(years=sorted(set(years)))
    if not days:
        return result

    try:
        with transaction.atomic():
            _sync_days(actor, days, result, progress or _no_progress)
    except IntegrityError as exc:
        # Only a concurrent sync or edit of the same dates gets here.
        raise ServiceError(
            _("节假日表正在被其他人修改，请稍后再试。"), code="sync_conflict"
        ) from exc
    logger.info(
        "holidays synced",
        extra={
            "years": result.years,
            "days_created": result.created,
            "days_updated": result.updated,
        },
    )
    return result


def _sync_days(actor, days, result, progress):
    first, last = days[0].date, days[-1].date
    # Lock the range so that an edit in the console waits for the sync.
    existing = {
        row.date: row
        for row in Holiday.objects.select_for_update().filter(date__range=(first, last))
    }
    deleted = set(
        CatalogChange.objects.filter(
            object_kind=CatalogChange.Kind.HOLIDAY,
            action=CatalogChange.Action.DELETE,
            object_code__range=(first.isoformat(), last.isoformat()),
        ).values_list("object_code", flat=True)
    )

    to_create, to_update, changes = [], [], []
    for day in progress(days):
        row = existing.get(day.date)
        if row is None:
            if day.date.isoformat() in deleted:
                result.kept_deleted += 1
                continue
            to_create.append(
                Holiday(
                    date=day.date,
                    name=day.name,
                    is_workday=day.is_workday,
                    source=Holiday.Source.SEEDED,
                    updated_by=actor,
                )
            )
        elif row.source == Holiday.Source.MANUAL:
            result.kept_manual += 1
        elif (row.name, row.is_workday) != (day.name, day.is_workday):
            diff = {
                name: (getattr(row, name), getattr(day, name))
                for name in ("name", "is_workday")
                if getattr(row, name) != getattr(day, name)
            }
            row.name, row.is_workday, row.updated_by = (
                day.name,
                day.is_workday,
                actor,
            )
            to_update.append(row)
            changes.append(
                _record(
                    actor=actor,
                    holiday=row,
                    action=CatalogChange.Action.UPDATE,
                    changes=diff,
                )
            )
        else:
            result.unchanged += 1

    created = Holiday.objects.bulk_create(to_create, batch_size=500)
    # bulk_update bypasses save(), so auto_now needs setting by hand.
    now = timezone.now()
    for row in to_update:
        row.updated_at = now
    Holiday.objects.bulk_update(
        to_update, ["name", "is_workday", "updated_by", "updated_at"], batch_size=500
    )
    changes += [
        _record(
            actor=actor,
            holiday=row,
            action=CatalogChange.Action.CREATE,
            changes={
                "name": (None, row.name),
                "is_workday": (None, row.is_workday),
                "source": (None, row.source),
            },
        )
        for row in created
    ]
    CatalogChange.objects.bulk_create(changes, batch_size=500)
    result.created, result.updated = len(created), len(to_update)
