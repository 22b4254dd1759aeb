"""The rules every booking channel shares: item, slot, address, provider.

Service hours: hourly, per-visit and per-area items are booked 07:00–21:00
on one day, for at most 12 hours, at least an hour ahead and at most 90 days
ahead; daily and monthly items (nannies, maternity matrons) run over days,
and only they offer live-in (住家) or day-time (白班) service.
"""

import calendar
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.accounts.models import Organization
from jiazheng.bookings.models import Recurrence, ServiceMode
from jiazheng.bookings.queries import worker_has_overlap
from jiazheng.catalog.models import Unit
from jiazheng.common.errors import ServiceError
from jiazheng.providers.models import ProviderProfile
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.queries import is_available

DAY_START = datetime.time(7, 0)
DAY_END = datetime.time(21, 0)
MIN_LEAD = datetime.timedelta(hours=1)
MAX_AHEAD = datetime.timedelta(days=90)
MAX_HOURS_ONE_DAY = datetime.timedelta(hours=12)
MAX_LONG_SLOT = datetime.timedelta(days=366)
MULTI_DAY_UNITS = (Unit.DAY, Unit.MONTH)
NOTES_MAX = 500


def offers_service_modes(item):
    """Tell whether the item offers live-in and day-time service."""
    return item.unit in MULTI_DAY_UNITS


def check_item(item):
    if item is None or not item.is_active:
        raise ServiceError(
            _("请选择一个在售的服务项目。"), code="invalid_item", field="item"
        )


def check_slot(*, item, starts_at, ends_at, now=None):
    """Refuse a slot in the past, too far ahead or outside service hours."""
    now = now or timezone.now()
    if starts_at is None or ends_at is None or timezone.is_naive(starts_at):
        raise ServiceError(
            _("请选择服务日期和时间段。"), code="invalid_slot", field="starts_at"
        )
    if ends_at <= starts_at:
        raise ServiceError(
            _("结束时间须晚于开始时间。"), code="invalid_slot", field="ends_at"
        )
    if starts_at < now + MIN_LEAD:
        raise ServiceError(
            _("服务时间须至少在 1 小时之后，不能预约过去的时间。"),
            code="slot_in_past",
            field="starts_at",
        )
    if starts_at > now + MAX_AHEAD:
        raise ServiceError(
            _("最多可以预约 90 天以内的服务。"),
            code="slot_too_far",
            field="starts_at",
        )
    if item.unit in MULTI_DAY_UNITS:
        if ends_at - starts_at > MAX_LONG_SLOT:
            raise ServiceError(
                _("一次预约最长一年。"), code="slot_too_long", field="ends_at"
            )
        return
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if (
        start.date() != end.date()
        or start.time() < DAY_START
        or end.time() > DAY_END
        or ends_at - starts_at > MAX_HOURS_ONE_DAY
    ):
        raise ServiceError(
            _("“%(item)s”的服务时间为每天 07:00–21:00，且须在同一天内。")
            % {"item": item.name},
            code="slot_outside_hours",
            field="starts_at",
        )


def clean_service_mode(item, service_mode):
    service_mode = service_mode or ""
    if not offers_service_modes(item):
        if service_mode:
            raise ServiceError(
                _("“%(item)s”不区分住家或白班。") % {"item": item.name},
                code="invalid_service_mode",
                field="service_mode",
            )
        return ""
    if not service_mode:
        return ServiceMode.DAY_TIME
    if service_mode not in (ServiceMode.LIVE_IN, ServiceMode.DAY_TIME):
        raise ServiceError(
            _("请选择住家或白班。"), code="invalid_service_mode", field="service_mode"
        )
    return service_mode


def check_provider(organization):
    if organization is None:
        return
    if organization.kind != Organization.Kind.PROVIDER or not organization.is_active:
        raise ServiceError(
            _("请选择一家在营业的加盟企业，或由平台安排。"),
            code="invalid_provider",
            field="organization",
        )


def district_served(region, organization=None):
    """Tell whether a provider (or anyone, if None) serves the district."""
    profiles = ProviderProfile.objects.filter(
        districts=region, organization__is_active=True
    )
    workers = WorkerProfile.objects.filter(
        districts=region, is_active=True, organization__is_active=True
    )
    if organization is not None:
        profiles = profiles.filter(organization=organization)
        workers = workers.filter(organization=organization)
    return profiles.exists() or workers.exists()


def check_address(*, customer, address, organization):
    if address is None or address.customer_id != customer.pk:
        raise ServiceError(
            _("请选择您的服务地址。"), code="invalid_address", field="address"
        )
    if not district_served(address.region, organization):
        if organization is not None:
            message = _(
                "%(provider)s 不在%(region)s提供服务，请换一家企业或由平台安排。"
            )
            params = {"provider": organization.name, "region": address.region.name}
        else:
            message = _("抱歉，%(region)s暂无可提供服务的企业。")
            params = {"region": address.region.full_name}
        raise ServiceError(message % params, code="address_not_served", field="address")


def clean_notes(notes):
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise ServiceError(
            _("备注不能超过 %(max)d 个字。") % {"max": NOTES_MAX},
            code="notes_too_long",
            field="notes",
        )
    return notes


def clean_recurrence(item, recurrence):
    recurrence = recurrence or Recurrence.NONE
    if recurrence not in Recurrence.values:
        raise ServiceError(
            _("请选择有效的服务周期。"), code="invalid_recurrence", field="recurrence"
        )
    if recurrence != Recurrence.NONE and item.unit in MULTI_DAY_UNITS:
        raise ServiceError(
            _("按天或按月计价的项目不需要周期预约，请直接选择服务起止日期。"),
            code="invalid_recurrence",
            field="recurrence",
        )
    return recurrence


def next_occurrence(day, recurrence):
    """Return the date after ``day`` on which a recurring plan runs again."""
    if recurrence == Recurrence.WEEKLY:
        return day + datetime.timedelta(days=7)
    if recurrence == Recurrence.BIWEEKLY:
        return day + datetime.timedelta(days=14)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def free_worker(worker, starts_at, ends_at):
    """Return ``worker`` if they can take the slot, else None."""
    if worker is None or not worker.is_active:
        return None
    if not is_available(worker, starts_at, ends_at):
        return None
    if worker_has_overlap(worker, starts_at, ends_at):
        return None
    return worker
