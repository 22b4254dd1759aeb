"""What the dispatch board reads besides the open orders of its day.

The new bookings of the day still to be confirmed, and the coming days that
have work waiting, so a dispatcher who opens the board on a quiet day sees
where the work is.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from jiazheng.accounts.tenancy import scope
from jiazheng.bookings.dispatch.candidates import day_bounds
from jiazheng.bookings.models import ACTIVE_WORK_ORDER_STATUSES, Order, WorkOrder

AWAITING_SHOWN = 20
UPCOMING_DAYS = 7


def _filtered(orders, district, item):
    if district is not None:
        orders = orders.filter(region=district)
    if item is not None:
        orders = orders.filter(item=item)
    return orders


def awaiting_confirmation(user, day, *, district=None, item=None):
    """Return the day's new bookings that must be confirmed before dispatch.

    They are what the live board announces; the dispatcher confirms them
    (price and time checked with the customer) and they join the list of
    orders to dispatch.
    """
    start, end = day_bounds(day)
    orders = Order.objects.filter(
        status=Order.Status.SUBMITTED, starts_at__gte=start, starts_at__lt=end
    )
    orders = scope(_filtered(orders, district, item), user).select_related(
        "customer", "item", "region", "address"
    )
    return list(orders.order_by("starts_at", "pk")[:AWAITING_SHOWN])


def upcoming_days(user, *, district=None, item=None, today=None):
    """Return [(day, to dispatch, to confirm)] of the coming week with work.

    One aggregate query: per local day from today on, the confirmed orders
    without an active work order and the submitted ones.
    """
    today = today or timezone.localdate()
    start, _next = day_bounds(today)
    end = start + datetime.timedelta(days=UPCOMING_DAYS)
    assigned = WorkOrder.objects.filter(
        order=OuterRef("pk"), status__in=ACTIVE_WORK_ORDER_STATUSES
    )
    orders = Order.objects.filter(starts_at__gte=start, starts_at__lt=end).filter(
        Q(status=Order.Status.SUBMITTED)
        | Q(Q(status=Order.Status.CONFIRMED) & ~Exists(assigned))
    )
    rows = (
        scope(_filtered(orders, district, item), user)
        .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            to_dispatch=Count("pk", filter=Q(status=Order.Status.CONFIRMED)),
            to_confirm=Count("pk", filter=Q(status=Order.Status.SUBMITTED)),
        )
        .order_by("day")
    )
    return [(r["day"], r["to_dispatch"], r["to_confirm"]) for r in rows]
