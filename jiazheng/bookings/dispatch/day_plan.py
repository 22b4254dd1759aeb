"""Dispatch the day: assign every open order of a date at once.

The plan comes from ``planning.plan_optimal`` (rounds of overlapping orders,
each solved exactly with scipy's linear_sum_assignment; see that module).
It is then written in one go by ``services.assign_workers``, the batch form
of a single assignment: the same locks, every rule checked again on fresh
data, one transaction and a fixed number of queries however many orders.
An order that someone else dispatched meanwhile, or a worker who became
busy, is reported as not placed instead of undoing the rest.
"""

import logging
import time
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from jiazheng.bookings.dispatch import live
from jiazheng.bookings.dispatch.candidates import (
    candidates_for_day,
    day_bounds,
    jobs_for,
)
from jiazheng.bookings.dispatch.planning import plan_greedy, plan_optimal
from jiazheng.bookings.dispatch.services import assign_workers
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder

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


def dispatch_day(*, date, actor, district=None, organization=None):
    """Assign every open order of ``date`` (in ``district``, of ``organization``).

    Return a DayResult with the work orders made and the orders not placed,
    each with the reason.
    """
    started = time.perf_counter()
    orders, day_plan = plan(date=date, district=district, organization=organization)
    result = DayResult(rounds=day_plan.rounds)
    result.plan_seconds = time.perf_counter() - started

    started = time.perf_counter()
    written = assign_workers(
        [(orders[p.job.order_id], p.candidate.profile) for p in day_plan.placements],
        actor=actor,
        via=WorkOrder.Via.DAY_PLAN,
        publish=False,
    )
    result.placed = sorted(written.work_orders, key=lambda w: (w.starts_at, w.pk))
    result.total_score = round(sum(float(w.score) for w in result.placed), 2)
    for order, error in written.refused:
        result.unplaced.append(NotPlaced(order, error.code, str(error.message)))
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
