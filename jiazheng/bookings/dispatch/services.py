"""Rank workers for an order and assign one: the work order (派工单).

A worker can never hold two active work orders whose slots overlap. The
assignment locks the order, then the worker (always in that order, so two
dispatchers cannot deadlock), checks every rule again on fresh data and
creates the work order. On PostgreSQL the exclusion constraint of the work
order table is the last word: a violation becomes a ServiceError.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live, notices
from jiazheng.bookings.dispatch.candidates import (
    candidates_for_job,
    candidates_for_jobs,
    job_for,
    jobs_for,
)
from jiazheng.bookings.dispatch.planning import CandidatePool
from jiazheng.bookings.dispatch.scoring import evaluate, rank
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder
from jiazheng.bookings.services.orders import transition
from jiazheng.common.errors import ServiceError
from jiazheng.common.sequences import next_number
from jiazheng.workers.models import WorkerProfile

logger = logging.getLogger(__name__)

SUGGESTIONS = 5
WORK_ORDER_PREFIX = "PG"


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


def check_assignable(order):
    if order.status != Order.Status.CONFIRMED:
        raise ServiceError(
            _("订单当前状态为“%(status)s”，只有已确认的订单可以派工。")
            % {"status": order.get_status_display()},
            code="order_not_assignable",
        )
    if has_active_work_order(order):
        raise ServiceError(_("该订单已有派工单。"), code="order_already_assigned")


def evaluate_worker(order, worker):
    """Return the Evaluation of one worker for ``order`` on fresh data."""
    job = job_for(order)
    candidates = candidates_for_job(job, worker_ids=[worker.pk])
    if not candidates:
        raise ServiceError(
            _("服务人员不存在。"), code="worker_not_found", field="worker"
        )
    return evaluate(job, candidates[0])


def lock(order, worker):
    """Lock the order, then the worker: the one lock order of dispatch."""
    # of=("self",): lock the order and the worker, not the rows joined in
    # for the messages (customer, item, employee).
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("customer", "item", "region")
        .get(pk=order.pk)
    )
    worker = (
        WorkerProfile.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=worker.pk)
    )
    return order, worker


def create_work_order(*, order, worker, actor, via, evaluation, publish=True):
    """Create the work order and move the order to dispatched (caller locks).

    ``publish=False`` leaves the live message to the caller (the day plan
    sends one for the whole day).
    """
    if order.organization_id is None:
        # "Let the platform choose": choosing the worker chooses the provider.
        order.organization_id = worker.organization_id
        order.save(update_fields=["organization", "updated_at"])
    try:
        with transaction.atomic():
            work_order = WorkOrder.objects.create(
                number=next_number(prefix=WORK_ORDER_PREFIX),
                order=order,
                worker=worker,
                organization_id=worker.organization_id,
                starts_at=order.starts_at,
                ends_at=order.ends_at,
                assigned_by=actor,
                assigned_via=via,
                score=Decimal(str(evaluation.score)).quantize(Decimal("0.01")),
                reasons=evaluation.reasons,
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("该服务人员在此时段已有派工单，不能重复派工。"),
            code="worker_overlap",
            field="worker",
        ) from exc
    transition(
        order,
        Order.Status.DISPATCHED,
        actor,
        _("派工单 %(number)s：%(worker)s")
        % {"number": work_order.number, "worker": worker.name},
    )
    notices.tell_assignment(work_order)
    if publish:
        live.publish(order, "dispatched")
    logger.info(
        "order dispatched",
        extra={
            "order": order.number,
            "work_order": work_order.number,
            "worker_id": worker.pk,
            "via": via,
        },
    )
    return work_order


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
            raise ServiceError(
                _("不能派给%(worker)s：%(reasons)s")
                % {"worker": worker.name, "reasons": evaluation.refusal_text},
                code=f"worker_{evaluation.refusals[0]['code']}",
                field="worker",
            )
        return create_work_order(
            order=order, worker=worker, actor=actor, via=via, evaluation=evaluation
        )
