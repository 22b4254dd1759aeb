"""Rank workers for an order: hard rules first, then points with reasons.

Pure functions over plain records (``Job``, ``Candidate``) so that the console
ranking, the one-off assignment check, "dispatch the day" and the benchmark
share one definition of a good match. ``candidates.py`` loads the records
from the database in a fixed number of queries.

A candidate who breaks a hard rule is refused with the reasons (every one of
them when ``explain`` is set): inactive or gone, excluded by the customer, another provider,
no skill for the item, not serving the district, wrong live-in/day-time
mode, no health certificate valid through the service, on leave or outside
the weekly availability, or already holding an overlapping work order.

The others get points, at most 100 without the preferred-worker bonus:
distance (30) from the previous job of that day or else from home, rating
(25), light workload this week (20), years of experience (5); the worker
the customer asked for gets 20 more. Distance falls linearly to zero at 20
km; workload to zero at 12 work orders in the week.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

EARTH_RADIUS_KM = 6371.0088
DISTANCE_POINTS = 30.0
DISTANCE_HORIZON_KM = 20.0
UNKNOWN_DISTANCE_POINTS = 10.0
RATING_POINTS = 25.0
WORKLOAD_POINTS = 20.0
WEEK_FULL = 12
EXPERIENCE_POINTS = 5.0
EXPERIENCE_FULL_YEARS = 10
PREFERRED_POINTS = 20.0

MODE_LIVE_IN = "live_in"
MODE_DAY_TIME = "day_time"
MODE_BOTH = "both"


@dataclass(frozen=True)
class Job:
    """What matching needs to know about one order."""

    order_id: int
    item_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    region_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    service_mode: str = ""
    organization_id: int | None = None
    preferred_worker_id: int | None = None
    excluded_worker_ids: frozenset = frozenset()

    # Local dates and the week, worked out once per job rather than once
    # per candidate (cached_property writes past the frozen __setattr__).
    @cached_property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @cached_property
    def last_day(self):
        return timezone.localtime(self.ends_at).date()

    @cached_property
    def week(self):
        return week_bounds(self.starts_at)


@dataclass(frozen=True)
class Busy:
    """An active work order a worker already holds."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    latitude: float | None = None
    longitude: float | None = None

    @cached_property
    def last_day(self):
        return timezone.localtime(self.ends_at).date()


@dataclass
class Candidate:
    """What matching needs to know about one worker.

    ``is_free(starts_at, ends_at)`` answers for the weekly availability and
    leave; ``busy`` holds the worker's active work orders of the week (the
    day plan appends to it as it assigns).
    """

    worker_id: int
    name: str
    organization_id: int
    skill_ids: frozenset
    district_ids: frozenset
    service_mode: str
    health_expires_on: datetime.date | None
    is_free: Callable[[datetime.datetime, datetime.datetime], bool]
    home_latitude: float | None = None
    home_longitude: float | None = None
    rating: float = 0.0
    years_experience: int = 0
    busy: list = field(default_factory=list)
    is_active: bool = True
    profile: object = None


@dataclass
class Evaluation:
    """The verdict on one worker for one job."""

    worker_id: int
    feasible: bool
    score: float = 0.0
    reasons: list = field(default_factory=list)
    refusals: list = field(default_factory=list)

    @property
    def refusal_text(self):
        return "；".join(r["text"] for r in self.refusals)


def distance_km(lat1, lon1, lat2, lon2):
    """Return the great-circle distance in kilometres, None if one is unknown."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def week_bounds(moment):
    """Return [Monday 00:00, next Monday 00:00) local time around ``moment``."""
    local = timezone.localtime(moment)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    start = datetime.datetime.combine(monday, datetime.time(0), local.tzinfo)
    return start, start + datetime.timedelta(days=7)


def mode_matches(job_mode, worker_mode):
    if not job_mode or worker_mode == MODE_BOTH:
        return True
    return job_mode == worker_mode


def refusal_texts():
    """Return {refusal code: the sentence shown for it}, in rule order."""
    return {
        "inactive": _("服务人员已停用或离职"),
        "excluded": _("客户已要求不再派此服务人员"),
        "organization": _("不属于承接该订单的企业"),
        "skill": _("不具备该服务项目的技能"),
        "district": _("不服务该区县"),
        "service_mode": _("住家/白班方式不符"),
        "health_certificate": _("健康证已过期或缺失"),
        "overlap": _("该时段已有其他派工单"),
        "unavailable": _("该时段不在可服务时间内或正在请假"),
    }


def refusal_codes(job, candidate, *, first_only=False):
    """Return the codes of the hard rules ``candidate`` breaks for ``job``.

    Written out rule by rule: the day plan calls it hundreds of thousands
    of times, and the cheap tests come before the costly ones.
    """
    codes = []
    c = candidate
    if not c.is_active:
        codes.append("inactive")
    if c.worker_id in job.excluded_worker_ids:
        codes.append("excluded")
    if job.organization_id is not None and c.organization_id != job.organization_id:
        codes.append("organization")
    if job.item_id not in c.skill_ids:
        codes.append("skill")
    if job.region_id is not None and job.region_id not in c.district_ids:
        codes.append("district")
    if not mode_matches(job.service_mode, c.service_mode):
        codes.append("service_mode")
    if c.health_expires_on is None or c.health_expires_on < job.last_day:
        codes.append("health_certificate")
    if codes and first_only:
        return codes[:1]
    starts_at, ends_at = job.starts_at, job.ends_at
    for busy in c.busy:
        if busy.starts_at < ends_at and starts_at < busy.ends_at:
            codes.append("overlap")
            break
    if codes and first_only:
        return codes[:1]
    if not c.is_free(starts_at, ends_at):
        codes.append("unavailable")
    return codes[:1] if first_only else codes


def _hard_rules(job, candidate, explain):
    """Return the refusals of ``candidate`` for ``job`` (the first, or all)."""
    codes = refusal_codes(job, candidate, first_only=not explain)
    if not codes:
        return []
    texts = refusal_texts() if explain else {}
    return [{"code": code, "text": texts.get(code, code)} for code in codes]


def _origin(job, candidate):
    """Return (latitude, longitude, from_previous_job) to measure distance from."""
    previous = None
    for busy in candidate.busy:
        if (
            busy.ends_at <= job.starts_at
            and busy.latitude is not None
            and (previous is None or busy.ends_at > previous.ends_at)
            and busy.last_day == job.day
        ):
            previous = busy
    if previous is not None:
        return previous.latitude, previous.longitude, True
    return candidate.home_latitude, candidate.home_longitude, False


def week_load(job, candidate):
    """Return how many active work orders the worker holds in the job's week."""
    start, end = job.week
    return sum(1 for b in candidate.busy if start <= b.starts_at < end)


def evaluate(job, candidate, *, explain=True):
    """Return the Evaluation of ``candidate`` for ``job``.

    Without ``explain`` the reasons are left out and only the first refusal
    is kept: the fast path of the day plan.
    """
    refusals = _hard_rules(job, candidate, explain)
    if refusals:
        return Evaluation(candidate.worker_id, False, refusals=refusals)

    reasons = []
    lat, lon, from_previous = _origin(job, candidate)
    km = distance_km(lat, lon, job.latitude, job.longitude)
    if km is None:
        distance_points = UNKNOWN_DISTANCE_POINTS
    else:
        distance_points = DISTANCE_POINTS * max(0.0, 1 - km / DISTANCE_HORIZON_KM)
    rating_points = RATING_POINTS * min(max(candidate.rating, 0.0), 5.0) / 5
    load = week_load(job, candidate)
    workload_points = WORKLOAD_POINTS * max(0.0, 1 - load / WEEK_FULL)
    years = min(candidate.years_experience, EXPERIENCE_FULL_YEARS)
    experience_points = EXPERIENCE_POINTS * years / EXPERIENCE_FULL_YEARS
    preferred = candidate.worker_id == job.preferred_worker_id
    score = distance_points + rating_points + workload_points + experience_points
    if preferred:
        score += PREFERRED_POINTS

    if explain:
        if km is None:
            text = _("位置不详")
        elif from_previous:
            text = _("距上一单 %(km).1f 公里") % {"km": km}
        else:
            text = _("距住处 %(km).1f 公里") % {"km": km}
        reasons = [
            {"code": "skill", "points": 0, "text": _("具备该项技能，健康证有效")},
            {"code": "distance", "points": round(distance_points, 2), "text": text},
            {
                "code": "rating",
                "points": round(rating_points, 2),
                "text": _("评分 %(rating).2f") % {"rating": candidate.rating},
            },
            {
                "code": "workload",
                "points": round(workload_points, 2),
                "text": _("本周已派 %(count)d 单") % {"count": load},
            },
            {
                "code": "experience",
                "points": round(experience_points, 2),
                "text": _("从业 %(years)d 年") % {"years": candidate.years_experience},
            },
        ]
        if preferred:
            reasons.append(
                {
                    "code": "preferred",
                    "points": PREFERRED_POINTS,
                    "text": _("客户指定的服务人员"),
                }
            )
    return Evaluation(candidate.worker_id, True, round(score, 2), reasons)


def rank(job, candidates, *, limit=None, explain=True):
    """Return (suggestions, refused): feasible evaluations best first, the rest.

    Ties go to the lower worker id, so the order is stable.
    """
    suggestions, refused = [], []
    for candidate in candidates:
        evaluation = evaluate(job, candidate, explain=explain)
        (suggestions if evaluation.feasible else refused).append(evaluation)
    suggestions.sort(key=lambda e: (-e.score, e.worker_id))
    if limit is not None:
        suggestions = suggestions[:limit]
    return suggestions, refused
