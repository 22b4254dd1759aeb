"""The order state machine: the one place an order's status changes.

Who may make each move (``ALLOWED``):

- the customer of the order: cancel (free until the cancellation deadline),
  confirm completion, review (through review_order), ask for another worker;
- the provider's staff (admin or staff of the order's organisation) and the
  platform's dispatchers and admins: confirm, dispatch, cancel, put a
  dispatched order back to confirmed, start and complete on a worker's
  behalf;
- the assigned worker: start the service (check in);
- the system (actor None): any move a scheduled job needs (auto-confirm of
  completion, recurring plans).

Every move leaves an OrderEvent with who, when, from, to and why.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jiazheng.bookings import queries
from jiazheng.bookings.models import (
    ACTIVE_WORK_ORDER_STATUSES,
    Order,
    OrderEvent,
    WorkOrder,
)
from jiazheng.catalog.queries import pricing_rule
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

S = Order.Status
CUSTOMER, PROVIDER, PLATFORM, WORKER, SYSTEM = (
    "customer",
    "provider",
    "platform",
    "worker",
    "system",
)
STAFF = frozenset({PROVIDER, PLATFORM, SYSTEM})

ALLOWED = {
    (S.SUBMITTED, S.CONFIRMED): STAFF,
    (S.SUBMITTED, S.DISPATCHED): STAFF | {WORKER},
    (S.CONFIRMED, S.DISPATCHED): STAFF | {WORKER},
    (S.DISPATCHED, S.CONFIRMED): STAFF | {CUSTOMER},
    (S.DISPATCHED, S.IN_SERVICE): STAFF | {WORKER},
    (S.IN_SERVICE, S.COMPLETED): {CUSTOMER, PLATFORM, SYSTEM},
    (S.COMPLETED, S.REVIEWED): {CUSTOMER, SYSTEM},
    (S.SUBMITTED, S.CANCELLED): STAFF | {CUSTOMER},
    (S.CONFIRMED, S.CANCELLED): STAFF | {CUSTOMER},
    (S.DISPATCHED, S.CANCELLED): STAFF | {CUSTOMER},
    (S.IN_SERVICE, S.CANCELLED): {PLATFORM, SYSTEM},
}
CANCELLABLE = (S.SUBMITTED, S.CONFIRMED, S.DISPATCHED, S.IN_SERVICE)
REASON_MAX = 255


def capacities(order, actor, *, is_worker=None):
    """Return the capacities in which ``actor`` acts on ``order``.

    ``is_worker`` answers "is the actor the order's assigned worker?" when
    the caller already knows (``transition_many`` asks for all its orders
    in one query); otherwise it is looked up.
    """
    if actor is None:
        return {SYSTEM}
    found = set()
    if order.customer.user_id is not None and order.customer.user_id == actor.pk:
        found.add(CUSTOMER)
    if queries.is_platform_dispatcher(actor):
        found.add(PLATFORM)
    if queries.is_provider_staff_of(actor, order.organization_id):
        found.add(PROVIDER)
    if is_worker is None:
        is_worker = order.work_orders.filter(
            worker__employee__user=actor, status__in=ACTIVE_WORK_ORDER_STATUSES
        ).exists()
    if is_worker:
        found.add(WORKER)
    return found


def may_transition(order, actor, to_status):
    allowed = ALLOWED.get((order.status, to_status), frozenset())
    return bool(capacities(order, actor) & allowed)


def _clean_reason(reason):
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ServiceError(
            _("原因不能超过 %(max)d 个字。") % {"max": REASON_MAX},
            code="reason_too_long",
            field="reason",
        )
    return reason


@transaction.atomic
def transition(order, to_status, actor, reason=""):
    """Move ``order`` to ``to_status`` if ``actor`` may; record the event.

    The order row is locked first, so two concurrent moves of one order see
    each other's result instead of both starting from the same status.
    """
    reason = _clean_reason(reason)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    from_status = locked.status
    if (from_status, to_status) not in ALLOWED:
        raise ServiceError(
            _("订单当前状态为“%(from)s”，不能变为“%(to)s”。")
            % {"from": S(from_status).label, "to": S(to_status).label},
            code="invalid_transition",
        )
    if not may_transition(locked, actor, to_status):
        logger.warning(
            "order transition refused",
            extra={"order": locked.number, "to": to_status, "actor_id": _pk(actor)},
        )
        raise NotAllowed(_("您无权对这个订单执行此操作。"))

    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.COMPLETED:
        locked.completed_at = timezone.now()
        fields.append("completed_at")
    locked.save(update_fields=fields)
    OrderEvent.objects.create(
        order=locked,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )
    logger.info(
        "order status changed",
        extra={"order": locked.number, "from": from_status, "to": to_status},
    )
    order.status = locked.status
    order.completed_at = locked.completed_at
    order.updated_at = locked.updated_at
    return order


def transition_many(orders, to_status, actor, reasons):
    """Move every order of ``orders`` to ``to_status``, as ``transition`` does.

    The same table of allowed moves, the same capacities, the same refusals
    (the first refused order refuses them all) and one OrderEvent each, with
    ``reasons[i]`` as the why of ``orders[i]``; in four queries however many
    orders there are.
    """
    if not orders:
        return orders
    reasons = [_clean_reason(r) for r in reasons]
    ids = [o.pk for o in orders]
    # Lock and read afresh, like transition(): the status seen is current.
    current = dict(
        Order.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "status")
    )
    worker_of = set()
    if actor is not None:
        worker_of = set(
            WorkOrder.objects.filter(
                order__in=ids,
                worker__employee__user=actor,
                status__in=ACTIVE_WORK_ORDER_STATUSES,
            ).values_list("order_id", flat=True)
        )
    for order in orders:
        from_status = current[order.pk]
        if (from_status, to_status) not in ALLOWED:
            raise ServiceError(
                _("订单当前状态为“%(from)s”，不能变为“%(to)s”。")
                % {"from": S(from_status).label, "to": S(to_status).label},
                code="invalid_transition",
            )
        caps = capacities(order, actor, is_worker=order.pk in worker_of)
        if not caps & ALLOWED[(from_status, to_status)]:
            logger.warning(
                "order transition refused",
                extra={"order": order.number, "to": to_status, "actor_id": _pk(actor)},
            )
            raise NotAllowed(_("您无权对这个订单执行此操作。"))

    now = timezone.now()
    changes = {"status": to_status, "updated_at": now}
    if to_status == S.COMPLETED:
        changes["completed_at"] = now
    Order.objects.filter(pk__in=ids).update(**changes)
    OrderEvent.objects.bulk_create(
        OrderEvent(
            order=order,
            from_status=current[order.pk],
            to_status=to_status,
            actor=actor,
            reason=reason,
        )
        for order, reason in zip(orders, reasons, strict=True)
    )
    for order in orders:
        logger.info(
            "order status changed",
            extra={"order": order.number, "from": current[order.pk], "to": to_status},
        )
        for name, value in changes.items():
            setattr(order, name, value)
    return orders


def _pk(obj):
    return getattr(obj, "pk", None)


def record_created(order, actor, reason=""):
    """Record the order's first event (from nothing to submitted)."""
    OrderEvent.objects.create(
        order=order,
        from_status="",
        to_status=order.status,
        actor=actor,
        reason=_clean_reason(reason),
    )


def cancellation_deadline(order):
    """Return the last moment the customer may cancel free of charge."""
    hours = pricing_rule().cancellation_free_hours
    return order.starts_at - datetime.timedelta(hours=hours)


def _local_text(moment):
    return date_format(timezone.localtime(moment), "Y年n月j日 H:i")


def check_customer_deadline(order, *, now=None):
    """Refuse a customer's cancellation after the free-cancellation deadline."""
    deadline = cancellation_deadline(order)
    if (now or timezone.now()) > deadline:
        raise ServiceError(
            _(
                "免费取消的截止时间是 %(deadline)s，现已超过。"
                "如确需取消，请致电服务中心由客服办理。"
            )
            % {"deadline": _local_text(deadline)},
            code="cancellation_too_late",
        )


@transaction.atomic
def confirm_order(*, order, actor, reason=""):
    """Confirm a submitted order and text the customer its number and time."""
    transition(order, S.CONFIRMED, actor, reason)
    customer = order.customer
    deadline = cancellation_deadline(order)
    params = {
        "number": order.number,
        "item": order.item.name,
        "time": _local_text(order.starts_at),
    }
    if deadline > timezone.now():
        send_sms(
            customer.phone, "order_confirmed", deadline=_local_text(deadline), **params
        )
    else:
        # A deadline already past would only confuse: say how to cancel now.
        send_sms(customer.phone, "order_confirmed_late", **params)
    return order


@transaction.atomic
def cancel_order(*, order, actor, reason=""):
    """Cancel an order and free its worker.

    The customer cancels free until ``cancellation_free_hours`` before the
    slot; later the customer is refused with the deadline named and asked
    to call the service centre, whose staff may still cancel with a reason.
    Staff always give a reason, since the customer will ask why.
    """
    reason = _clean_reason(reason)
    caps = capacities(order, actor)
    if order.status not in CANCELLABLE:
        raise ServiceError(
            _("订单当前状态为“%(status)s”，不能取消。")
            % {"status": order.get_status_display()},
            code="invalid_transition",
        )
    staff = bool(caps & STAFF)
    if staff and not reason and actor is not None:
        raise ServiceError(
            _("请填写取消原因。"), code="reason_required", field="reason"
        )
    if not staff and CUSTOMER in caps:
        check_customer_deadline(order)

    transition(order, S.CANCELLED, actor, reason or _("客户取消"))
    WorkOrder.objects.filter(order=order, status__in=ACTIVE_WORK_ORDER_STATUSES).update(
        status=WorkOrder.Status.CANCELLED
    )
    send_sms(
        order.customer.phone,
        "order_cancelled",
        number=order.number,
        item=order.item.name,
    )
    return order


@transaction.atomic
def add_survey_note(*, order, actor, note):
    """Add a needs-survey note (需求调查) to an order; staff only."""
    caps = capacities(order, actor)
    if not caps & {PROVIDER, PLATFORM}:
        raise NotAllowed(_("只有服务企业或平台的职员可以填写需求调查记录。"))
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("请填写调查内容。"), code="required", field="note")
    if len(note) > 2000:
        raise ServiceError(
            _("调查内容不能超过 2000 字。"), code="too_long", field="note"
        )
    locked = Order.objects.select_for_update().get(pk=order.pk)
    stamp = date_format(timezone.localtime(), "Y-m-d H:i")
    author = actor.name or actor.masked_phone
    entry = f"[{stamp} {author}] {note}"
    locked.survey_note = (
        f"{locked.survey_note}\n{entry}" if locked.survey_note else entry
    )
    locked.save(update_fields=["survey_note", "updated_at"])
    order.survey_note = locked.survey_note
    return order
