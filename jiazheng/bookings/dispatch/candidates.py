"""Load orders and workers into the plain records that scoring works on.

A fixed number of queries whatever the number of workers: the workers with
their latest valid health certificate, their skills, districts, weekly
availability, leaves and active work orders of the period, one query each.
"""

import datetime
from collections import defaultdict

import numpy as np
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch.scoring import Busy, Candidate, Job, week_bounds
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder
from jiazheng.common.errors import ServiceError
from jiazheng.hr.models import Employee
from jiazheng.workers.models import Leave, WeeklyAvailability, WorkerProfile
from jiazheng.workers.queries import dispatchable_workers


def _float(value):
    return None if value is None else float(value)


def _job(order, excluded_ids):
    return Job(
        order_id=order.pk,
        item_id=order.item_id,
        starts_at=order.starts_at,
        ends_at=order.ends_at,
        region_id=order.region_id,
        latitude=_float(order.latitude),
        longitude=_float(order.longitude),
        service_mode=order.service_mode or "",
        organization_id=order.organization_id,
        preferred_worker_id=order.preferred_worker_id,
        excluded_worker_ids=frozenset(excluded_ids),
    )


def jobs_for(orders):
    """Return the Job of each order, reading every exclusion in one query."""
    orders = list(orders)
    excluded = defaultdict(set)
    rows = Order.excluded_workers.through.objects.filter(
        order_id__in=[o.pk for o in orders]
    ).values_list("order_id", "workerprofile_id")
    for order_id, worker_id in rows:
        excluded[order_id].add(worker_id)
    return [_job(order, excluded[order.pk]) for order in orders]


def job_for(order):
    return jobs_for([order])[0]


def period_of(jobs):
    """Return the span the loader must read: the weeks of the jobs and the jobs."""
    starts = [week_bounds(j.starts_at)[0] for j in jobs] + [j.starts_at for j in jobs]
    ends = [week_bounds(j.starts_at)[1] for j in jobs] + [j.ends_at for j in jobs]
    return min(starts), max(ends)


DAY_SECONDS = 24 * 60 * 60


def _seconds(value):
    return value.hour * 3600 + value.minute * 60 + value.second


def _merged(spans):
    joined = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return joined


def day_pieces(starts_at, ends_at):
    """Return the slot cut at each local midnight: [(weekday, begin, end)].

    ``begin`` and ``end`` count seconds from that midnight; an empty or
    reversed slot has no pieces.
    """
    zone = timezone.get_default_timezone()
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    pieces = []
    if end <= start:
        return pieces
    day = start.date()
    while True:
        midnight = datetime.datetime.combine(day, datetime.time(0), start.tzinfo)
        piece_start = max(start, midnight)
        piece_end = min(end, midnight + datetime.timedelta(days=1))
        pieces.append(
            (
                day.weekday(),
                int((piece_start - midnight).total_seconds()),
                int((piece_end - midnight).total_seconds()),
            )
        )
        if piece_end >= end:
            return pieces
        day += datetime.timedelta(days=1)


class FreeCheck:
    """Answer "is the worker free in this slot?" from rows read in bulk.

    The same rule as ``workers.queries.is_available`` (a test keeps them
    equal): the slot, in local time and cut at each midnight, lies inside
    the weekly windows of its weekdays (adjacent windows join), and no
    leave overlaps it. That function reads a worker's rows each call; this
    one merges them once, since the day plan asks 5,000 workers about a
    dozen slots each (``FreeTable`` asks them all at once).
    """

    def __init__(self, windows, leaves):
        by_weekday = defaultdict(list)
        for weekday, start, end in windows:
            by_weekday[weekday].append((_seconds(start), _seconds(end) or DAY_SECONDS))
        self.windows = {day: _merged(spans) for day, spans in by_weekday.items()}
        self.leaves = leaves
        self.answers = {}

    def _covered(self, weekday, start, end):
        return any(s <= start and end <= e for s, e in self.windows.get(weekday, ()))

    def _within_week(self, starts_at, ends_at):
        pieces = day_pieces(starts_at, ends_at)
        return bool(pieces) and all(self._covered(*piece) for piece in pieces)

    def __call__(self, starts_at, ends_at):
        key = (starts_at, ends_at)
        answer = self.answers.get(key)
        if answer is None:
            answer = self._within_week(starts_at, ends_at) and not any(
                s < ends_at and e > starts_at for s, e in self.leaves
            )
            self.answers[key] = answer
        return answer


class FreeTable:
    """The answers of many FreeChecks for one slot at a time, with numpy.

    ``checks`` are FreeCheck objects; ``mask(starts_at, ends_at)`` returns
    one boolean per check, equal to ``checks[i](starts_at, ends_at)``.
    """

    def __init__(self, checks):
        self.size = len(checks)
        windows = defaultdict(list)
        leaves = []
        for position, check in enumerate(checks):
            for weekday, spans in check.windows.items():
                for start, end in spans:
                    windows[weekday].append((position, start, end))
            for start, end in check.leaves:
                leaves.append((position, start.timestamp(), end.timestamp()))
        self.windows = {
            weekday: np.array(rows, dtype=np.int64).reshape(-1, 3)
            for weekday, rows in windows.items()
        }
        self.leaves = np.array(leaves, dtype=float).reshape(-1, 3)

    def mask(self, starts_at, ends_at):
        free = np.zeros(self.size, dtype=bool)
        pieces = day_pieces(starts_at, ends_at)
        if not pieces:
            return free
        free[:] = True
        for weekday, begin, end in pieces:
            rows = self.windows.get(weekday)
            covered = np.zeros(self.size, dtype=bool)
            if rows is not None:
                hit = (rows[:, 1] <= begin) & (end <= rows[:, 2])
                covered[rows[hit, 0]] = True
            free &= covered
        if len(self.leaves):
            start, end = starts_at.timestamp(), ends_at.timestamp()
            on_leave = (self.leaves[:, 1] < end) & (self.leaves[:, 2] > start)
            free[self.leaves[on_leave, 0].astype(np.int64)] = False
        return free


def load_candidates(workers, *, period, health_on):
    """Return a Candidate for each worker of the queryset ``workers``.

    ``period`` (start, end) bounds the leaves and work orders read;
    ``health_on`` is the day from which a health certificate must be issued.
    """
    start, end = period
    workers = list(
        workers.select_related("employee")
        .annotate(
            valid_health_until=Max(
                "health_certificates__expires_on",
                filter=Q(health_certificates__issued_on__lte=health_on),
            )
        )
        .order_by("pk")
    )
    ids = [w.pk for w in workers]
    skills, districts, busy = defaultdict(set), defaultdict(set), defaultdict(list)
    windows, leaves = defaultdict(list), defaultdict(list)
    window_rows = WeeklyAvailability.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "weekday", "start_time", "end_time"
    )
    for worker_id, weekday, start_time, end_time in window_rows:
        windows[worker_id].append((weekday, start_time, end_time))
    leave_rows = Leave.objects.filter(
        worker_id__in=ids,
        cancelled_at__isnull=True,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("worker_id", "starts_at", "ends_at")
    for worker_id, leave_start, leave_end in leave_rows:
        leaves[worker_id].append((leave_start, leave_end))
    skill_rows = WorkerProfile.skills.through.objects.filter(
        workerprofile_id__in=ids
    ).values_list("workerprofile_id", "serviceitem_id")
    for worker_id, item_id in skill_rows:
        skills[worker_id].add(item_id)
    district_rows = WorkerProfile.districts.through.objects.filter(
        workerprofile_id__in=ids
    ).values_list("workerprofile_id", "region_id")
    for worker_id, region_id in district_rows:
        districts[worker_id].add(region_id)
    work_rows = WorkOrder.objects.filter(
        worker_id__in=ids,
        status__in=ACTIVE_WORK_ORDER_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list(
        "worker_id", "starts_at", "ends_at", "order__latitude", "order__longitude"
    )
    for worker_id, starts_at, ends_at, lat, lon in work_rows:
        busy[worker_id].append(Busy(starts_at, ends_at, _float(lat), _float(lon)))

    return [
        Candidate(
            worker_id=w.pk,
            name=w.employee.name,
            organization_id=w.organization_id,
            skill_ids=frozenset(skills[w.pk]),
            district_ids=frozenset(districts[w.pk]),
            service_mode=w.service_mode,
            health_expires_on=w.valid_health_until,
            is_free=FreeCheck(windows[w.pk], leaves[w.pk]),
            home_latitude=_float(w.home_latitude),
            home_longitude=_float(w.home_longitude),
            rating=float(w.rating_average),
            years_experience=w.years_experience,
            busy=busy[w.pk],
            is_active=w.is_active and w.employee.status == Employee.Status.ACTIVE,
            profile=w,
        )
        for w in workers
    ]


def service_day(job):
    return timezone.localtime(job.starts_at).date()


def candidates_for_job(job, *, worker_ids=None):
    """Return the candidates worth ranking for ``job`` (or the given workers).

    Without ``worker_ids`` only workers that pass workers' own dispatchable
    test (active, health certificate, skill, district, organisation) are
    read; with it, those workers whatever their state, so that scoring can
    say why one of them is refused.
    """
    day = service_day(job)
    if worker_ids is None:
        workers = dispatchable_workers(
            on_date=day,
            organization=job.organization_id,
            item=job.item_id,
            district=job.region_id,
        )
    else:
        workers = WorkerProfile.objects.filter(pk__in=worker_ids)
    return load_candidates(workers, period=period_of([job]), health_on=day)


def candidates_for_day(jobs, *, day, organization=None):
    """Return every dispatchable worker of ``day`` (of ``organization``)."""
    workers = dispatchable_workers(on_date=day, organization=organization)
    return load_candidates(workers, period=period_of(jobs), health_on=day)


def candidates_for_jobs(jobs, *, day):
    """Return the dispatchable workers of ``day`` who might suit any of ``jobs``.

    Narrowed by the jobs' items, districts and organisations in the query,
    so a board of a few orders does not load every worker of the platform.
    """
    workers = dispatchable_workers(on_date=day)
    items = {j.item_id for j in jobs}
    workers = workers.filter(
        Exists(
            WorkerProfile.skills.through.objects.filter(
                workerprofile=OuterRef("pk"), serviceitem__in=items
            )
        )
    )
    if all(j.region_id is not None for j in jobs):
        regions = {j.region_id for j in jobs}
        workers = workers.filter(
            Exists(
                WorkerProfile.districts.through.objects.filter(
                    workerprofile=OuterRef("pk"), region__in=regions
                )
            )
        )
    if all(j.organization_id is not None for j in jobs):
        workers = workers.filter(organization__in={j.organization_id for j in jobs})
    return load_candidates(workers, period=period_of(jobs), health_on=day)


# Dispatch plans days people can book; a date far outside this range is a
# typing error, and near the calendar's ends it would overflow.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def day_bounds(day):
    """Return the local start of ``day`` and of the next day."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ServiceError(
            _("日期超出可派工的范围。"), code="invalid_date", field="date"
        )
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), zone)
    return start, start + datetime.timedelta(days=1)
