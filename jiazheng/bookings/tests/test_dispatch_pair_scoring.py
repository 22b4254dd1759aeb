"""The array scoring of the day plan agrees with ``scoring.evaluate``.

``pair_scoring.score_pairs`` restates every hard rule and every kind of
points over arrays for speed; on random jobs and workers (with work orders,
previous jobs, preferred and excluded workers, unknown places) it must give
each pair the same verdict and the same score as ``evaluate``.
"""

import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from jiazheng.bookings.dispatch.pair_scoring import CandidateTable, score_pairs
from jiazheng.bookings.dispatch.scoring import Busy, Candidate, Job, evaluate

TZ = ZoneInfo("Asia/Shanghai")
ITEM = 1
DISTRICT = "110105"
WORKER_IDS = [1, 2, 3, 4, 5]
HEALTH_DATES = [None, *(datetime.date(2026, 12, d) for d in range(5, 11))] + [
    datetime.date(2027, 6, 1)
] * 4


def at(day, hour):
    # 2026-12-07 is a Monday: days 6 to 9 cross a week boundary.
    return datetime.datetime(2026, 12, day, hour, tzinfo=TZ)


places = st.one_of(
    st.none(),
    st.tuples(st.floats(39.80, 40.05), st.floats(116.30, 116.60)),
)


@st.composite
def slots(draw):
    day = draw(st.integers(6, 9))
    start = draw(st.integers(6, 18))
    length = draw(st.integers(1, 5))
    return at(day, start), at(day, start) + datetime.timedelta(hours=length)


@st.composite
def jobs(draw, order_id):
    starts_at, ends_at = draw(slots())
    place = draw(places)
    return Job(
        order_id=order_id,
        item_id=ITEM,
        starts_at=starts_at,
        ends_at=ends_at,
        region_id=DISTRICT,
        latitude=None if place is None else place[0],
        longitude=None if place is None else place[1],
        service_mode=draw(st.sampled_from(["", "live_in", "day_time"])),
        organization_id=draw(st.sampled_from([None, 10, 11])),
        preferred_worker_id=draw(st.one_of(st.none(), st.sampled_from(WORKER_IDS))),
        excluded_worker_ids=frozenset(
            draw(st.lists(st.sampled_from(WORKER_IDS), max_size=2))
        ),
    )


@st.composite
def busies(draw):
    starts_at, ends_at = draw(slots())
    place = draw(places)
    return Busy(
        starts_at,
        ends_at,
        None if place is None else place[0],
        None if place is None else place[1],
    )


@st.composite
def candidates(draw, worker_id):
    home = draw(places)
    blocked_hours = frozenset(draw(st.lists(st.integers(6, 18), max_size=3)))
    return Candidate(
        worker_id=worker_id,
        name=f"王{worker_id}",
        organization_id=draw(st.sampled_from([10, 11])),
        skill_ids=frozenset({ITEM}),
        district_ids=frozenset({DISTRICT}),
        service_mode=draw(st.sampled_from(["live_in", "day_time", "both"])),
        # Around the service days, where "valid through the last day" bites.
        health_expires_on=draw(st.sampled_from(HEALTH_DATES)),
        is_free=lambda starts_at, ends_at: starts_at.hour not in blocked_hours,
        home_latitude=None if home is None else home[0],
        home_longitude=None if home is None else home[1],
        rating=draw(st.floats(0, 5)),
        years_experience=draw(st.integers(0, 15)),
        busy=draw(st.lists(busies(), max_size=3)),
        is_active=draw(st.booleans()),
    )


@st.composite
def rounds(draw):
    job_count = draw(st.integers(1, 4))
    worker_count = draw(st.integers(1, len(WORKER_IDS)))
    round_jobs = [draw(jobs(order_id)) for order_id in range(1, job_count + 1)]
    workers = [draw(candidates(worker_id)) for worker_id in WORKER_IDS[:worker_count]]
    return round_jobs, workers


@settings(max_examples=300, deadline=None)
@given(data=rounds())
def test_array_scoring_gives_every_pair_the_verdict_and_score_of_evaluate(data):
    # given every pair of the round's jobs and workers
    round_jobs, workers = data
    table = CandidateTable(workers)
    pairs = [(r, c) for r in range(len(round_jobs)) for c in range(len(workers))]
    rows = [r for r, _c in pairs]
    cols = [c for _r, c in pairs]

    # when the arrays score them all at once
    feasible, scores = score_pairs(round_jobs, rows, cols, table)

    # then each pair agrees with the one-by-one evaluation
    for k, (r, c) in enumerate(pairs):
        expected = evaluate(round_jobs[r], workers[c], explain=False)
        assert bool(feasible[k]) == expected.feasible, (round_jobs[r], workers[c])
        if expected.feasible:
            assert abs(float(scores[k]) - expected.score) < 0.011
