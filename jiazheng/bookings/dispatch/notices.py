"""SMS texts of dispatch and the messages that use them."""

import logging

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.common.errors import ServiceError
from jiazheng.notifications.services import send_sms
from jiazheng.notifications.sms_templates import register_template

logger = logging.getLogger(__name__)

CUSTOMER_TEMPLATE = "work_order_customer"
WORKER_TEMPLATE = "work_order_worker"
REPLACED_TEMPLATE = "work_order_replaced"


def register_dispatch_templates():
    """Register the SMS texts of dispatch (called from BookingsConfig.ready())."""
    register_template(
        CUSTOMER_TEMPLATE,
        _("您的订单{order}已派工：{worker}将于{time}上门服务。"),
    )
    register_template(
        WORKER_TEMPLATE,
        _("新派工单{number}：{time}，{item}，{district}。请按时上门。"),
    )
    register_template(
        REPLACED_TEMPLATE,
        _("派工单{number}（{time}）已取消，客户已更换服务人员。"),
    )


def slot_text(starts_at, ends_at):
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{start:%m月%d日 %H:%M}-{end:%H:%M}"
    return f"{start:%m月%d日 %H:%M}-{end:%m月%d日 %H:%M}"


def tell_assignment(work_order):
    """Queue the SMS to the customer and to the worker about a new work order."""
    order, worker = work_order.order, work_order.worker
    time = slot_text(work_order.starts_at, work_order.ends_at)
    _send(
        order.customer.phone,
        CUSTOMER_TEMPLATE,
        order=order.number,
        worker=worker.public_name,
        time=time,
    )
    _send(
        worker.employee.phone,
        WORKER_TEMPLATE,
        number=work_order.number,
        time=time,
        item=order.item.name,
        district=order.region.name,
    )


def tell_replaced(work_order):
    _send(
        work_order.worker.employee.phone,
        REPLACED_TEMPLATE,
        number=work_order.number,
        time=slot_text(work_order.starts_at, work_order.ends_at),
    )


def _send(phone, template, **params):
    # A landline on file must not undo the assignment: the dispatcher sees
    # the work order and calls instead.
    try:
        send_sms(phone, template, **params)
    except ServiceError:
        logger.warning("dispatch sms not sent", extra={"template": template})


register_dispatch_templates()
