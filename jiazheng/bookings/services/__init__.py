"""Every operation that changes bookings, orders, work and reviews."""

from jiazheng.bookings.services.booking import (
    book_again,
    book_by_phone,
    book_call_in,
    book_online,
    create_booking,
)
from jiazheng.bookings.services.orders import (
    add_survey_note,
    cancel_order,
    confirm_order,
    transition,
)
from jiazheng.bookings.services.pricing import price_order
from jiazheng.bookings.services.recurring import create_recurring_orders, stop_plan
from jiazheng.bookings.services.reviews import review_order
from jiazheng.bookings.services.service import (
    auto_confirm_due,
    check_in,
    check_out,
    confirm_completion,
    mark_done,
)
from jiazheng.bookings.services.sms import handle_inbound_sms

__all__ = [
    "add_survey_note",
    "auto_confirm_due",
    "book_again",
    "book_by_phone",
    "book_call_in",
    "book_online",
    "cancel_order",
    "check_in",
    "check_out",
    "confirm_completion",
    "confirm_order",
    "create_booking",
    "create_recurring_orders",
    "handle_inbound_sms",
    "mark_done",
    "price_order",
    "review_order",
    "stop_plan",
    "transition",
]
