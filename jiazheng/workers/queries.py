"""Reads about workers that dispatch, the console and the portal share."""

import datetime
import math
from collections import defaultdict

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from jiazheng.hr.models import Employee
from jiazheng.workers.models import HealthCertificate, Leave, WorkerProfile

EXPIRY_WARNING_DAYS = 30
EARTH_RADIUS_KM = 6371.0088
DAY_SECONDS = 24 * 60 * 60


class HealthStatus:
    """The state of a worker's latest health certificate, for lists and filters."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


def _pk(value):
    return getattr(value, "pk", value)


def valid_health_certificates(on_date):
    """Return the health certificates valid on ``on_date``."""
    return HealthCertificate.objects.filter(
        issued_on__lte=on_date, expires_on__gte=on_date
    )


def dispatchable_workers(*, on_date=None, organization=None, item=None, district=None):
    """Return the workers who may be sent out on ``on_date`` (today by default).

    A dispatchable worker is active, still employed, belongs to an active
    organisation and holds a health certificate valid on the day; with
    ``item`` they have the skill, with ``district`` they serve it. Each may
    be given as an instance or a primary key. The weekly availability and
    leave of a slot are checked by ``is_available``.
    """
    on_date = on_date or timezone.localdate()
    workers = WorkerProfile.objects.filter(
        is_active=True,
        organization__is_active=True,
        employee__status=Employee.Status.ACTIVE,
    ).filter(Exists(valid_health_certificates(on_date).filter(worker=OuterRef("pk"))))
    if organization is not None:
        workers = workers.filter(organization=_pk(organization))
    if item is not None:
        workers = workers.filter(
            Exists(
                WorkerProfile.skills.through.objects.filter(
                    workerprofile=OuterRef("pk"), serviceitem=_pk(item)
                )
            )
        )
    if district is not None:
        workers = workers.filter(
            Exists(
                WorkerProfile.districts.through.objects.filter(
                    workerprofile=OuterRef("pk"), region=_pk(district)
                )
            )
        )
    return workers.select_related("employee", "organization")


def is_dispatchable(worker, on_date=None):
    """Tell whether one worker passes ``dispatchable_workers`` on the day."""
    return dispatchable_workers(on_date=on_date).filter(pk=worker.pk).exists()


def _local(value):
    zone = timezone.get_default_timezone()
    if timezone.is_naive(value):
        return value.replace(tzinfo=zone)
    return timezone.localtime(value, zone)


def _seconds(value):
    return value.hour * 3600 + value.minute * 60 + value.second


def _windows_by_weekday(worker):
    """Return {weekday: [(start, end) in seconds of the day, merged]}."""
    windows = defaultdict(list)
    for window in worker.availability.all():
        end = _seconds(window.end_time) or DAY_SECONDS
        windows[window.weekday].append((_seconds(window.start_time), end))
    merged = {}
    for weekday, spans in windows.items():
        spans.sort()
        joined = [list(spans[0])]
        for start, end in spans[1:]:
            if start <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        merged[weekday] = joined
    return merged


def _covered(windows, weekday, start, end):
    return any(s <= start and end <= e for s, e in windows.get(weekday, ()))


def within_weekly_availability(worker, starts_at, ends_at):
    """Tell whether the worker's weekly windows cover the whole slot.

    The slot is read in the platform's local time (Asia/Shanghai) and cut
    at each local midnight; every piece must lie inside one window of its
    weekday (adjacent windows join, so 08–12 and 12–18 cover 10–14).
    """
    start, end = _local(starts_at), _local(ends_at)
    if end <= start:
        return False
    windows = _windows_by_weekday(worker)
    day = start.date()
    while True:
        day_start = datetime.datetime.combine(day, datetime.time(0), start.tzinfo)
        piece_start = max(start, day_start)
        piece_end = min(end, day_start + datetime.timedelta(days=1))
        begin = int((piece_start - day_start).total_seconds())
        finish = int((piece_end - day_start).total_seconds())
        if not _covered(windows, day.weekday(), begin, finish):
            return False
        if piece_end >= end:
            return True
        day += datetime.timedelta(days=1)


def overlapping_leaves(worker, starts_at, ends_at):
    """Return the worker's leave (not cancelled) that overlaps the slot."""
    return Leave.objects.filter(
        worker=worker,
        cancelled_at__isnull=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def _on_leave(worker, starts_at, ends_at):
    cache = getattr(worker, "_prefetched_objects_cache", {})
    if "leaves" in cache:
        return any(
            leave.cancelled_at is None
            and leave.starts_at < ends_at
            and leave.ends_at > starts_at
            for leave in cache["leaves"]
        )
    return overlapping_leaves(worker, starts_at, ends_at).exists()


def is_available(worker, starts_at, ends_at):
    """Tell whether the worker can take the slot [starts_at, ends_at).

    The weekly availability must cover the slot and no leave may overlap
    it. Work orders are bookings' business, checked there. Naive times are
    read as local time. Prefetch ``availability`` and ``leaves`` to check
    many workers without a query each.
    """
    starts_at, ends_at = _local(starts_at), _local(ends_at)
    if ends_at <= starts_at:
        return False
    if not within_weekly_availability(worker, starts_at, ends_at):
        return False
    return not _on_leave(worker, starts_at, ends_at)


def available_workers(workers, starts_at, ends_at):
    """Return the workers of a queryset free in the slot, in two queries more."""
    workers = workers.prefetch_related("availability", "leaves")
    return [w for w in workers if is_available(w, starts_at, ends_at)]


def latest_health_certificates():
    """Return each worker's health certificate with the latest expiry."""
    later = HealthCertificate.objects.filter(worker=OuterRef("worker")).filter(
        Q(expires_on__gt=OuterRef("expires_on"))
        | Q(expires_on=OuterRef("expires_on"), pk__gt=OuterRef("pk"))
    )
    return HealthCertificate.objects.filter(~Exists(later))


def expiring_health_certificates(
    within_days=EXPIRY_WARNING_DAYS, *, organization=None, today=None, days=None
):
    """Return the latest health certificates of active workers running out.

    A certificate is listed when it is its worker's latest and expires
    within ``within_days`` days of today, or has expired already (then the
    worker cannot be dispatched at all). Soonest first. ``days`` is an
    alias of ``within_days``.
    """
    today = today or timezone.localdate()
    if days is not None:
        within_days = days
    limit = today + datetime.timedelta(days=within_days)
    certificates = latest_health_certificates().filter(
        expires_on__lte=limit,
        worker__is_active=True,
        worker__employee__status=Employee.Status.ACTIVE,
    )
    if organization is not None:
        certificates = certificates.filter(worker__organization=_pk(organization))
    return certificates.select_related(
        "worker__employee", "worker__organization"
    ).order_by("expires_on", "pk")


def with_health_expiry(workers):
    """Annotate ``health_expires_on``, the latest expiry of their certificates."""
    return workers.annotate(health_expires_on=Max("health_certificates__expires_on"))


def filter_health_status(workers, status, *, today=None):
    """Keep the workers (annotated by ``with_health_expiry``) in ``status``."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    if status == HealthStatus.MISSING:
        return workers.filter(health_expires_on__isnull=True)
    if status == HealthStatus.EXPIRED:
        return workers.filter(health_expires_on__lt=today)
    if status == HealthStatus.EXPIRING:
        return workers.filter(health_expires_on__gte=today, health_expires_on__lte=soon)
    if status == HealthStatus.VALID:
        return workers.filter(health_expires_on__gt=soon)
    return workers


def health_status(expires_on, *, today=None):
    """Return the HealthStatus of a latest expiry date (None: no certificate)."""
    today = today or timezone.localdate()
    if expires_on is None:
        return HealthStatus.MISSING
    if expires_on < today:
        return HealthStatus.EXPIRED
    if expires_on <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
        return HealthStatus.EXPIRING
    return HealthStatus.VALID


def distance_km(lat1, lng1, lat2, lng2):
    """Return the great-circle distance in kilometres (haversine).

    Takes Decimal, float or int degrees; returns None when a coordinate is
    missing. Good to a few metres at city scale, which is all ranking needs.
    """
    if None in (lat1, lng1, lat2, lng2):
        return None
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lng2) - float(lng1))
    h = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def public_workers():
    """Return the workers shown on the portal: active, of active organisations."""
    return WorkerProfile.objects.filter(
        is_active=True,
        organization__is_active=True,
        employee__status=Employee.Status.ACTIVE,
    ).select_related("employee", "organization")
