"""Factories for bookings, orders, work orders and reviews.

``OrderFactory()`` gives a submitted order of a new family customer with a
new provider, tomorrow 09:00–12:00 (Asia/Shanghai) at an address in
北京市朝阳区, priced 3 h × ¥50.00. ``WorkOrderFactory(order=order)`` assigns a
new dispatchable worker of the order's provider to the order's slot.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from jiazheng.accounts.tests.factories import UserFactory, make_family_member
from jiazheng.bookings.models import (
    Booking,
    Order,
    Recurrence,
    RecurringPlan,
    Review,
    WorkOrder,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.customers.tests.factories import (
    CustomerAddressFactory,
    CustomerFactory,
    district,
)
from jiazheng.providers.tests.factories import (
    ProviderFactory,
    ProviderServiceItemFactory,
)
from jiazheng.workers.tests.factories import WorkerFactory


def tomorrow_at(hour, minute=0, *, days=1):
    """Return an aware datetime ``days`` from today at hour:minute, local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    number = factory.Sequence(lambda n: f"YY20260101{n:04d}")
    customer = factory.SubFactory(CustomerFactory)
    channel = Booking.Channel.ONLINE
    item = factory.SubFactory(ServiceItemFactory)
    organization = factory.SubFactory(ProviderFactory)
    address = factory.SubFactory(
        CustomerAddressFactory, customer=factory.SelfAttribute("..customer")
    )
    starts_at = factory.LazyFunction(lambda: tomorrow_at(9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    recurrence = Recurrence.NONE


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    class Params:
        booking_organization = factory.SubFactory(ProviderFactory)

    number = factory.Sequence(lambda n: f"DD20260101{n:04d}")
    booking = factory.SubFactory(
        BookingFactory,
        organization=factory.SelfAttribute("..booking_organization"),
    )
    customer = factory.SelfAttribute("booking.customer")
    organization = factory.SelfAttribute("booking.organization")
    item = factory.SelfAttribute("booking.item")
    address = factory.SelfAttribute("booking.address")
    region = factory.SelfAttribute("booking.address.region")
    starts_at = factory.SelfAttribute("booking.starts_at")
    ends_at = factory.SelfAttribute("booking.ends_at")
    unit_price = Decimal("50.00")
    quantity = Decimal("3.00")
    surcharge_percent = Decimal("0.00")
    amount = Decimal("150.00")
    status = Order.Status.SUBMITTED


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"PG20260101{n:04d}")
    order = factory.SubFactory(OrderFactory, status=Order.Status.DISPATCHED)
    organization = factory.SelfAttribute("order.organization")
    worker = factory.SubFactory(
        WorkerFactory, organization=factory.SelfAttribute("..organization")
    )
    starts_at = factory.SelfAttribute("order.starts_at")
    ends_at = factory.SelfAttribute("order.ends_at")
    status = WorkOrder.Status.ASSIGNED
    assigned_via = WorkOrder.Via.DISPATCHER

    @factory.post_generation
    def skill(self, create, extracted, **kwargs):
        """Give the worker the order's item as a skill."""
        if create:
            self.worker.skills.add(self.order.item)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    order = factory.SubFactory(OrderFactory, status=Order.Status.REVIEWED)
    customer = factory.SelfAttribute("order.customer")
    organization = factory.SelfAttribute("order.organization")
    worker = None
    worker_stars = 5
    provider_stars = 5
    text = "阿姨很细心，打扫得很干净。"
    tags = factory.LazyFunction(lambda: ["准时", "细心"])


class RecurringPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecurringPlan

    customer = factory.SubFactory(CustomerFactory)
    item = factory.SubFactory(ServiceItemFactory)
    organization = factory.SubFactory(ProviderFactory)
    address = factory.SubFactory(
        CustomerAddressFactory, customer=factory.SelfAttribute("..customer")
    )
    recurrence = Recurrence.WEEKLY
    next_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=1)
    )
    weekday = factory.LazyAttribute(lambda o: o.next_date.weekday())
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)


def served_provider(*, item=None, region=None, price=Decimal("50.00")):
    """Return a provider serving 朝阳区 (or ``region``) with a published fee."""
    provider = ProviderFactory()
    provider.provider_profile.districts.add(region or district())
    item = item or ServiceItemFactory()
    ProviderServiceItemFactory(organization=provider, item=item, price=price)
    return provider


def member_with_customer(**customer_fields):
    """Return a signed-up family member whose customer record exists."""
    user = make_family_member(user=UserFactory())
    customer = CustomerFactory(user=user, phone=user.phone, **customer_fields)
    CustomerAddressFactory(customer=customer, is_default=True)
    return user, customer
