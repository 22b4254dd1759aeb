"""Dispatch the day: assign every open order of a date at once.

The plan comes from ``planning.plan_optimal`` (rounds of overlapping orders,
each solved exactly with scipy's linear_sum_assignment; see that module).
It is then written order by order, each in its own transaction under the
same locks as a single assignment, so an order that someone else dispatched
meanwhile, or a worker who became busy, is reported as not placed instead
of undoing the rest.
"""

import logging
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live
from jiazheng.bookings.dispatch.candidates import (
    candidates_for_day,
    day_bounds,
    jobs_for,
)
from jiazheng.bookings.dispatch.planning import plan_greedy, plan_optimal
from jiazheng.bookings.dispatch.services import (
    check_assignable,
    create_work_order,
    lock,
)
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)


@dataclass
class DayResult:
    placed: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    rounds: int = 0
    plan_seconds: float = 0.0
    write_seconds: float = 0.0
    total_score: float = 0.0


@dataclass
class NotPlaced:
    order: Order
    code: str
    reason: str


def open_orders(*, date, district=None, organization=None):
    """Return the confirmed orders of ``date`` that have no active work order."""
    start, end = day_bounds(date)
    active = WorkOrder.objects.filter(
        order=OuterRef("pk"), status__in=ACTIVE_WORK_ORDER_STATUSES
    )
    orders = Order.objects.filter(
        status=Order.Status.CONFIRMED, starts_at__gte=start, starts_at__lt=end
    ).filter(~Exists(active))
    if district is not None:
        orders = orders.filter(region=district)
    if organization is not None:
        orders = orders.filter(organization=organization)
    return orders.order_by("starts_at", "pk")


def plan(*, date, district=None, organization=None, method="optimal"):
    """Return (orders by id, the Plan) without writing anything."""
    orders = {
        o.pk: o
        for o in open_orders(date=date, district=district, organization=organization)
    }
    jobs = jobs_for(orders.values())
    if not jobs:
        return orders, plan_optimal([], [])
    candidates = candidates_for_day(jobs, day=date, organization=organization)
    planner = plan_greedy if method == "greedy" else plan_optimal
    return orders, planner(jobs, candidates)


def _overlapping(worker, order):
    return WorkOrder.objects.filter(
        worker=worker,
        status__in=ACTIVE_WORK_ORDER_STATUSES,
        starts_at__lt=order.ends_at,
        ends_at__gt=order.starts_at,
    ).exists()


def _write(placement, order, actor):
    with transaction.atomic():
        order, worker = lock(order, placement.candidate.profile)
        check_assignable(order)
        # The plan was read without locks: only a work order given out
        # since then can have changed the answer for this worker.
        if _overlapping(worker, order):
            raise ServiceError(
                _("该服务人员在此时段已有派工单。"), code="worker_overlap"
            )
        return create_work_order(
            order=order,
            worker=worker,
            actor=actor,
            via=WorkOrder.Via.DAY_PLAN,
            evaluation=placement.evaluation,
            publish=False,
        )


def dispatch_day(*, date, actor, district=None, organization=None):
    """Assign every open order of ``date`` (in ``district``, of ``organization``).

    Return a DayResult with the work orders made and the orders not placed,
    each with the reason.
    """
    started = time.perf_counter()
    orders, day_plan = plan(date=date, district=district, organization=organization)
    result = DayResult(rounds=day_plan.rounds, total_score=day_plan.total_score)
    result.plan_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for placement in sorted(day_plan.placements, key=lambda p: p.job.starts_at):
        order = orders[placement.job.order_id]
        try:
            result.placed.append(_write(placement, order, actor))
        except ServiceError as exc:
            result.unplaced.append(NotPlaced(order, exc.code, str(exc.message)))
    for unplaced in day_plan.unplaced:
        order = orders[unplaced.job.order_id]
        result.unplaced.append(NotPlaced(order, unplaced.code, unplaced.text))
    result.unplaced.sort(key=lambda n: (n.order.starts_at, n.order.pk))
    if result.placed:
        live.publish_day(
            date=date,
            organization_ids={w.organization_id for w in result.placed},
            placed=len(result.placed),
        )
    result.write_seconds = time.perf_counter() - started

    logger.info(
        "day dispatched",
        extra={
            "date": date.isoformat(),
            "district": getattr(district, "pk", district),
            "placed": len(result.placed),
            "unplaced": len(result.unplaced),
        },
    )
    return result
