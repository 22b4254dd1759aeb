"""The foundation's main journey in Chromium, as people would do it.

A family signs up with the code from the SMS outbox; a company signs up,
applies to join with its licence; platform staff approve; the new provider
publishes a fee standard and appears on the portal with its price.
"""

import io

import pytest
from PIL import Image

from jiazheng.accounts.models import Organization, Role, User
from jiazheng.accounts.tenancy import roles_of
from jiazheng.accounts.tests.factories import DEFAULT_PASSWORD, make_platform_staff
from jiazheng.catalog.models import Category, ServiceItem
from jiazheng.common.credit_code import check_character
from jiazheng.notifications.backends import locmem
from jiazheng.notifications.models import SmsMessage

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]

FAMILY_PHONE = "13712340001"
COMPANY_PHONE = "13712340002"
PASSWORD = "Jiazheng#2026"


def latest_code(phone):
    # The outbox masks a code once it is delivered; the phone got it in clear.
    sent = [m for m in locmem.outbox if m.phone == phone]
    return sent[-1].params["code"]


def sign_up(page, base, *, kind, phone, name, company_name=""):
    page.goto(f"{base}/accounts/signup/")
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_phone", phone)
    page.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_selector("#sms-code-status :text-matches('.+')")
    page.fill("#id_code", latest_code(phone))
    page.fill("#id_name", name)
    if company_name:
        page.fill("#id_company_name", company_name)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="注册", exact=True).click()
    page.wait_for_url(f"{base}/accounts/me/**")


def log_in(page, base, phone, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_phone", phone)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录", exact=True).first.click()
    page.wait_for_load_state("networkidle")


def log_out(page):
    page.context.clear_cookies()


def licence_file(tmp_path):
    path = tmp_path / "营业执照.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_family_signs_up_company_joins_and_appears_on_the_portal(
    live_server, page, tmp_path
):
    base = live_server.url

    # A family member signs up with the code that the SMS carried.
    sign_up(page, base, kind="family", phone=FAMILY_PHONE, name="杨帆")
    family = User.objects.get(phone=FAMILY_PHONE)
    assert Role.FAMILY_MEMBER in roles_of(family)
    log_out(page)

    # A company signs up as an enterprise member and applies to join.
    sign_up(
        page,
        base,
        kind="enterprise",
        phone=COMPANY_PHONE,
        name="孙秀英",
        company_name="晨光家政服务有限公司",
    )
    page.goto(f"{base}/providers/apply/")
    first17 = "91110105MA0099999"
    page.fill("#id_company_name", "晨光家政服务有限公司")
    page.fill("#id_credit_code", first17 + check_character(first17))
    page.fill("#id_legal_representative", "孙秀英")
    page.fill("#id_contact_phone", COMPANY_PHONE)
    page.select_option("#id_region_province", "110000")
    page.wait_for_selector("#id_region_city option[value='110100']", state="attached")
    page.select_option("#id_region_city", "110100")
    page.wait_for_selector("#id_region option[value='110105']", state="attached")
    page.select_option("#id_region", "110105")
    page.fill("#id_address", "建国路93号万达广场")
    hourly = Category.objects.get(code="domestic-hourly")
    page.check(f"input[name=categories][value='{hourly.pk}']")
    page.fill("#id_introduction", "专注朝阳区小时工与家庭保洁。")
    page.set_input_files("#id_business_licence", str(licence_file(tmp_path)))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("待审核").first.is_visible()
    log_out(page)

    # Platform staff review the application and approve it.
    reviewer = make_platform_staff(role=Role.DISPATCHER)
    log_in(page, base, reviewer.phone, DEFAULT_PASSWORD)
    page.goto(f"{base}/console/providers/applications/")
    page.get_by_role("link", name="晨光家政服务有限公司").first.click()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state("networkidle")
    provider = Organization.objects.get(
        kind=Organization.Kind.PROVIDER, name="晨光家政服务有限公司"
    )
    approval = SmsMessage.objects.get(
        phone=COMPANY_PHONE, template="franchise_approved"
    )
    assert "晨光家政服务有限公司" in approval.body
    log_out(page)

    # The new provider's admin publishes a fee standard for hourly work.
    log_in(page, base, COMPANY_PHONE, PASSWORD)
    page.goto(f"{base}/console/providers/fees/new/")
    item = ServiceItem.objects.get(code="hourly-worker")
    page.select_option("#id_item", str(item.pk))
    page.fill("#id_price", "55.00")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    log_out(page)

    # A visitor finds the provider on the portal with its item and price.
    page.goto(f"{base}/providers/")
    page.get_by_role("link", name="晨光家政服务有限公司").first.click()
    page.wait_for_url(f"{base}/providers/{provider.pk}/")
    body = page.locator("main").inner_text()
    assert "小时工" in body
    assert "55.00" in body
