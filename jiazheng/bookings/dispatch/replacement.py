"""Replace the worker (换人): the customer asks, with a reason.

The active work order becomes "replaced", its worker joins the order's
excluded workers (so no ranking, day plan or grab offers the order to them
again) and the order goes back to confirmed, ready for another assignment.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live, notices
from jiazheng.bookings.models import Order, ReplacementRequest, WorkOrder
from jiazheng.bookings.services.orders import transition
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)

REASON_MAX = 255


def request_replacement(*, order, actor, reason):
    """Replace the worker of ``order``; return the ReplacementRequest.

    ``actor`` is the customer (or staff acting for a caller); the order's
    state machine decides whether they may put the order back to confirmed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("请填写换人原因。"), code="reason_required", field="reason"
        )
    if len(reason) > REASON_MAX:
        raise ServiceError(
            _("原因不能超过 %(max)d 个字。") % {"max": REASON_MAX},
            code="reason_too_long",
            field="reason",
        )

    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        work_order = (
            WorkOrder.objects.select_for_update()
            .select_related("worker__employee")
            .filter(order=order, status=WorkOrder.Status.ASSIGNED)
            .first()
        )
        if order.status != Order.Status.DISPATCHED or work_order is None:
            raise ServiceError(
                _("只有已派工、尚未开始服务的订单可以换人。"),
                code="replacement_not_possible",
            )
        # The state machine checks who may do this before anything changes.
        transition(
            order,
            Order.Status.CONFIRMED,
            actor,
            _("换人：%(reason)s") % {"reason": reason},
        )
        work_order.status = WorkOrder.Status.REPLACED
        work_order.save(update_fields=["status"])
        order.excluded_workers.add(work_order.worker)
        request = ReplacementRequest.objects.create(
            order=order, work_order=work_order, reason=reason, created_by=actor
        )
        notices.tell_replaced(work_order)
        live.publish(order, "replacement")
    logger.info(
        "worker replaced",
        extra={"order": order.number, "worker_id": work_order.worker_id},
    )
    return request
