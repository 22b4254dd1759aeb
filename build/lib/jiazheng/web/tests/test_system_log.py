"""The system log page of the console and its Excel export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.audit.models import Outcome, SystemLogEntry
from jiazheng.audit.services import record_event

pytestmark = pytest.mark.django_db


def log(**fields):
    defaults = {"module": "web", "function": "console_home", "outcome": "success"}
    return record_event(**{**defaults, **fields})


@pytest.fixture
def auditor(client):
    user = make_platform_staff(Role.AUDITOR)
    client.force_login(user)
    return user


def test_auditor_sees_the_log_newest_first(client, auditor):
    log(username="早的记录")
    log(username="晚的记录", ip_address="192.0.2.44")

    response = client.get(reverse("web:audit_log"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("晚的记录") < page.index("早的记录")
    assert "192.0.2.44" in page


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_provider_staff(role=Role.PROVIDER_ADMIN),
        lambda: make_platform_staff(Role.DISPATCHER),
        make_family_member,
    ],
)
def test_others_may_not_read_the_log(client, make_user):
    client.force_login(make_user())

    assert client.get(reverse("web:audit_log")).status_code == 403
    assert client.get(reverse("web:audit_log_export")).status_code == 403


def test_platform_admin_may_read_the_log(client):
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))

    assert client.get(reverse("web:audit_log")).status_code == 200


def test_visitor_is_sent_to_login(client):
    response = client.get(reverse("web:audit_log"))

    assert response.status_code == 302


def test_filters_narrow_the_list(client, auditor):
    log(username="找到我", outcome=Outcome.DENIED, module="providers_console")
    log(username="不应出现", outcome=Outcome.SUCCESS)

    response = client.get(
        reverse("web:audit_log"),
        {"outcome": "denied", "module": "providers_console", "user_query": "找到"},
    )

    entries = list(response.context["page"].object_list)
    assert [e.username for e in entries] == ["找到我"]


def test_invalid_filter_shows_an_error_and_keeps_the_valid_ones(client, auditor):
    log(username="拒绝的", outcome=Outcome.DENIED)
    log(username="成功的")

    response = client.get(
        reverse("web:audit_log"), {"outcome": "denied", "ip": "not-an-ip"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ip"]
    assert [e.username for e in response.context["page"].object_list] == ["拒绝的"]


def test_list_pages_by_fifty(client, auditor):
    SystemLogEntry.objects.bulk_create(
        SystemLogEntry(username=f"u{n}", module="web", outcome="success")
        for n in range(60)
    )

    first = client.get(reverse("web:audit_log"))
    second = client.get(reverse("web:audit_log"), {"page": 2})

    # The auditor's own first visit is logged too, so the second page grows.
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) >= 10


def test_list_needs_few_queries(client, auditor, django_assert_max_num_queries):
    for _ in range(30):
        log(user=auditor, organization_id=auditor.memberships.get().organization_id)

    # Session, user, memberships, count, page, organisation names, and the
    # log entry of this request.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("web:audit_log"))

    assert response.status_code == 200


def test_export_returns_the_filtered_log_as_xlsx(client, auditor):
    log(username='=HYPERLINK("http://evil")', outcome=Outcome.FAILURE)
    log(username="不导出", outcome=Outcome.SUCCESS)

    response = client.get(reverse("web:audit_log_export"), {"outcome": "failure"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"
    assert len(rows) == 2
    # Text that looks like a formula is written as text, not run.
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][8] == "失败"


def test_viewing_the_log_is_itself_logged(client, auditor):
    client.get(reverse("web:audit_log"))

    entry = SystemLogEntry.objects.exclude(module="accounts").get()
    assert entry.user == auditor
    assert entry.module == "web"
    assert entry.function == "audit_log"


def test_export_stops_at_the_limit_and_says_so(client, auditor, monkeypatch):
    monkeypatch.setattr("jiazheng.web.views.system_log.EXPORT_MAX_ROWS", 3)
    for n in range(5):
        log(username=f"记录{n}")

    response = client.get(reverse("web:audit_log_export"))

    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[1] for row in rows[1:4]] == ["记录4", "记录3", "记录2"]
    assert "仅导出最新的 3 条" in rows[4][0]


def test_entry_records_the_users_organization(client, auditor):
    client.get(reverse("web:audit_log"))

    entry = SystemLogEntry.objects.exclude(module="accounts").get()
    assert entry.organization_id == auditor.memberships.get().organization_id


def test_sign_in_through_the_login_page_is_logged(client):
    user = UserFactory(phone="13911112222")

    client.post(
        reverse("accounts:login"),
        {"mode": "password", "phone": "13911112222", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )

    entry = SystemLogEntry.objects.get(function="login")
    assert entry.user == user
    assert entry.outcome == Outcome.SUCCESS
    assert entry.ip_address == "198.51.100.20"


def test_failed_sign_in_is_logged_without_the_phone_in_clear(client):
    UserFactory(phone="13911112222")

    client.post(
        reverse("accounts:login"),
        {"mode": "password", "phone": "13911112222", "password": "wrong-pass-1"},
    )

    entry = SystemLogEntry.objects.get(function="login_failed")
    assert entry.outcome == Outcome.FAILURE
    assert entry.username == "139****2222"
    assert entry.path == reverse("accounts:login")


def test_sign_out_is_logged(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("accounts:logout"))

    assert SystemLogEntry.objects.get(function="logout").user == user
