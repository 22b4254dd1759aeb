"""Score many (job, worker) pairs at once: ``scoring.evaluate`` with numpy.

The day plan weighs a few hundred thousand pairs; one ``evaluate`` call per
pair costs seconds. Here each rule and each kind of points is one array
operation over all pairs of a round, with the same rules and the same
points as ``scoring`` (a test keeps the two equal on random data). Only
the verdict and the score come out; the day plan asks ``evaluate`` for the
reasons of the pairs it keeps.

Worker facts that do not change during a plan (organisation, mode, health
certificate, home, rating, experience) are arrays indexed by worker
position, built once. Work orders do change (the plan gives out jobs round
by round), so the pairs are grouped by worker and each work order is
applied to its worker's pairs: overlap, the previous job of the day and the
week's workload.
"""

import numpy as np

from jiazheng.bookings.dispatch.candidates import FreeCheck, FreeTable
from jiazheng.bookings.dispatch.scoring import (
    DISTANCE_HORIZON_KM,
    DISTANCE_POINTS,
    EARTH_RADIUS_KM,
    EXPERIENCE_FULL_YEARS,
    EXPERIENCE_POINTS,
    MODE_BOTH,
    PREFERRED_POINTS,
    RATING_POINTS,
    UNKNOWN_DISTANCE_POINTS,
    WEEK_FULL,
    WORKLOAD_POINTS,
)

NO_ID = -1
ANY_MODE = 0


def _stamp(moment):
    return moment.timestamp()


def _coordinate(value):
    return np.nan if value is None else value


class CandidateTable:
    """The unchanging facts of the candidates of a plan, as arrays."""

    def __init__(self, candidates):
        self.candidates = list(candidates)
        self.position = {c.worker_id: i for i, c in enumerate(self.candidates)}
        self.modes = {"": ANY_MODE}
        cands = self.candidates
        self.worker_id = np.array([c.worker_id for c in cands], dtype=np.int64)
        self.active = np.array([bool(c.is_active) for c in cands], dtype=bool)
        self.organization = np.array([c.organization_id for c in cands], dtype=np.int64)
        self.mode = np.array([self.mode_code(c.service_mode) for c in cands])
        self.mode_both = self.mode_code(MODE_BOTH)
        self.health = np.array(
            [
                NO_ID
                if c.health_expires_on is None
                else c.health_expires_on.toordinal()
                for c in cands
            ],
            dtype=np.int64,
        )
        self.home_latitude = np.array(
            [_coordinate(c.home_latitude) for c in cands], dtype=float
        )
        self.home_longitude = np.array(
            [_coordinate(c.home_longitude) for c in cands], dtype=float
        )
        ratings = np.array([c.rating for c in cands], dtype=float)
        self.rating_points = (
            RATING_POINTS * np.minimum(np.maximum(ratings, 0.0), 5.0) / 5
        )
        years = np.array([c.years_experience for c in cands], dtype=float)
        self.experience_points = (
            EXPERIENCE_POINTS
            * np.minimum(years, EXPERIENCE_FULL_YEARS)
            / EXPERIENCE_FULL_YEARS
        )

        self.checked = np.array(
            [isinstance(c.is_free, FreeCheck) for c in cands], dtype=bool
        )
        self.checked_positions = np.flatnonzero(self.checked)
        self.free_table = FreeTable([cands[p].is_free for p in self.checked_positions])
        self.free_answers = {}

    def free_in(self, starts_at, ends_at):
        """Return, per candidate, whether the FreeCheck says free in the slot.

        Candidates without a FreeCheck get False here (see ``_free``).
        """
        key = (starts_at, ends_at)
        answer = self.free_answers.get(key)
        if answer is None:
            answer = np.zeros(len(self.candidates), dtype=bool)
            answer[self.checked_positions] = self.free_table.mask(starts_at, ends_at)
            self.free_answers[key] = answer
        return answer

    def mode_code(self, mode):
        if not mode:
            return ANY_MODE
        return self.modes.setdefault(mode, len(self.modes))


class JobTable:
    """The facts of the jobs of a round, as arrays indexed by row."""

    def __init__(self, jobs, table):
        self.jobs = jobs
        self.start = np.array([_stamp(j.starts_at) for j in jobs])
        self.end = np.array([_stamp(j.ends_at) for j in jobs])
        self.organization = np.array(
            [NO_ID if j.organization_id is None else j.organization_id for j in jobs],
            dtype=np.int64,
        )
        self.mode = np.array([table.mode_code(j.service_mode) for j in jobs])
        self.day = np.array([j.day.toordinal() for j in jobs], dtype=np.int64)
        self.last_day = np.array([j.last_day.toordinal() for j in jobs], dtype=np.int64)
        self.week_start = np.array([_stamp(j.week[0]) for j in jobs])
        self.week_end = np.array([_stamp(j.week[1]) for j in jobs])
        self.latitude = np.array([_coordinate(j.latitude) for j in jobs], dtype=float)
        self.longitude = np.array([_coordinate(j.longitude) for j in jobs], dtype=float)
        self.preferred = np.array(
            [
                NO_ID if j.preferred_worker_id is None else j.preferred_worker_id
                for j in jobs
            ],
            dtype=np.int64,
        )


def _haversine_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = np.radians(lon2 - lon1)
    h = np.sin(d_phi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _busy_rows(candidates, positions):
    """Return the work orders of the workers at ``positions``, as arrays.

    Sorted by end and, for equal ends, last listed first: applied in this
    order, the previous job ``scoring`` picks (the latest end, the first
    listed on a tie) is the one applied last.
    """
    rows = []
    for position in positions:
        for index, busy in enumerate(candidates[position].busy):
            rows.append(
                (
                    _stamp(busy.ends_at),
                    -index,
                    position,
                    _stamp(busy.starts_at),
                    busy.last_day.toordinal(),
                    busy.latitude,
                    busy.longitude,
                )
            )
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    return rows


def _free(jobs, rows, cols, table):
    """Return the mask of pairs whose worker is free in the job's slot."""
    free = np.ones(len(rows), dtype=bool)
    slots = {}
    for row, job in enumerate(jobs):
        slots.setdefault((job.starts_at, job.ends_at), []).append(row)
    slot_of_row = np.empty(len(jobs), dtype=np.int64)
    for number, rows_of_slot in enumerate(slots.values()):
        slot_of_row[rows_of_slot] = number
    pair_slot = slot_of_row[rows]
    for number, (starts_at, ends_at) in enumerate(slots):
        pairs = np.flatnonzero(pair_slot == number)
        free[pairs] = table.free_in(starts_at, ends_at)[cols[pairs]]
    # Workers whose availability is not a FreeCheck (hand-made records):
    # ask them one by one.
    for pair in np.flatnonzero(~table.checked[cols]):
        job = jobs[rows[pair]]
        free[pair] = table.candidates[cols[pair]].is_free(job.starts_at, job.ends_at)
    return free


def score_pairs(jobs, rows, cols, table):
    """Return (feasible mask, scores) of the pairs (jobs[rows[k]], cols[k]).

    ``rows`` index ``jobs``, ``cols`` index ``table.candidates``. Skill and
    district are not checked: the pairs come from the candidate pool, which
    offers a job only the workers with its skill in its district.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    j = JobTable(jobs, table)

    ok = table.active[cols].copy()
    job_org = j.organization[rows]
    ok &= (job_org == NO_ID) | (table.organization[cols] == job_org)
    job_mode, worker_mode = j.mode[rows], table.mode[cols]
    ok &= (
        (job_mode == ANY_MODE)
        | (worker_mode == table.mode_both)
        | (worker_mode == job_mode)
    )
    ok &= table.health[cols] >= j.last_day[rows]
    for row, job in enumerate(jobs):
        if job.excluded_worker_ids:
            banned = np.isin(
                table.worker_id, np.fromiter(job.excluded_worker_ids, dtype=np.int64)
            )
            ok &= ~((rows == row) & banned[cols])

    # Work orders: overlap, previous job of the day, workload of the week.
    origin_lat = table.home_latitude[cols].copy()
    origin_lon = table.home_longitude[cols].copy()
    load = np.zeros(len(rows), dtype=np.int64)
    by_worker = np.argsort(cols, kind="stable")
    sorted_cols = cols[by_worker]
    with_work = [p for p in np.unique(cols) if table.candidates[p].busy]
    job_start, job_end = j.start[rows], j.end[rows]
    for end, _index, position, start, last_day, lat, lon in _busy_rows(
        table.candidates, with_work
    ):
        lo = np.searchsorted(sorted_cols, position, side="left")
        hi = np.searchsorted(sorted_cols, position, side="right")
        pairs = by_worker[lo:hi]
        pair_start, pair_end = job_start[pairs], job_end[pairs]
        ok[pairs[(start < pair_end) & (pair_start < end)]] = False
        load[pairs] += (j.week_start[rows[pairs]] <= start) & (
            start < j.week_end[rows[pairs]]
        )
        if lat is not None:
            before = pairs[(end <= pair_start) & (last_day == j.day[rows[pairs]])]
            origin_lat[before] = lat
            origin_lon[before] = lon

    # Availability last, and only where every other rule passed.
    candidates_ok = np.flatnonzero(ok)
    ok[candidates_ok] = _free(jobs, rows[candidates_ok], cols[candidates_ok], table)

    km = _haversine_km(origin_lat, origin_lon, j.latitude[rows], j.longitude[rows])
    distance = np.where(
        np.isnan(km),
        UNKNOWN_DISTANCE_POINTS,
        DISTANCE_POINTS * np.maximum(0.0, 1 - km / DISTANCE_HORIZON_KM),
    )
    workload = WORKLOAD_POINTS * np.maximum(0.0, 1 - load / WEEK_FULL)
    score = (
        distance + table.rating_points[cols] + workload + table.experience_points[cols]
    )
    score = score + np.where(
        table.worker_id[cols] == j.preferred[rows], PREFERRED_POINTS, 0.0
    )
    return ok, np.round(score, 2)
