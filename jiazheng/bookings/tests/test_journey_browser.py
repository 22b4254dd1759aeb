"""The service loop in Chromium, as the people involved would go through it.

A family books a cleaner online; the booking appears on the dispatch screen
while the dispatcher is looking at it (over the WebSocket); the dispatcher
sends the top-ranked worker; the worker checks in and out and marks the job
done on her phone; the family confirms, reviews, and the provider's star
rating on the portal moves.

The whole ASGI application is served (``asgi_live_server``) so that the
dispatch screen's socket is real. The clock is pinned to 10:00 Beijing time
today (and runs on from there) so that a same-day slot exists whatever the
hour the suite runs.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_family_member,
    make_platform_staff,
)
from jiazheng.bookings.models import Order, Review, WorkOrder
from jiazheng.catalog.models import ServiceItem
from jiazheng.customers.tests.factories import CustomerAddressFactory, CustomerFactory
from jiazheng.notifications.models import SmsMessage
from jiazheng.providers.models import ProviderProfile
from jiazheng.providers.tests.factories import (
    ProviderFactory,
    ProviderServiceItemFactory,
    district,
)
from jiazheng.workers.tests.factories import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def ten_oclock(monkeypatch):
    """Pin Django's clock to 10:00 today, Beijing time; it runs on from there."""
    real_now = timezone.now
    started = real_now()
    today = timezone.localdate(started)
    ten = timezone.make_aware(datetime.datetime.combine(today, datetime.time(10)))
    monkeypatch.setattr(timezone, "now", lambda: ten + (real_now() - started))
    return ten


def log_in(page, base, phone):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).first.click()
    page.wait_for_load_state("networkidle")


def test_family_books_dispatcher_sends_top_worker_worker_serves_family_reviews(
    asgi_live_server, page, chromium_browser, ten_oclock
):
    base = asgi_live_server.url
    chaoyang = district()
    item = ServiceItem.objects.get(code="hourly-worker")
    provider = ProviderFactory(name="安心到家家政服务有限公司")
    ProviderServiceItemFactory(organization=provider, item=item, price=Decimal("60"))
    best = WorkerFactory(
        organization=provider,
        skills=[item],
        districts=[chaoyang],
        employee__name="李秀兰",
        years_experience=12,
        home_latitude=Decimal("39.9100"),
        home_longitude=Decimal("116.4600"),
        rating_average=Decimal("4.90"),
    )
    WorkerFactory(
        organization=provider,
        skills=[item],
        districts=[chaoyang],
        employee__name="赵桂英",
        years_experience=1,
        home_latitude=Decimal("40.0500"),
        home_longitude=Decimal("116.6000"),
        rating_average=Decimal("3.50"),
    )
    worker_user = UserFactory(phone="13612340003", name="李秀兰")
    worker_user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    best.employee.user = worker_user
    best.employee.save(update_fields=["user"])

    family = make_family_member(user=UserFactory(phone="13612340001", name="杨帆"))
    customer = CustomerFactory(user=family, phone=family.phone, name="杨帆")
    home = CustomerAddressFactory(
        customer=customer,
        region=chaoyang,
        detail="建国路8号院2号楼1单元302",
        latitude=Decimal("39.9080"),
        longitude=Decimal("116.4620"),
        is_default=True,
    )
    dispatcher = make_platform_staff(Role.DISPATCHER)
    rating_before = ProviderProfile.objects.get(organization=provider).rating_average

    # The dispatcher has the dispatch screen open, in a browser of her own.
    desk = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    ).new_page()
    desk.set_default_timeout(15_000)
    log_in(desk, base, dispatcher.phone)
    desk.goto(f"{base}/console/dispatch/")
    desk.wait_for_load_state("networkidle")
    assert desk.get_by_text("这一天没有待派工的订单。").is_visible()

    # The family books two hours of cleaning, today 12:00 to 14:00.
    log_in(page, base, family.phone)
    page.goto(f"{base}/bookings/new/")
    page.select_option("#id_item", str(item.pk))
    page.select_option("#id_organization", str(provider.pk))
    page.select_option("#id_address", str(home.pk))
    page.fill("#id_date", ten_oclock.date().isoformat())
    page.fill("#id_start_time", "12:00")
    page.fill("#id_end_time", "14:00")
    page.fill("#id_notes", "家里有猫，请随手关门。")
    page.get_by_role("button", name="提交预约").click()
    page.wait_for_url("**/bookings/orders/*/")
    order = Order.objects.get(customer=customer)
    assert page.get_by_text(order.number).first.is_visible()
    assert order.amount == Decimal("120.00")

    # It appears on the open dispatch screen without a reload; the dispatcher
    # confirms it, and it joins the orders to dispatch, best worker first.
    desk.get_by_role("status").filter(has_text=order.number).wait_for()
    desk.get_by_role("button", name=f"确认 {order.number}").click()
    desk.wait_for_load_state("networkidle")
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    row = desk.locator(f"#order-{order.pk}")
    row.wait_for()
    top = row.get_by_role("listitem").first
    assert "李秀兰" in top.inner_text()
    top.get_by_role("button", name=f"派 李秀兰 去 {order.number}").click()
    desk.wait_for_load_state("networkidle")
    work_order = WorkOrder.objects.get(order=order)
    assert work_order.worker == best
    order.refresh_from_db()
    assert order.status == Order.Status.DISPATCHED
    dispatched_sms = SmsMessage.objects.filter(phone=family.phone).order_by("pk").last()
    assert "李阿姨" in dispatched_sms.body
    assert "12:00-14:00" in dispatched_sms.body
    assert SmsMessage.objects.filter(phone=best.employee.phone).exists()

    # The worker sees the job on her phone, checks in, checks out, marks it done.
    log_in(page, base, worker_user.phone)
    page.goto(f"{base}/work/")
    job = page.get_by_test_id("work-order").filter(has_text=item.name)
    assert "建国路8号院2号楼1单元302" in job.inner_text()
    assert "家里有猫" in job.inner_text()
    job.get_by_role("button", name="到达签到").click()
    page.wait_for_load_state("networkidle")
    order.refresh_from_db()
    assert order.status == Order.Status.IN_SERVICE
    page.get_by_role("button", name="签退").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="完工").click()
    page.wait_for_load_state("networkidle")
    work_order.refresh_from_db()
    assert work_order.checked_in_at is not None
    assert work_order.checked_out_at is not None

    # The family confirms the work and reviews it.
    log_in(page, base, family.phone)
    page.goto(f"{base}/bookings/orders/{order.pk}/")
    page.get_by_role("button", name="确认服务完成").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="评价").click()
    page.check("input[name=worker_stars][value='5']")
    page.check("input[name=provider_stars][value='5']")
    page.fill("#id_text", "李阿姨非常细心，厨房擦得锃亮。")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    review = Review.objects.get(order=order)
    assert (review.worker, review.provider_stars) == (best, 5)
    order.refresh_from_db()
    assert order.status == Order.Status.REVIEWED

    # The provider's star rating on the portal has moved.
    page.goto(f"{base}/providers/{provider.pk}/")
    shown = page.get_by_test_id("provider-rating").inner_text()
    rating_after = ProviderProfile.objects.get(organization=provider).rating_average
    assert rating_after > rating_before
    assert f"★ {rating_after}" in shown
    assert "1 条评价" in shown
    desk.context.close()
