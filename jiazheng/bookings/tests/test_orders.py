"""Pricing, the state machine's guards and the cancellation rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.bookings.models import Order, OrderEvent, WorkOrder
from jiazheng.bookings.services import (
    add_survey_note,
    book_online,
    cancel_order,
    confirm_order,
    transition,
)
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    WorkOrderFactory,
    member_with_customer,
    served_provider,
    tomorrow_at,
)
from jiazheng.catalog.models import Holiday, Unit
from jiazheng.catalog.queries import pricing_rule
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.customers.tests.factories import district
from jiazheng.notifications.models import SmsMessage

pytestmark = pytest.mark.django_db


def _book(user, customer, **fields):
    defaults = {
        "item": fields.pop("item", None) or ServiceItemFactory(),
        "address": customer.addresses.get(),
        "starts_at": tomorrow_at(9),
        "ends_at": tomorrow_at(12),
    }
    defaults.update(fields)
    return book_online(customer=customer, actor=user, **defaults)


def test_online_booking_prices_hours_from_the_providers_fee_standard():
    user, customer = member_with_customer()
    item = ServiceItemFactory(unit=Unit.HOUR)
    provider = served_provider(item=item, price=Decimal("55.00"))

    order = _book(user, customer, item=item, organization=provider)

    assert order.status == Order.Status.SUBMITTED
    assert order.number.startswith("DD")
    assert order.booking.number.startswith("YY")
    assert order.unit_price == Decimal("55.00")
    assert order.quantity == Decimal("3.00")
    assert order.region == customer.addresses.get().region
    assert order.events.get().to_status == Order.Status.SUBMITTED


def test_platform_choice_uses_the_guidance_midpoint_and_a_visit_counts_once():
    user, customer = member_with_customer()
    item = ServiceItemFactory(
        unit=Unit.VISIT,
        guidance_price_min=Decimal("100.00"),
        guidance_price_max=Decimal("151.00"),
    )
    served_provider(item=item)

    order = _book(user, customer, item=item, organization=None)

    assert order.organization is None
    assert order.unit_price == Decimal("125.50")
    assert order.quantity == Decimal("1")
    assert order.amount == Decimal("125.50")


def test_statutory_holiday_adds_the_configured_surcharge():
    user, customer = member_with_customer()
    item = ServiceItemFactory(unit=Unit.HOUR)
    provider = served_provider(item=item, price=Decimal("40.00"))
    starts_at = tomorrow_at(9, days=3)
    Holiday.objects.update_or_create(
        date=timezone.localtime(starts_at).date(),
        defaults={"name": "测试节", "is_workday": False},
    )
    rule = pricing_rule()
    rule.holiday_surcharge_percent = Decimal("50.00")
    rule.save()

    order = _book(
        user,
        customer,
        item=item,
        organization=provider,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )

    assert order.surcharge_percent == Decimal("50.00")
    assert order.amount == Decimal("120.00")


@pytest.mark.parametrize(
    ("starts", "ends", "code"),
    [
        (-2, -1, "slot_in_past"),
        (5, 8, "slot_outside_hours"),
        (19, 23, "slot_outside_hours"),
        (12, 9, "invalid_slot"),
    ],
)
def test_bad_slots_are_refused_and_nothing_is_written(starts, ends, code):
    user, customer = member_with_customer()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    now = timezone.now()
    starts_at = now + datetime.timedelta(hours=starts) if starts < 0 else None
    ends_at = now + datetime.timedelta(hours=ends) if ends < 0 else None

    with pytest.raises(ServiceError) as exc:
        _book(
            user,
            customer,
            item=item,
            organization=provider,
            starts_at=starts_at or tomorrow_at(starts),
            ends_at=ends_at or tomorrow_at(ends),
        )

    assert exc.value.code == code
    assert not Order.objects.exists()


def test_address_outside_every_service_district_is_refused():
    user, customer = member_with_customer()
    item = ServiceItemFactory()
    served_provider(item=item)
    address = customer.addresses.get()
    address.region = district("110108", "海淀区")
    address.save()

    with pytest.raises(ServiceError) as exc:
        _book(user, customer, item=item, organization=None)

    assert exc.value.code == "address_not_served"
    assert "海淀区" in str(exc.value.message)


def test_provider_without_a_published_fee_is_refused():
    user, customer = member_with_customer()
    provider = served_provider()

    with pytest.raises(ServiceError) as exc:
        _book(user, customer, item=ServiceItemFactory(), organization=provider)

    assert exc.value.code == "no_fee_standard"


def test_a_booking_confirmed_inside_the_deadline_is_texted_how_to_cancel_now():
    # given a booking for two hours from now: the 24-hour deadline has passed
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    order = OrderFactory(
        booking__starts_at=soon, booking__ends_at=soon + datetime.timedelta(hours=2)
    )
    staff = make_provider_staff(organization=order.organization)

    confirm_order(order=order, actor=staff)

    body = SmsMessage.objects.get(phone=order.customer.phone).body
    assert order.number in body
    assert "已过免费取消时限" in body and "前操作" not in body


def test_provider_staff_confirm_and_the_customer_gets_an_sms():
    order = OrderFactory()
    staff = make_provider_staff(organization=order.organization)

    confirm_order(order=order, actor=staff)

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    event = order.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        "submitted",
        "confirmed",
        staff,
    )
    assert SmsMessage.objects.filter(
        phone=order.customer.phone, body__contains=order.number
    ).exists()


def test_staff_of_another_provider_and_the_customer_may_not_confirm():
    order = OrderFactory()
    user, customer = member_with_customer()
    order.customer = customer
    order.save()

    for actor in (make_provider_staff(), user):
        with pytest.raises(NotAllowed):
            confirm_order(order=order, actor=actor)

    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED
    assert not OrderEvent.objects.exists()


def test_impossible_moves_are_refused_with_the_states_named():
    order = OrderFactory(status=Order.Status.CANCELLED)
    dispatcher = make_platform_staff(Role.DISPATCHER)

    with pytest.raises(ServiceError) as exc:
        transition(order, Order.Status.CONFIRMED, dispatcher)

    assert exc.value.code == "invalid_transition"
    assert "已取消" in str(exc.value.message)


def test_customer_cancels_free_before_the_deadline_and_the_worker_is_freed():
    user, customer = member_with_customer()
    # A slot three days ahead is before the 24-hour deadline at any hour.
    work_order = WorkOrderFactory(
        order__booking__customer=customer,
        order__booking__starts_at=tomorrow_at(9, days=3),
    )
    order = work_order.order

    cancel_order(order=order, actor=user)

    order.refresh_from_db()
    work_order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert work_order.status == WorkOrder.Status.CANCELLED


def test_customer_is_refused_after_the_deadline_and_told_when_it_was():
    user, customer = member_with_customer()
    order = OrderFactory(booking__customer=customer)
    late = order.starts_at - datetime.timedelta(hours=2)

    with freeze_time(late), pytest.raises(ServiceError) as exc:
        cancel_order(order=order, actor=user)

    assert exc.value.code == "cancellation_too_late"
    deadline = timezone.localtime(order.starts_at - datetime.timedelta(hours=24))
    assert f"{deadline:%H:%M}" in str(exc.value.message)
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def test_staff_cancel_late_with_a_reason_but_not_without():
    order = OrderFactory()
    dispatcher = make_platform_staff(Role.DISPATCHER)
    late = order.starts_at - datetime.timedelta(hours=1)

    with freeze_time(late):
        with pytest.raises(ServiceError) as exc:
            cancel_order(order=order, actor=dispatcher, reason="")
        assert exc.value.code == "reason_required"
        cancel_order(order=order, actor=dispatcher, reason="客户来电取消")

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.events.last().reason == "客户来电取消"


def test_survey_notes_accumulate_with_author_and_only_staff_write_them():
    order = OrderFactory()
    staff = make_provider_staff(organization=order.organization)

    add_survey_note(order=order, actor=staff, note="三室两厅，有宠物")
    add_survey_note(order=order, actor=staff, note="需自带清洁剂")
    with pytest.raises(NotAllowed):
        add_survey_note(order=order, actor=make_provider_staff(), note="x")

    order.refresh_from_db()
    assert "三室两厅" in order.survey_note and "需自带清洁剂" in order.survey_note
