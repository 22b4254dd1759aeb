"""A worker's day on the job: check in, check out, done; the customer confirms.

The order starts service when its worker checks in and completes when the
customer confirms, or by itself ``auto_confirm_hours`` after the worker
marked the work done (auto_confirm_due, run by a beat task).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.models import Order, WorkOrder
from jiazheng.bookings.services.orders import (
    CUSTOMER,
    PLATFORM,
    PROVIDER,
    SYSTEM,
    capacities,
    transition,
)
from jiazheng.catalog.queries import pricing_rule
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

EARLIEST_CHECK_IN = datetime.timedelta(hours=2)
W = WorkOrder.Status


def _lock(work_order, actor):
    """Lock the order, then the work order (the lock order dispatch uses)."""
    Order.objects.select_for_update().get(pk=work_order.order_id)
    locked = (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("order__customer", "order__item", "worker__employee")
        .get(pk=work_order.pk)
    )
    own = actor is not None and locked.worker.employee.user_id == actor.pk
    if not own and not capacities(locked.order, actor) & {PROVIDER, PLATFORM, SYSTEM}:
        raise NotAllowed(_("这不是您的派工单。"))
    return locked


def _refuse_status(work_order, expected):
    if work_order.status != expected:
        raise ServiceError(
            _("派工单当前状态为“%(status)s”，不能执行此操作。")
            % {"status": work_order.get_status_display()},
            code="invalid_work_order_status",
        )


@transaction.atomic
def check_in(*, work_order, actor, now=None):
    """Record the worker's arrival; the order goes into service."""
    now = now or timezone.now()
    locked = _lock(work_order, actor)
    _refuse_status(locked, W.ASSIGNED)
    if now < locked.starts_at - EARLIEST_CHECK_IN:
        raise ServiceError(
            _("还未到服务时间，最早可在开始前 2 小时签到。"), code="too_early"
        )

    locked.status = W.CHECKED_IN
    locked.checked_in_at = now
    locked.save(update_fields=["status", "checked_in_at"])
    transition(locked.order, Order.Status.IN_SERVICE, actor, _("服务人员已签到"))
    logger.info("worker checked in", extra={"work_order": locked.number})
    return locked


@transaction.atomic
def check_out(*, work_order, actor, now=None):
    """Record the worker's departure."""
    locked = _lock(work_order, actor)
    _refuse_status(locked, W.CHECKED_IN)

    locked.status = W.CHECKED_OUT
    locked.checked_out_at = now or timezone.now()
    locked.save(update_fields=["status", "checked_out_at"])
    logger.info("worker checked out", extra={"work_order": locked.number})
    return locked


@transaction.atomic
def mark_done(*, work_order, actor, now=None):
    """Mark the work done and ask the customer to confirm completion."""
    locked = _lock(work_order, actor)
    if locked.status == W.CHECKED_IN:
        locked.checked_out_at = now or timezone.now()
    elif locked.status != W.CHECKED_OUT:
        _refuse_status(locked, W.CHECKED_OUT)

    locked.status = W.DONE
    locked.done_at = now or timezone.now()
    locked.save(update_fields=["status", "checked_out_at", "done_at"])
    order = locked.order
    send_sms(
        order.customer.phone,
        "service_done",
        number=order.number,
        hours=pricing_rule().auto_confirm_hours,
    )
    logger.info("work marked done", extra={"work_order": locked.number})
    return locked


@transaction.atomic
def confirm_completion(*, order, actor):
    """The customer (or the platform for them) confirms the service is done."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    caps = capacities(order, actor)
    if not caps & {CUSTOMER, PLATFORM, SYSTEM}:
        raise NotAllowed(_("只有下单客户可以确认完成。"))
    if order.status != Order.Status.IN_SERVICE:
        raise ServiceError(
            _("订单当前状态为“%(status)s”，不能确认完成。")
            % {"status": order.get_status_display()},
            code="invalid_transition",
        )
    WorkOrder.objects.filter(order=order, status=W.CHECKED_OUT).update(
        status=W.DONE, done_at=timezone.now()
    )
    if WorkOrder.objects.filter(order=order, status=W.CHECKED_IN).exists():
        raise ServiceError(
            _("服务人员尚未签退，请在服务结束后再确认。"), code="service_running"
        )
    return transition(order, Order.Status.COMPLETED, actor, _("客户确认完成"))


def auto_confirm_due(*, now=None):
    """Complete the orders whose work was done long enough ago; return how many.

    Each order is confirmed in its own transaction, so one refused order
    does not hold back the others.
    """
    now = now or timezone.now()
    hours = pricing_rule().auto_confirm_hours
    cutoff = now - datetime.timedelta(hours=hours)
    due = Order.objects.filter(
        status=Order.Status.IN_SERVICE,
        work_orders__status=W.DONE,
        work_orders__done_at__lte=cutoff,
    ).distinct()
    confirmed = 0
    for order in due:
        try:
            transition(
                order,
                Order.Status.COMPLETED,
                None,
                _("客户 %(hours)d 小时内未确认，系统自动确认完成") % {"hours": hours},
            )
        except ServiceError:
            logger.warning("auto-confirm skipped", extra={"order": order.number})
            continue
        confirmed += 1
    logger.info("orders auto-confirmed", extra={"count": confirmed})
    return confirmed
