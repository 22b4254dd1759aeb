"""A worker grabs an order on the phone with the keyboard alone."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.bookings.dispatch.grab import open_grab
from jiazheng.bookings.models import WorkOrder
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    worker_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_TABS = 40


@pytest.fixture(scope="session", autouse=True)
def _sync_playwright_with_django():
    # Playwright's sync API leaves an event loop running in the test thread;
    # Django would then refuse the test's own database calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def tab_to(page, locator):
    """Press Tab until ``locator`` has the focus; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{locator} cannot be reached with the Tab key")


def test_a_worker_reaches_the_offer_and_takes_it_with_the_keyboard(
    live_server, page, reference_data
):
    # given an order offered to a worker of its provider
    order = confirmed_order()
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    worker = worker_for(order, employee__user=user)
    open_grab(order=order, actor=dispatcher())
    sign_in(page, live_server, user)

    # when: from today's page, Tab and Enter only
    page.goto(f"{live_server.url}/work/")
    tab_to(page, page.get_by_role("link", name="查看可抢订单"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/work/grab/")
    take = page.get_by_role("button", name=f"抢单：{order.item.name}")
    tab_to(page, take)
    page.keyboard.press("Enter")

    # then: back on today's page with the new work order
    page.wait_for_url(f"{live_server.url}/work/")
    expect(page.get_by_text("抢单成功")).to_be_visible()
    assert WorkOrder.objects.get(order=order).worker == worker
