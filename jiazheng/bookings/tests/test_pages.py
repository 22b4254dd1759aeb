"""The member's, the console's and the worker's booking pages."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.bookings.models import Booking, Order, WorkOrder
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    ReviewFactory,
    WorkOrderFactory,
    member_with_customer,
    served_provider,
    tomorrow_at,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.customers.models import Customer
from jiazheng.customers.tests.factories import CustomerFactory, district

pytestmark = pytest.mark.django_db


def _slot(days=2):
    start = timezone.localtime(tomorrow_at(9, days=days))
    return {
        "date": start.date().isoformat(),
        "start_time": "09:00",
        "end_time": "12:00",
    }


def test_a_member_books_online_with_a_new_address_and_sees_the_order(client):
    user, customer = member_with_customer()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    client.force_login(user)

    response = client.post(
        reverse("bookings:new"),
        {
            "item": item.pk,
            "organization": provider.pk,
            **_slot(),
            "new_region": district().pk,
            "new_detail": "光华路9号",
            "recurrence": "none",
            "notes": "家里有猫",
        },
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bookings:order_detail", args=[order.pk])
    assert order.address.detail == "光华路9号"
    assert order.booking.channel == Booking.Channel.ONLINE
    page = client.get(response.url).content.decode()
    assert order.number in page and "家里有猫" in page
    assert order.number in client.get(reverse("bookings:order_list")).content.decode()


def test_a_refused_booking_shows_the_reason_and_writes_nothing(client):
    user, customer = member_with_customer()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    client.force_login(user)

    response = client.post(
        reverse("bookings:new"),
        {
            "item": item.pk,
            "organization": provider.pk,
            **_slot(),
            "start_time": "05:00",
            "new_region": district("110108", "海淀区").pk,
            "new_detail": "中关村1号",
            "recurrence": "none",
        },
    )

    assert response.status_code == 200
    assert "07:00–21:00" in response.content.decode()
    assert not Order.objects.exists()
    assert customer.addresses.count() == 1


def test_a_weekly_booking_makes_a_plan_and_the_command_books_the_next_visit(client):
    user, customer = member_with_customer()
    item = ServiceItemFactory()
    provider = served_provider(item=item)
    client.force_login(user)
    client.post(
        reverse("bookings:new"),
        {
            "item": item.pk,
            "organization": provider.pk,
            **_slot(days=1),
            "address": customer.addresses.get().pk,
            "recurrence": "weekly",
        },
    )
    first = Order.objects.get()

    call_command("create_recurring_orders", "--days", "8", stdout=None)

    second = Order.objects.exclude(pk=first.pk).get()
    assert second.plan == first.plan
    assert (second.starts_at - first.starts_at).days == 7

    client.post(reverse("bookings:plan_stop", args=[first.pk]))
    call_command("create_recurring_orders", "--days", "30", stdout=None)
    assert Order.objects.count() == 2


def test_members_see_only_their_own_orders(client):
    user, _customer = member_with_customer()
    other = OrderFactory()
    client.force_login(user)

    assert (
        client.get(reverse("bookings:order_detail", args=[other.pk])).status_code == 404
    )
    response = client.post(reverse("bookings:order_cancel", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Order.Status.SUBMITTED


def test_the_dispatcher_takes_a_call_from_a_new_caller(client):
    dispatcher = make_platform_staff(Role.DISPATCHER)
    item = ServiceItemFactory()
    served_provider(item=item)
    client.force_login(dispatcher)

    lookup = client.get(
        reverse("bookings_console:call_in_lookup"), {"phone": "13755556666"}
    )
    response = client.post(
        reverse("bookings_console:call_in"),
        {
            "phone": "13755556666",
            "name": "赵女士",
            "kind": "family",
            "item": item.pk,
            "organization": "",
            **_slot(),
            "new_region": district().pk,
            "new_detail": "望京西园3区",
            "recurrence": "none",
        },
    )

    assert "新来电客户" in lookup.content.decode()
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.booking.channel == Booking.Channel.PHONE
    assert order.booking.taken_by == dispatcher
    assert order.customer.source == Customer.Source.PHONE
    record = client.get(
        reverse("bookings_console:call_in_lookup"), {"phone": "13755556666"}
    ).content.decode()
    assert "赵女士" in record and order.number in record


def test_the_call_in_screen_is_for_platform_dispatchers_only(client):
    client.force_login(make_provider_staff())
    assert client.get(reverse("bookings_console:call_in")).status_code == 403


def test_provider_staff_see_and_work_only_their_organisations_orders(client):
    ours = OrderFactory()
    theirs = OrderFactory()
    staff = make_provider_staff(organization=ours.organization)
    client.force_login(staff)

    listing = client.get(reverse("bookings_console:order_list")).content.decode()
    refused = client.post(reverse("bookings_console:order_confirm", args=[theirs.pk]))
    client.post(reverse("bookings_console:order_confirm", args=[ours.pk]))

    assert ours.number in listing and theirs.number not in listing
    assert refused.status_code == 404
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == Order.Status.CONFIRMED
    assert theirs.status == Order.Status.SUBMITTED


def test_console_cancel_needs_a_reason_and_survey_notes_are_kept(client):
    order = OrderFactory()
    client.force_login(make_platform_staff(Role.DISPATCHER))

    client.post(reverse("bookings_console:order_cancel", args=[order.pk]), {})
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED
    client.post(
        reverse("bookings_console:order_survey", args=[order.pk]), {"note": "120平米"}
    )
    client.post(
        reverse("bookings_console:order_cancel", args=[order.pk]),
        {"reason": "客户改期"},
    )

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert "120平米" in order.survey_note
    page = client.get(reverse("bookings_console:order_detail", args=[order.pk]))
    assert "客户改期" in page.content.decode()


def test_the_worker_checks_in_on_the_phone_page(client):
    work_order = WorkOrderFactory()
    user = UserFactory()
    work_order.worker.employee.user = user
    work_order.worker.employee.save()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    client.force_login(user)

    with freeze_time(work_order.starts_at):
        page = client.get(reverse("work:today")).content.decode()
        client.post(reverse("work:check_in", args=[work_order.pk]))

    assert work_order.number in page
    work_order.refresh_from_db()
    assert work_order.status == WorkOrder.Status.CHECKED_IN


def test_the_ranking_and_the_provider_page_show_the_rating(client):
    review = ReviewFactory()
    profile = review.organization.provider_profile
    profile.rating_average, profile.rating_count = "4.17", 1
    profile.save()
    CustomerFactory()

    ranking = client.get(reverse("bookings:ranking")).content.decode()

    assert review.organization.name in ranking and "4.17" in ranking
    assert "投诉率" in ranking


def test_every_page_of_a_served_order_renders_for_its_people(client):
    user, customer = member_with_customer()
    review = ReviewFactory(order__booking__customer=customer)
    order = review.order
    dispatcher = make_platform_staff(Role.DISPATCHER)

    client.force_login(user)
    for url in (
        reverse("bookings:new"),
        reverse("bookings:order_list"),
        reverse("bookings:order_detail", args=[order.pk]),
        reverse("bookings:book_again", args=[order.pk]),
    ):
        assert client.get(url).status_code == 200, url
    detail = client.get(reverse("bookings:order_detail", args=[order.pk]))
    assert review.text in detail.content.decode()
    client.force_login(dispatcher)
    for url in (
        reverse("bookings_console:call_in"),
        reverse("bookings_console:order_list") + "?status=reviewed&q=" + order.number,
        reverse("bookings_console:order_detail", args=[order.pk]),
        reverse("bookings_console:review_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert order.number in response.content.decode()


def test_a_completed_order_is_reviewed_on_its_page(client):
    user, customer = member_with_customer()
    work_order = WorkOrderFactory(
        order__booking__customer=customer, status=WorkOrder.Status.DONE
    )
    order = work_order.order
    order.status = Order.Status.COMPLETED
    order.save()
    client.force_login(user)

    page = client.get(reverse("bookings:order_review", args=[order.pk]))
    response = client.post(
        reverse("bookings:order_review", args=[order.pk]),
        {"worker_stars": "5", "provider_stars": "4", "tags": ["准时"], "text": "好"},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.REVIEWED
    assert order.review.tags == ["准时"]
