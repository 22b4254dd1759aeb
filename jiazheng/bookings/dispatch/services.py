"""Rank workers for an order and assign one: the work order (派工单).

A worker can never hold two active work orders whose slots overlap. The
assignment locks the order, then the worker (always in that order, so two
dispatchers cannot deadlock), checks every rule again on fresh data and
creates the work order. On PostgreSQL the exclusion constraint of the work
order table is the last word: a violation becomes a ServiceError.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch.candidates import (
    candidates_for_job,
    candidates_for_jobs,
    job_for,
    jobs_for,
    load_candidates,
    period_of,
    service_day,
)
from jiazheng.bookings.dispatch.planning import CandidatePool
from jiazheng.bookings.dispatch.recording import Entry, record_work_orders
from jiazheng.bookings.dispatch.scoring import Busy, evaluate, rank
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder
from jiazheng.common.errors import ServiceError
from jiazheng.workers.models import WorkerProfile

logger = logging.getLogger(__name__)

SUGGESTIONS = 5


@dataclass
class Suggestion:
    worker: WorkerProfile
    score: float
    reasons: list


def rank_candidates(order, *, limit=SUGGESTIONS):
    """Return the best ``limit`` Suggestions (worker, score, reasons) for ``order``."""
    job = job_for(order)
    candidates = {c.worker_id: c for c in candidates_for_job(job)}
    evaluations, _refused = rank(job, candidates.values(), limit=limit)
    return [
        Suggestion(candidates[e.worker_id].profile, e.score, e.reasons)
        for e in evaluations
    ]


def suggestions_by_order(orders, *, day, limit=SUGGESTIONS):
    """Return {order id: [Suggestion]} for orders of one ``day``, in bulk.

    One candidate load serves every order, so a board of many orders costs
    the same few queries as one.
    """
    jobs = jobs_for(orders)
    if not jobs:
        return {}
    candidates = candidates_for_jobs(jobs, day=day)
    pool = CandidatePool(candidates)
    by_id = {c.worker_id: c for c in candidates}
    suggestions = {}
    for job in jobs:
        evaluations, _refused = rank(job, pool.for_job(job), limit=limit)
        suggestions[job.order_id] = [
            Suggestion(by_id[e.worker_id].profile, e.score, e.reasons)
            for e in evaluations
        ]
    return suggestions


def has_active_work_order(order):
    return order.work_orders.filter(status__in=ACTIVE_WORK_ORDER_STATUSES).exists()


def _not_assignable(order, has_work_order):
    """Return the ServiceError that keeps ``order`` from dispatch, or None."""
    if order.status != Order.Status.CONFIRMED:
        return ServiceError(
            _("订单当前状态为“%(status)s”，只有已确认的订单可以派工。")
            % {"status": order.get_status_display()},
            code="order_not_assignable",
        )
    if has_work_order:
        return ServiceError(_("该订单已有派工单。"), code="order_already_assigned")
    return None


def check_assignable(order):
    error = _not_assignable(order, has_active_work_order(order))
    if error is not None:
        raise error


def _refusal(worker, evaluation):
    return ServiceError(
        _("不能派给%(worker)s：%(reasons)s")
        % {"worker": worker.name, "reasons": evaluation.refusal_text},
        code=f"worker_{evaluation.refusals[0]['code']}",
        field="worker",
    )


def evaluate_worker(order, worker):
    """Return the Evaluation of one worker for ``order`` on fresh data."""
    job = job_for(order)
    candidates = candidates_for_job(job, worker_ids=[worker.pk])
    if not candidates:
        raise ServiceError(
            _("服务人员不存在。"), code="worker_not_found", field="worker"
        )
    return evaluate(job, candidates[0])


def lock_many(order_ids, worker_ids):
    """Lock the orders, then the workers, each by id: the one lock order of
    dispatch.

    Return ({id: order}, {id: worker}). Sorting by id makes two batches
    wait for each other instead of deadlocking. ``of=("self",)`` locks the
    orders and the workers, not the rows joined in for the messages
    (customer, item, employee).
    """
    orders = (
        Order.objects.select_for_update(of=("self",))
        .select_related("customer", "item", "region")
        .filter(pk__in=set(order_ids))
        .order_by("pk")
    )
    workers = (
        WorkerProfile.objects.select_for_update(of=("self",))
        .select_related("employee")
        .filter(pk__in=set(worker_ids))
        .order_by("pk")
    )
    return {o.pk: o for o in orders}, {w.pk: w for w in workers}


def lock(order, worker):
    """Lock ``order``, then ``worker`` (``lock_many`` for one pair)."""
    orders, workers = lock_many([order.pk], [worker.pk])
    if order.pk not in orders:
        raise Order.DoesNotExist
    if worker.pk not in workers:
        raise WorkerProfile.DoesNotExist
    return orders[order.pk], workers[worker.pk]


def create_work_order(*, order, worker, actor, via, evaluation, publish=True):
    """Create the work order and move the order to dispatched (caller locks).

    ``publish=False`` leaves the live message to the caller. The same code
    path as a batch (``recording.record_work_orders``) with one entry.
    """
    work_orders, refused = record_work_orders(
        [Entry(order, worker, evaluation)], actor=actor, via=via, publish=publish
    )
    if refused:
        raise refused[0].error
    return work_orders[0]


def assign_worker(*, order, worker, actor, via=WorkOrder.Via.DISPATCHER):
    """Assign ``worker`` to ``order``; return the new WorkOrder.

    Every rule is checked again under the locks, so a stale screen cannot
    double-book anyone. A refused assignment raises ServiceError with the
    reasons and leaves nothing behind.
    """
    with transaction.atomic():
        order, worker = lock(order, worker)
        check_assignable(order)
        evaluation = evaluate_worker(order, worker)
        if not evaluation.feasible:
            logger.warning(
                "assignment refused",
                extra={"order": order.number, "worker_id": worker.pk},
            )
            raise _refusal(worker, evaluation)
        return create_work_order(
            order=order, worker=worker, actor=actor, via=via, evaluation=evaluation
        )


@dataclass
class BatchResult:
    """What ``assign_workers`` did: the work orders, and each refused pair."""

    work_orders: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # [(order, ServiceError)]


def _fresh_candidates(jobs, worker_ids):
    """Return {service day: {worker id: Candidate}} read afresh for ``jobs``.

    One load per service day (the health certificate must be issued by
    then); a worker's candidates of different days share one list of work
    orders, so a pair written for one day is seen by the others.
    """
    by_day = defaultdict(list)
    for job in jobs:
        by_day[service_day(job)].append(job)
    candidates, busy = {}, defaultdict(dict)
    for day, day_jobs in sorted(by_day.items()):
        loaded = load_candidates(
            WorkerProfile.objects.filter(pk__in=worker_ids),
            period=period_of(day_jobs),
            health_on=day,
        )
        candidates[day] = {c.worker_id: c for c in loaded}
        for c in loaded:
            busy[c.worker_id].update(dict.fromkeys(c.busy))
    shared = {worker_id: list(rows) for worker_id, rows in busy.items()}
    for day_candidates in candidates.values():
        for c in day_candidates.values():
            c.busy = shared[c.worker_id]
    return candidates


def assign_workers(pairs, *, actor, via=WorkOrder.Via.DISPATCHER, publish=True):
    """Assign each (order, worker) of ``pairs``: the batch ``assign_worker``.

    Every rule of ``assign_worker`` is checked under the same locks on fresh
    data, and the pairs are taken in the order of their slots so that two
    of them never give one worker overlapping work orders. A refused pair
    is reported in the BatchResult with the error ``assign_worker`` would
    raise, and the others are written; all in one transaction and a fixed
    number of queries per service day, however many pairs.
    """
    pairs = list(pairs)
    result = BatchResult()
    if not pairs:
        return result
    with transaction.atomic():
        orders, workers = lock_many(
            [o.pk for o, _w in pairs], [w.pk for _o, w in pairs]
        )
        assigned = set(
            WorkOrder.objects.filter(
                order_id__in=orders, status__in=ACTIVE_WORK_ORDER_STATUSES
            ).values_list("order_id", flat=True)
        )
        jobs = {job.order_id: job for job in jobs_for(orders.values())}
        candidates = _fresh_candidates(jobs.values(), list(workers))

        entries = []
        for requested_order, requested_worker in sorted(
            pairs, key=lambda p: (p[0].starts_at, p[0].ends_at, p[0].pk)
        ):
            order = orders[requested_order.pk]
            error = _not_assignable(order, order.pk in assigned)
            if error is not None:
                result.refused.append((order, error))
                continue
            job = jobs[order.pk]
            candidate = candidates[service_day(job)].get(requested_worker.pk)
            if candidate is None:
                result.refused.append(
                    (
                        order,
                        ServiceError(
                            _("服务人员不存在。"),
                            code="worker_not_found",
                            field="worker",
                        ),
                    )
                )
                continue
            evaluation = evaluate(job, candidate)
            if not evaluation.feasible:
                logger.warning(
                    "assignment refused",
                    extra={"order": order.number, "worker_id": candidate.worker_id},
                )
                result.refused.append(
                    (order, _refusal(workers[candidate.worker_id], evaluation))
                )
                continue
            # Later pairs see this one: no overlap, distance from this job.
            candidate.busy.append(
                Busy(job.starts_at, job.ends_at, job.latitude, job.longitude)
            )
            assigned.add(order.pk)
            entries.append(Entry(order, workers[candidate.worker_id], evaluation))

        work_orders, refused = record_work_orders(
            entries, actor=actor, via=via, publish=publish
        )
    result.work_orders = work_orders
    result.refused.extend((r.entry.order, r.error) for r in refused)
    return result
