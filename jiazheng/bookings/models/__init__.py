"""Bookings from every channel, orders, work orders, reviews, recurring plans."""

from jiazheng.bookings.models.orders import (
    Booking,
    Order,
    OrderEvent,
    Recurrence,
    RecurringPlan,
    ServiceMode,
)
from jiazheng.bookings.models.reviews import Review
from jiazheng.bookings.models.sms import InboundSms
from jiazheng.bookings.models.work import (
    ACTIVE_WORK_ORDER_STATUSES,
    GrabOffer,
    ReplacementRequest,
    WorkOrder,
)

__all__ = [
    "ACTIVE_WORK_ORDER_STATUSES",
    "Booking",
    "GrabOffer",
    "InboundSms",
    "Order",
    "OrderEvent",
    "Recurrence",
    "RecurringPlan",
    "ReplacementRequest",
    "Review",
    "ServiceMode",
    "WorkOrder",
]
