"""Ranking and planning rules, on plain records (no database)."""

import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from jiazheng.bookings.dispatch.planning import (
    plan_greedy,
    plan_optimal,
    rounds_of,
)
from jiazheng.bookings.dispatch.scoring import (
    Busy,
    Candidate,
    Job,
    distance_km,
    evaluate,
    rank,
)

TZ = ZoneInfo("Asia/Shanghai")
CHAOYANG = "110105"
HAIDIAN = "110108"
CLEANING = 1
NANNY = 2


def at(hour, minute=0, day=7):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=TZ)


def job(order_id=1, *, start=9, end=11, day=7, **fields):
    values = {
        "item_id": CLEANING,
        "region_id": CHAOYANG,
        "latitude": 39.91,
        "longitude": 116.46,
    }
    values.update(fields)
    return Job(
        order_id=order_id,
        starts_at=at(start, day=day),
        ends_at=at(end, day=day),
        **values,
    )


def worker(worker_id=1, **fields):
    values = {
        "name": f"王{worker_id}",
        "organization_id": 10,
        "skill_ids": frozenset({CLEANING}),
        "district_ids": frozenset({CHAOYANG}),
        "service_mode": "day_time",
        "health_expires_on": datetime.date(2027, 6, 1),
        "is_free": lambda starts_at, ends_at: True,
        "home_latitude": 39.92,
        "home_longitude": 116.45,
        "rating": 4.5,
        "years_experience": 3,
    }
    values.update(fields)
    return Candidate(worker_id=worker_id, **values)


def test_haversine_gives_known_distance_across_beijing():
    # Tiananmen to the Summer Palace is about 15 km as the crow flies.
    km = distance_km(39.9087, 116.3975, 39.9999, 116.2755)
    assert 14 < km < 16
    assert distance_km(None, 116.0, 39.0, 116.0) is None


def test_a_worker_without_the_skill_is_refused_with_the_reason():
    evaluation = evaluate(job(), worker(skill_ids=frozenset({NANNY})))

    assert not evaluation.feasible
    assert [r["code"] for r in evaluation.refusals] == ["skill"]
    assert "技能" in evaluation.refusal_text


def test_every_hard_rule_is_reported_when_explaining():
    expired = worker(
        skill_ids=frozenset({NANNY}),
        district_ids=frozenset({HAIDIAN}),
        service_mode="live_in",
        health_expires_on=datetime.date(2026, 12, 1),
        is_free=lambda s, e: False,
        busy=[Busy(at(10), at(12))],
        organization_id=99,
    )
    the_job = job(
        service_mode="day_time",
        organization_id=10,
        excluded_worker_ids=frozenset({1}),
    )

    codes = [r["code"] for r in evaluate(the_job, expired).refusals]

    assert codes == [
        "excluded",
        "organization",
        "skill",
        "district",
        "service_mode",
        "health_certificate",
        "overlap",
        "unavailable",
    ]


def test_health_certificate_must_last_through_the_service_day():
    assert not evaluate(
        job(), worker(health_expires_on=datetime.date(2026, 12, 6))
    ).feasible
    assert evaluate(
        job(), worker(health_expires_on=datetime.date(2026, 12, 7))
    ).feasible
    assert not evaluate(job(), worker(health_expires_on=None)).feasible


def test_adjacent_work_orders_do_not_overlap():
    before = worker(busy=[Busy(at(7), at(9))])
    after = worker(busy=[Busy(at(11), at(13))])
    inside = worker(busy=[Busy(at(10), at(10, 30))])

    assert evaluate(job(), before).feasible
    assert evaluate(job(), after).feasible
    assert not evaluate(job(), inside).feasible


def test_worker_mode_both_serves_live_in_and_day_time_jobs():
    both = worker(service_mode="both")
    assert evaluate(job(service_mode="live_in"), both).feasible
    assert evaluate(job(service_mode="day_time"), both).feasible
    assert not evaluate(job(service_mode="live_in"), worker()).feasible


def test_closer_better_rated_less_busy_worker_ranks_first():
    near = worker(1, home_latitude=39.911, home_longitude=116.461)
    far = worker(2, home_latitude=40.05, home_longitude=116.60)
    low_rated = worker(3, home_latitude=39.911, home_longitude=116.461, rating=2.0)
    busy = worker(
        4,
        home_latitude=39.911,
        home_longitude=116.461,
        busy=[Busy(at(8, day=d), at(9, day=d)) for d in (8, 9, 10, 11, 12, 13)],
    )

    suggestions, refused = rank(job(), [far, busy, low_rated, near])

    assert [s.worker_id for s in suggestions] == [1, 4, 3, 2]
    assert refused == []
    texts = " ".join(r["text"] for r in suggestions[0].reasons)
    assert "距住处" in texts and "评分" in texts and "本周已派 0 单" in texts


def test_distance_counts_from_the_previous_job_of_the_day():
    # Home is far away, but the morning job was next door.
    far_home = worker(
        home_latitude=40.2,
        home_longitude=116.9,
        busy=[Busy(at(7), at(8, 30), 39.911, 116.461)],
    )

    evaluation = evaluate(job(), far_home)

    distance = next(r for r in evaluation.reasons if r["code"] == "distance")
    assert distance["text"].startswith("距上一单")
    assert distance["points"] > 29


def test_preferred_worker_gets_a_bonus_and_excluded_never_appears():
    plain = worker(1, rating=5.0)
    preferred = worker(2, rating=4.0)
    banned = worker(3, rating=5.0)
    the_job = job(preferred_worker_id=2, excluded_worker_ids=frozenset({3}))

    suggestions, refused = rank(the_job, [plain, preferred, banned])

    assert [s.worker_id for s in suggestions] == [2, 1]
    assert [r.worker_id for r in refused] == [3]
    assert any(r["code"] == "preferred" for r in suggestions[0].reasons)


def test_rounds_hold_only_mutually_overlapping_jobs():
    jobs = [job(1, start=8, end=10), job(2, start=9, end=12), job(3, start=10, end=11)]

    rounds = rounds_of(jobs)

    assert [[j.order_id for j in r] for r in rounds] == [[1, 2], [3]]


def test_day_plan_gives_one_worker_several_jobs_that_do_not_overlap():
    only = worker(1)
    jobs = [job(1, start=8, end=10), job(2, start=10, end=12), job(3, start=11, end=13)]

    plan = plan_optimal(jobs, [only])

    assert sorted(p.job.order_id for p in plan.placements) == [1, 2]
    assert [(u.job.order_id, u.code) for u in plan.unplaced] == [(3, "taken")]


def test_day_plan_beats_greedy_when_greedy_takes_the_only_fit_of_another_job():
    # Worker 1 fits both jobs and is slightly better for job 1; worker 2
    # fits only job 1. Greedy gives job 1 to worker 1 and leaves job 2 out.
    versatile = worker(1, skill_ids=frozenset({CLEANING, NANNY}), rating=5.0)
    narrow = worker(2, rating=4.9)
    jobs = [job(1), job(2, item_id=NANNY)]

    optimal = plan_optimal(jobs, [versatile, narrow])
    greedy = plan_greedy(
        jobs,
        [
            worker(1, skill_ids=frozenset({CLEANING, NANNY}), rating=5.0),
            worker(2, rating=4.9),
        ],
    )

    assert {(p.job.order_id, p.candidate.worker_id) for p in optimal.placements} == {
        (1, 2),
        (2, 1),
    }
    assert len(greedy.placements) == 1
    assert [u.job.order_id for u in greedy.unplaced] == [2]
    assert optimal.total_score > greedy.total_score


def test_unplaced_job_says_when_no_worker_has_the_skill_in_the_district():
    plan = plan_optimal([job(1, region_id=HAIDIAN)], [worker(1)])

    assert plan.placements == []
    assert plan.unplaced[0].code == "no_candidate"


slots = st.lists(
    st.tuples(
        st.integers(6, 20), st.integers(1, 4), st.sampled_from([CLEANING, NANNY])
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(slots=slots, n_workers=st.integers(1, 4))
def test_day_plan_never_double_books_a_worker(slots, n_workers):
    def team():
        return [
            worker(i, skill_ids=frozenset({CLEANING, NANNY} if i % 2 else {CLEANING}))
            for i in range(1, n_workers + 1)
        ]

    jobs = [
        job(n, start=start, end=min(start + length, 23), item_id=item)
        for n, (start, length, item) in enumerate(slots, start=1)
    ]

    optimal = plan_optimal(jobs, team())
    greedy = plan_greedy(jobs, team())

    assert len(optimal.placements) + len(optimal.unplaced) == len(jobs)
    by_worker = {}
    for placement in optimal.placements:
        by_worker.setdefault(placement.candidate.worker_id, []).append(placement.job)
    for held in by_worker.values():
        for a in held:
            for b in held:
                if a is not b:
                    assert not (a.starts_at < b.ends_at and b.starts_at < a.ends_at)
    # Each round places the most it can, so the plan never places fewer
    # jobs than the greedy baseline within a single round.
    if len(rounds_of(jobs)) == 1:
        assert len(optimal.placements) >= len(greedy.placements)
