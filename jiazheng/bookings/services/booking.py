"""Bookings from every channel become submitted orders here.

The checks every channel shares (services.rules) run first; a booking and
its order are written together or not at all.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live
from jiazheng.bookings.models import Booking, Order, Recurrence, RecurringPlan
from jiazheng.bookings.queries import last_worker
from jiazheng.bookings.services.orders import record_created
from jiazheng.bookings.services.pricing import price_order
from jiazheng.bookings.services.rules import (
    check_address,
    check_item,
    check_provider,
    check_slot,
    clean_notes,
    clean_recurrence,
    clean_service_mode,
    free_worker,
    next_occurrence,
)
from jiazheng.catalog.models import Unit
from jiazheng.common.sequences import next_number
from jiazheng.customers.services import add_address, get_or_create_customer_for_caller

logger = logging.getLogger(__name__)

BOOKING_PREFIX = "YY"
ORDER_PREFIX = "DD"


@transaction.atomic
def create_booking(
    *,
    customer,
    channel,
    item,
    address,
    starts_at,
    ends_at,
    organization=None,
    service_mode="",
    notes="",
    recurrence=Recurrence.NONE,
    preferred_worker=None,
    taken_by=None,
    actor=None,
    area=None,
    plan=None,
    now=None,
    idempotency_key="",
):
    """Check and write a booking and its submitted order; return the order."""
    check_item(item)
    check_provider(organization)
    check_slot(item=item, starts_at=starts_at, ends_at=ends_at, now=now)
    service_mode = clean_service_mode(item, service_mode)
    notes = clean_notes(notes)
    recurrence = clean_recurrence(item, recurrence)
    check_address(customer=customer, address=address, organization=organization)
    unit_price, quantity, percent, amount = price_order(
        item=item,
        organization=organization,
        starts_at=starts_at,
        ends_at=ends_at,
        area=area,
    )
    if (
        preferred_worker is not None
        and organization is not None
        and preferred_worker.organization_id != organization.pk
    ):
        preferred_worker = None

    if recurrence != Recurrence.NONE and plan is None:
        local_start = timezone.localtime(starts_at)
        plan = RecurringPlan.objects.create(
            customer=customer,
            item=item,
            organization=organization,
            worker=preferred_worker,
            address=address,
            recurrence=recurrence,
            weekday=local_start.weekday(),
            start_time=local_start.time(),
            end_time=timezone.localtime(ends_at).time(),
            service_mode=service_mode,
            notes=notes,
            next_date=next_occurrence(local_start.date(), recurrence),
        )
    booking = Booking.objects.create(
        number=next_number(prefix=BOOKING_PREFIX),
        customer=customer,
        channel=channel,
        item=item,
        organization=organization,
        address=address,
        starts_at=starts_at,
        ends_at=ends_at,
        service_mode=service_mode,
        notes=notes,
        recurrence=recurrence,
        preferred_worker=preferred_worker,
        taken_by=taken_by,
        idempotency_key=idempotency_key,
    )
    order = Order.objects.create(
        number=next_number(prefix=ORDER_PREFIX),
        booking=booking,
        customer=customer,
        organization=organization,
        item=item,
        address=address,
        region=address.region,
        latitude=address.latitude,
        longitude=address.longitude,
        starts_at=starts_at,
        ends_at=ends_at,
        service_mode=service_mode,
        unit_price=unit_price,
        quantity=quantity,
        surcharge_percent=percent,
        amount=amount,
        preferred_worker=preferred_worker,
        plan=plan,
    )
    record_created(order, actor or taken_by, Booking.Channel(channel).label)

    live.notify_new_booking(order)
    logger.info(
        "order booked",
        extra={"order": order.number, "channel": channel, "amount": str(amount)},
    )
    return order


def _with_address(customer, address, new_address):
    if address is None and new_address:
        return add_address(customer=customer, **new_address)
    return address


def _repeated(customer, idempotency_key):
    if not idempotency_key:
        return None
    booking = (
        Booking.objects.filter(customer=customer, idempotency_key=idempotency_key)
        .select_related("order")
        .first()
    )
    return booking.order if booking else None


def book_online(
    *, customer, actor, address=None, new_address=None, idempotency_key="", **fields
):
    """Book for a signed-in member (1.4.2.3); return the order.

    ``new_address`` (region, detail, label) adds an address to the
    customer's book in the same transaction, so a refused booking leaves no
    stray address behind. A repeated ``idempotency_key`` returns the order
    of the first request and books nothing.
    """
    idempotency_key = (idempotency_key or "")[:64]
    repeated = _repeated(customer, idempotency_key)
    if repeated is not None:
        return repeated
    try:
        with transaction.atomic():
            address = _with_address(customer, address, new_address)
            return create_booking(
                customer=customer,
                channel=Booking.Channel.ONLINE,
                actor=actor,
                address=address,
                idempotency_key=idempotency_key,
                **fields,
            )
    except IntegrityError:
        repeated = _repeated(customer, idempotency_key)
        if repeated is None:
            raise
        return repeated


@transaction.atomic
def book_by_phone(*, customer, taken_by, address=None, new_address=None, **fields):
    """Book for a caller, taken by a dispatcher (1.4.2.1); return the order."""
    address = _with_address(customer, address, new_address)
    return create_booking(
        customer=customer,
        channel=Booking.Channel.PHONE,
        taken_by=taken_by,
        actor=taken_by,
        address=address,
        **fields,
    )


def book_again(*, order, actor, starts_at, ends_at, notes=None, now=None):
    """Book the same service again, with the same worker when they are free.

    Returns the new order; its ``preferred_worker`` is the last worker of
    ``order`` if that worker is free in the new slot, else None.
    """
    worker = free_worker(last_worker(order), starts_at, ends_at)
    return create_booking(
        customer=order.customer,
        channel=Booking.Channel.ONLINE,
        item=order.item,
        address=order.address,
        starts_at=starts_at,
        ends_at=ends_at,
        organization=order.organization,
        service_mode=order.service_mode,
        notes=order.booking.notes if notes is None else notes,
        preferred_worker=worker,
        actor=actor,
        area=order.quantity if order.item.unit == Unit.SQUARE_METRE else None,
        now=now,
    )


@transaction.atomic
def book_call_in(
    *, phone, name, kind, taken_by, address=None, new_address=None, **fields
):
    """Book for a caller, making their customer record if they are new.

    Returns (order, customer created). The record, a new address and the
    booking are written together: a refused booking leaves none of them.
    """
    customer, created = get_or_create_customer_for_caller(
        phone=phone, name=name or _("来电客户"), kind=kind, created_by=taken_by
    )
    if address is not None and address.customer_id != customer.pk:
        address = None
    order = book_by_phone(
        customer=customer,
        taken_by=taken_by,
        address=address,
        new_address=new_address,
        **fields,
    )
    return order, created
