"""The counter journey in a real browser: open, top up, pay, SMS, freeze."""

import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from jiazheng.cards.models import Card
from jiazheng.cards.tests.factories import CardItemFactory, make_cashier
from jiazheng.notifications.models import SmsMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session", autouse=True)
def _sync_playwright_with_django():
    # Playwright's sync API leaves an event loop running in the test thread;
    # Django would then refuse the test's own database calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _sign_in(page, live_server, user):
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


def test_counter_opens_tops_up_pays_texts_and_freezes(
    live_server, page, reference_data
):
    # given a cashier of a provider with one card item
    cashier = make_cashier()
    organization = cashier.memberships.first().organization
    item = CardItemFactory(
        organization=organization, name="日常保洁", price=Decimal("80")
    )
    _sign_in(page, live_server, cashier)

    # open a named card
    page.goto(f"{live_server.url}/console/cards/new/")
    page.get_by_label("卡类型").select_option("named")
    page.get_by_label("客户手机号").fill("13988887777")
    page.get_by_label("客户姓名").fill("周女士")
    page.get_by_role("button", name="开卡").click()
    expect(page.locator("#card-balance")).to_have_text("¥0.00")
    card = Card.objects.get()

    # top up 500 in cash
    page.get_by_role("link", name="充值").click()
    page.get_by_label("充值金额（元）").fill("500")
    page.get_by_role("button", name="确定").click()
    expect(page.locator("#receipt-balance")).to_have_text("¥500.00")

    # pay for one item
    page.get_by_role("link", name="返回会员卡").click()
    page.get_by_role("link", name="刷卡消费").click()
    page.get_by_label(item.name).fill("1")
    page.get_by_role("button", name="确认消费").click()
    expect(page.locator("#receipt-amount")).to_have_text("¥-80.00")
    expect(page.locator("#receipt-balance")).to_have_text("¥420.00")

    # then the member got an SMS with the amount and the balance
    message = SmsMessage.objects.filter(template="card_paid").get()
    assert message.phone == "13988887777"
    assert "80.00" in message.body and "420.00" in message.body

    # freeze the card
    page.get_by_role("link", name="返回会员卡").click()
    page.get_by_role("link", name="冻结").click()
    page.get_by_label("原因").fill("客户挂失")
    page.get_by_role("button", name="确定").click()
    expect(page.locator("#card-status")).to_have_text("已冻结")

    # the next payment is refused with a clear message
    page.goto(f"{live_server.url}/console/cards/{card.pk}/pay/")
    page.get_by_label(item.name).fill("1")
    page.get_by_role("button", name="确认消费").click()
    expect(page.get_by_role("alert")).to_contain_text("此卡已冻结")
    card.refresh_from_db()
    assert card.balance == Decimal("420.00")
