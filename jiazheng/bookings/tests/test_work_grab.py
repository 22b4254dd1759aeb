"""The worker grabs offered orders (抢单) on the phone pages under /work/."""

import pytest
from django.contrib.auth.models import Group
from django.urls import Resolver404, resolve, reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory, make_provider_staff
from jiazheng.bookings.dispatch.grab import open_grab
from jiazheng.bookings.models import GrabOffer, WorkOrder
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    worker_for,
)

pytestmark = pytest.mark.django_db


def signed_in_worker(order, **fields):
    """Return a worker of the order's provider with a login holding the role."""
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    return worker_for(order, employee__user=user, **fields)


def test_the_today_page_links_to_the_grab_list(client):
    order = confirmed_order()
    worker = signed_in_worker(order)
    client.force_login(worker.employee.user)

    page = client.get(reverse("work:today")).content.decode()

    assert reverse("work:grab") == "/work/grab/"
    assert 'href="/work/grab/"' in page


def test_the_worker_sees_an_offer_under_work_and_takes_it(client):
    # given
    order = confirmed_order()
    worker = signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    client.force_login(worker.employee.user)

    # when
    listing = client.get("/work/grab/")
    taken = client.post(f"/work/grab/{order.pk}/take/")

    # then
    html = listing.content.decode()
    assert listing.status_code == 200
    assert order.item.name in html
    assert f'action="/work/grab/{order.pk}/take/"' in html
    assert taken.status_code == 302 and taken["Location"] == reverse("work:today")
    work_order = WorkOrder.objects.get(order=order)
    assert work_order.worker == worker
    assert work_order.assigned_via == WorkOrder.Via.GRAB
    followed = client.get(taken["Location"]).content.decode()
    assert "抢单成功" in followed and work_order.number in followed


def test_a_taken_offer_tells_the_second_worker_it_is_gone(client):
    order = confirmed_order()
    first, second = signed_in_worker(order), signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    client.force_login(first.employee.user)
    client.post(reverse("work:grab_take", args=[order.pk]))
    client.force_login(second.employee.user)

    response = client.post(reverse("work:grab_take", args=[order.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("work:grab")
    assert "已被抢走" in response.content.decode()
    assert WorkOrder.objects.get(order=order).worker == first


def test_an_offer_of_another_provider_is_not_found(client):
    order = confirmed_order()
    signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    stranger = signed_in_worker(confirmed_order())
    client.force_login(stranger.employee.user)

    response = client.post(reverse("work:grab_take", args=[order.pk]))

    assert response.status_code == 404
    assert not WorkOrder.objects.filter(order=order).exists()


def test_the_grab_pages_are_for_workers_only(client):
    order = confirmed_order()
    signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    client.force_login(make_provider_staff(organization=order.organization))

    assert client.get(reverse("work:grab")).status_code == 403
    taken = client.post(reverse("work:grab_take", args=[order.pk]))
    assert taken.status_code == 403
    assert GrabOffer.objects.get(order=order).closed_at is None


def test_taking_needs_a_post(client):
    order = confirmed_order()
    worker = signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    client.force_login(worker.employee.user)

    response = client.get(reverse("work:grab_take", args=[order.pk]))

    assert response.status_code == 405
    assert not WorkOrder.objects.filter(order=order).exists()


def test_the_old_console_grab_urls_move_to_the_work_area(client):
    order = confirmed_order()
    worker = signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    client.force_login(worker.employee.user)

    listing = client.get("/console/dispatch/grab/")
    take = client.post(f"/console/dispatch/grab/{order.pk}/take/")

    assert listing.status_code == 301 and listing["Location"] == "/work/grab/"
    # 308 keeps the POST, so a page opened before the move still takes.
    assert take.status_code == 308
    assert take["Location"] == f"/work/grab/{order.pk}/take/"


@pytest.mark.parametrize(
    "url",
    [
        "/work/work-orders/1234567890123456789/check-in/",
        "/work/work-orders/1234567890123456789/check-out/",
        "/work/work-orders/1234567890123456789/done/",
        "/work/grab/1234567890123456789/take/",
    ],
)
def test_work_urls_take_only_ids_the_database_can_hold(url):
    with pytest.raises(Resolver404):
        resolve(url)
    assert resolve(url.replace("1234567890123456789", "42")).kwargs == {"pk": 42}


def test_the_worker_api_lists_and_takes_offers_like_the_page():
    # given
    order = confirmed_order()
    worker = signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    api = APIClient()
    api.force_authenticate(worker.employee.user)

    # when
    offers = api.get(reverse("api:dispatch-grab-offers"))
    taken = api.post(reverse("api:dispatch-grab-take", args=[order.pk]))
    again = api.post(reverse("api:dispatch-grab-take", args=[order.pk]))

    # then
    assert [o["order"] for o in offers.json()] == [order.pk]
    assert taken.status_code == 201
    assert taken.json()["worker"] == worker.pk
    assert taken.json()["assigned_via"] == WorkOrder.Via.GRAB
    assert again.status_code == 400 and again.json()["code"] == "grab_closed"
    assert api.get(reverse("api:dispatch-grab-offers")).json() == []


def test_the_grab_api_refuses_someone_who_is_not_a_worker():
    order = confirmed_order()
    signed_in_worker(order)
    open_grab(order=order, actor=dispatcher())
    api = APIClient()
    api.force_authenticate(make_provider_staff(organization=order.organization))

    listing = api.get(reverse("api:dispatch-grab-offers"))
    take = api.post(reverse("api:dispatch-grab-take", args=[order.pk]))

    assert listing.status_code == take.status_code == 403
    assert take.json()["code"] == "not_a_worker"
    assert not WorkOrder.objects.filter(order=order).exists()
