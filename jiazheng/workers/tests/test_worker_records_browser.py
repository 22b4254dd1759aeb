"""A provider keeps a worker's records in Chromium, as its office would.

The provider's admin enters a new worker with her skills and districts,
registers her health certificate (a scan, expiring in three weeks) and a
certificate, sets her week; the console's list of certificates expiring
within 30 days names her, and her public page shows her skills.
"""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import DEFAULT_PASSWORD, make_provider_staff
from jiazheng.catalog.models import ServiceItem
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.tests.factories import ProviderOrganizationFactory, district

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def scan_file(tmp_path):
    path = tmp_path / "健康证.png"
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), "white").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_provider_enters_a_worker_and_sees_her_health_certificate_expiring(
    live_server, page, tmp_path
):
    base = live_server.url
    chaoyang = district()
    provider = ProviderOrganizationFactory(name="巧手家政服务有限公司", region=chaoyang)
    admin = make_provider_staff(provider, Role.PROVIDER_ADMIN)
    hourly = ServiceItem.objects.get(code="hourly-worker")
    today = timezone.localdate()

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_phone", admin.phone)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).first.click()
    page.wait_for_load_state("networkidle")

    # A new worker with her skill and district.
    page.goto(f"{base}/console/workers/new/")
    page.fill("#id_name", "周春梅")
    page.fill("#id_phone", "13512340007")
    page.select_option("#id_gender", "female")
    page.fill("#id_years_experience", "6")
    page.check(f"input[name=skills][value='{hourly.pk}']")
    page.check(f"input[name=districts][value='{chaoyang.pk}']")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    worker = WorkerProfile.objects.get(employee__name="周春梅")
    assert worker.organization == provider
    assert page.get_by_role("heading", name="周春梅").first.is_visible()

    # Her health certificate, with a scan, expires in three weeks.
    page.get_by_role("link", name="登记健康证").click()
    page.fill("#id_number", "JKZ-2026-0042")
    page.fill("#id_issued_by", "朝阳区疾病预防控制中心")
    page.fill("#id_issued_on", (today - datetime.timedelta(days=344)).isoformat())
    expires = today + datetime.timedelta(days=21)
    page.fill("#id_expires_on", expires.isoformat())
    page.set_input_files("#id_scan", str(scan_file(tmp_path)))
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("JKZ-2026-0042").first.is_visible()

    # Her week: mornings on weekdays, Saturday off.
    page.get_by_role("link", name="设置").first.click()
    for day in range(5):
        page.fill(f"#id_day_{day}", "08:00-12:00，13:00-17:00")
    page.fill("#id_day_5", "")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert worker.availability.filter(weekday=0).count() == 2
    assert not worker.availability.filter(weekday=5).exists()

    # The office's list of certificates expiring within 30 days names her.
    page.goto(f"{base}/console/workers/expiring/")
    row = page.get_by_role("row").filter(has_text="周春梅")
    assert "JKZ-2026-0042" in row.inner_text()
    assert expires.isoformat() in row.inner_text() or f"{expires:%Y年%-m月%-d日}" in (
        row.inner_text()
    )

    # Families see her on her public page by courtesy name, with her skill.
    page.context.clear_cookies()
    page.goto(f"{base}/workers/{worker.pk}/")
    assert page.get_by_role("heading", name="周阿姨").is_visible()
    assert hourly.name in page.content()
    assert "周春梅" not in page.content()
