"""Recurring plans book their next visit, with the same worker when free."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.models import Booking, Order, RecurringPlan
from jiazheng.bookings.queries import last_worker
from jiazheng.bookings.services.booking import create_booking
from jiazheng.bookings.services.rules import free_worker, next_occurrence
from jiazheng.common.errors import NotAllowed, ServiceError

logger = logging.getLogger(__name__)

LOOKAHEAD_DAYS = 7


def _slot(plan):
    starts_at = timezone.make_aware(
        datetime.datetime.combine(plan.next_date, plan.start_time)
    )
    ends_at = timezone.make_aware(
        datetime.datetime.combine(plan.next_date, plan.end_time)
    )
    return starts_at, ends_at


def _worker_for(plan, starts_at, ends_at):
    worker = plan.worker
    if worker is None:
        previous = plan.orders.exclude(status=Order.Status.CANCELLED).order_by(
            "-starts_at"
        )
        latest = previous.first()
        worker = last_worker(latest) if latest else None
    return free_worker(worker, starts_at, ends_at)


def create_recurring_orders(*, today=None, lookahead_days=LOOKAHEAD_DAYS):
    """Book every active plan's visits due within ``lookahead_days``.

    Returns (created, skipped). Each plan is handled in its own transaction
    with the plan row locked, so two runs never book the same visit twice;
    a visit that cannot be booked (the address is no longer served, the
    price is gone) is skipped and the plan moves on.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=lookahead_days)
    created = skipped = 0
    plan_ids = list(
        RecurringPlan.objects.filter(active=True, next_date__lte=horizon).values_list(
            "pk", flat=True
        )
    )
    for plan_id in plan_ids:
        with transaction.atomic():
            plan = (
                RecurringPlan.objects.select_for_update(of=("self",))
                .select_related("customer", "item", "organization", "address")
                .get(pk=plan_id)
            )
            while plan.active and plan.next_date <= horizon:
                starts_at, ends_at = _slot(plan)
                try:
                    with transaction.atomic():
                        create_booking(
                            customer=plan.customer,
                            channel=Booking.Channel.ONLINE,
                            item=plan.item,
                            address=plan.address,
                            starts_at=starts_at,
                            ends_at=ends_at,
                            organization=plan.organization,
                            service_mode=plan.service_mode,
                            notes=plan.notes,
                            recurrence=plan.recurrence,
                            preferred_worker=_worker_for(plan, starts_at, ends_at),
                            plan=plan,
                        )
                    created += 1
                except ServiceError as exc:
                    skipped += 1
                    logger.warning(
                        "recurring visit skipped",
                        extra={"plan_id": plan.pk, "code": exc.code},
                    )
                plan.next_date = next_occurrence(plan.next_date, plan.recurrence)
            plan.save(update_fields=["next_date"])
    logger.info(
        "recurring orders created", extra={"booked": created, "skipped": skipped}
    )
    return created, skipped


@transaction.atomic
def stop_plan(*, plan, actor):
    """Stop a recurring plan; orders already booked stay as they are."""
    plan = RecurringPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    customer_user = plan.customer.user_id
    if actor is not None and actor.pk != customer_user:
        raise NotAllowed(_("只有下单客户可以停止周期服务。"))
    if not plan.active:
        return plan
    plan.active = False
    plan.save(update_fields=["active"])
    logger.info("recurring plan stopped", extra={"plan_id": plan.pk})
    return plan
