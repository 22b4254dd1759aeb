"""Assign many jobs at once: the optimal plan of "dispatch the day" and a greedy
baseline, both pure (no database).

How the optimal plan works. Jobs are taken in time order and cut into
rounds of mutually overlapping jobs: a round grows while the next job starts
before every job already in it has ended, so all jobs of a round share an
instant and no worker could take two of them anyway. Each round is one
assignment problem solved exactly with ``scipy.optimize.linear_sum_assignment``
on a cost matrix whose rows are the round's jobs and whose columns are the
workers feasible for at least one of them, plus one "not placed" column per
job. A feasible pair costs ``SCORE_CEILING - score``; a "not placed" column
costs more than any set of real pairs can add up to, so the solver first
places as many jobs as possible and then maximises the total score; an
infeasible pair costs more still and is never chosen. After a round the
chosen workers get the job added to their busy list, so the next round sees
the new overlap and measures distance from the job just given to them: a
worker can take several jobs of one day when their slots do not overlap.

The rounds make the plan optimal within each round and greedy across them
(a job at 8:00 is never left unplaced to keep a worker free for one at
14:00). That is the trade-off chosen: the exact alternative (a min-cost flow
over worker-slot chains) is far slower at 2,000 orders × 5,000 workers.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import linear_sum_assignment

from jiazheng.bookings.dispatch.pair_scoring import CandidateTable, score_pairs
from jiazheng.bookings.dispatch.scoring import Busy, evaluate

SCORE_CEILING = 200.0
EXPLAIN_POOL_LIMIT = 200


@dataclass
class Placement:
    job: object
    candidate: object
    evaluation: object


@dataclass
class Unplaced:
    job: object
    code: str
    text: str


@dataclass
class Plan:
    placements: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    rounds: int = 0

    @property
    def total_score(self):
        return round(sum(p.evaluation.score for p in self.placements), 2)


class CandidatePool:
    """Index candidates by (skill, district) so each job scores only likely ones."""

    def __init__(self, candidates):
        self.by_skill_district = defaultdict(list)
        self.by_skill = defaultdict(list)
        self.positions = {}
        for candidate in candidates:
            for skill in candidate.skill_ids:
                self.by_skill[skill].append(candidate)
                for district in candidate.district_ids:
                    self.by_skill_district[(skill, district)].append(candidate)

    def for_job(self, job):
        if job.region_id is None:
            return self.by_skill.get(job.item_id, [])
        return self.by_skill_district.get((job.item_id, job.region_id), [])

    def positions_for_job(self, job, table):
        """Return the positions in ``table`` of the candidates for ``job``."""
        key = (job.item_id, job.region_id)
        found = self.positions.get(key)
        if found is None:
            found = np.fromiter(
                (table.position[c.worker_id] for c in self.for_job(job)),
                dtype=np.int64,
            )
            self.positions[key] = found
        return found


def rounds_of(jobs):
    """Cut jobs (in time order) into rounds of mutually overlapping jobs."""
    rounds, current, earliest_end = [], [], None
    for job in sorted(jobs, key=lambda j: (j.starts_at, j.ends_at, j.order_id)):
        if current and job.starts_at >= earliest_end:
            rounds.append(current)
            current, earliest_end = [], None
        current.append(job)
        earliest_end = (
            job.ends_at if earliest_end is None else min(earliest_end, job.ends_at)
        )
    if current:
        rounds.append(current)
    return rounds


def _why_unplaced(job, pool, had_feasible):
    """Return (code, text) saying why no worker was found for ``job``."""
    if had_feasible:
        return "taken", _("合适的服务人员都已派给同时段的其他订单")
    candidates = pool.for_job(job)
    if job.organization_id is not None:
        candidates = [c for c in candidates if c.organization_id == job.organization_id]
    if not candidates:
        return "no_candidate", _("没有具备该技能并服务该区县的服务人员")
    counts = Counter()
    texts = {}
    for candidate in candidates[:EXPLAIN_POOL_LIMIT]:
        for refusal in evaluate(job, candidate, explain=True).refusals:
            counts[refusal["code"]] += 1
            texts[refusal["code"]] = refusal["text"]
    code, count = counts.most_common(1)[0]
    return code, _("%(count)d 名具备技能的服务人员均不可派，主要原因：%(reason)s") % {
        "count": len(candidates),
        "reason": texts[code],
    }


def _book(placement):
    job = placement.job
    placement.candidate.busy.append(
        Busy(job.starts_at, job.ends_at, job.latitude, job.longitude)
    )


def _place(plan, job, candidate):
    # The score of the pair alone: the reasons are written with the work
    # order, when services.assign_workers checks the pair again.
    placement = Placement(job, candidate, evaluate(job, candidate, explain=False))
    plan.placements.append(placement)
    return placement


def _solve_round(plan, jobs, pool, table):
    pools = [pool.positions_for_job(job, table) for job in jobs]
    rows = np.repeat(np.arange(len(jobs)), [len(p) for p in pools])
    cols = np.concatenate(pools) if pools else np.empty(0, dtype=np.int64)
    feasible, scores = score_pairs(jobs, rows, cols, table)
    rows, cols, scores = rows[feasible], cols[feasible], scores[feasible]

    # Columns in the order workers first appear, as the rows list them.
    workers, first = np.unique(cols, return_index=True)
    workers = workers[np.argsort(first, kind="stable")]
    column_of = np.empty(len(table.candidates), dtype=np.int64)
    column_of[workers] = np.arange(len(workers))
    n_jobs, n_workers = len(jobs), len(workers)
    not_placed = SCORE_CEILING * (n_jobs + 1)
    cost = np.full((n_jobs, n_workers + n_jobs), not_placed * 10, dtype=float)
    cost[:, n_workers:] = not_placed
    cost[rows, column_of[cols]] = SCORE_CEILING - scores
    feasible_rows = set(rows.tolist())

    assigned_rows, assigned_columns = linear_sum_assignment(cost)
    placed = []
    for row, column in zip(assigned_rows, assigned_columns, strict=True):
        job = jobs[row]
        if column < n_workers:
            candidate = table.candidates[workers[column]]
            placed.append(_place(plan, job, candidate))
        else:
            code, text = _why_unplaced(job, pool, row in feasible_rows)
            plan.unplaced.append(Unplaced(job, code, text))
    for placement in placed:
        _book(placement)


def plan_optimal(jobs, candidates):
    """Return the Plan that places most jobs, then with the highest total score."""
    plan = Plan()
    pool = CandidatePool(candidates)
    table = CandidateTable(candidates)
    for jobs_of_round in rounds_of(jobs):
        plan.rounds += 1
        _solve_round(plan, jobs_of_round, pool, table)
    return plan


def plan_greedy(jobs, candidates):
    """Return the baseline Plan: each job in time order takes its best worker."""
    plan = Plan()
    pool = CandidatePool(candidates)
    for job in sorted(jobs, key=lambda j: (j.starts_at, j.ends_at, j.order_id)):
        best = None
        for candidate in pool.for_job(job):
            evaluation = evaluate(job, candidate, explain=False)
            if evaluation.feasible and (
                best is None
                or (evaluation.score, -candidate.worker_id)
                > (best[0].score, -best[1].worker_id)
            ):
                best = (evaluation, candidate)
        if best is None:
            code, text = _why_unplaced(job, pool, False)
            plan.unplaced.append(Unplaced(job, code, text))
        else:
            _book(_place(plan, job, best[1]))
    return plan
