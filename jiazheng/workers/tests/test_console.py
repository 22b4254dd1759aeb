"""The workers' console pages and the public worker page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.hr.models import Employee
from jiazheng.workers.models import HealthCertificate, Leave, WorkerProfile
from jiazheng.workers.tests.factories import (
    HealthCertificateFactory,
    LeaveFactory,
    ProviderOrganizationFactory,
    WorkerFactory,
    district,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def test_provider_staff_list_shows_own_workers_only(client, provider_staff, provider):
    ours = WorkerFactory(organization=provider, employee__name="刘桂英")
    WorkerFactory(employee__name="别家阿姨")
    client.force_login(provider_staff)

    response = client.get(reverse("workers_console:worker_list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert ours.employee.name in content
    assert "别家阿姨" not in content
    assert ours.employee.phone not in content  # masked on the list


def test_list_filters_by_skill_district_mode_health_and_search(
    client, provider_admin, provider
):
    cleaning = ServiceItemFactory(name="日常保洁")
    chaoyang = district()
    cleaner = WorkerFactory(
        organization=provider,
        employee__name="甲保洁",
        skills=[cleaning],
        districts=[chaoyang],
    )
    live_in = WorkerFactory(
        organization=provider, employee__name="乙住家", service_mode="live_in"
    )
    lapsed = WorkerFactory(
        organization=provider, employee__name="丙过期", health_certificate=False
    )
    HealthCertificateFactory(
        worker=lapsed,
        issued_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2025, 1, 1),
    )
    client.force_login(provider_admin)
    url = reverse("workers_console:worker_list")

    def names(**query):
        content = client.get(url, query).content.decode()
        return {
            w.employee.name
            for w in (cleaner, live_in, lapsed)
            if w.employee.name in content
        }

    assert names(skill=cleaning.pk) == {"甲保洁"}
    assert names(district=chaoyang.code) == {"甲保洁"}
    assert names(service_mode="live_in") == {"乙住家"}
    assert names(health="expired") == {"丙过期"}
    assert names(q="乙") == {"乙住家"}
    assert names(q=cleaner.employee.phone[-6:]) == {"甲保洁"}


def test_dispatcher_sees_every_providers_workers(client, dispatcher):
    first, second = WorkerFactory(), WorkerFactory()
    client.force_login(dispatcher)

    content = client.get(reverse("workers_console:worker_list")).content.decode()

    assert first.employee.name in content and second.employee.name in content


@pytest.mark.parametrize(
    "make_user",
    [
        make_family_member,
        lambda: make_provider_staff(role=Role.WORKER),
        lambda: make_platform_staff(Role.EDITOR),
    ],
)
def test_users_without_a_worker_management_role_are_refused(client, make_user):
    client.force_login(make_user())

    assert client.get(reverse("workers_console:worker_list")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("workers_console:worker_list"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_create_worker_through_the_console(client, provider_staff, provider):
    item = ServiceItemFactory()
    client.force_login(provider_staff)

    response = client.post(
        reverse("workers_console:worker_create"),
        {
            "organization": provider.pk,
            "name": "黄秀珍",
            "phone": "138-1234-5699",
            "gender": "female",
            "service_mode": "both",
            "years_experience": "4",
            "skills": [item.pk],
            "extra_district": "110105",
        },
    )

    worker = WorkerProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workers_console:worker_detail", kwargs={"pk": worker.pk}
    )
    assert worker.organization == provider
    assert worker.employee.phone == "13812345699"
    assert [r.code for r in worker.districts.all()] == ["110105"]


def test_create_form_shows_service_errors_on_the_field(
    client, provider_admin, provider
):
    WorkerFactory(organization=provider, employee__phone="13812345699")
    client.force_login(provider_admin)

    response = client.post(
        reverse("workers_console:worker_create"),
        {
            "organization": provider.pk,
            "name": "黄秀珍",
            "phone": "13812345699",
            "service_mode": "day_time",
            "years_experience": "4",
        },
    )

    assert response.status_code == 200
    assert "本组织已有使用该手机号的服务人员" in response.content.decode()
    assert WorkerProfile.objects.count() == 1


def test_provider_staff_cannot_create_for_another_provider(client, provider_staff):
    other = ProviderOrganizationFactory()
    client.force_login(provider_staff)

    response = client.post(
        reverse("workers_console:worker_create"),
        {
            "organization": other.pk,
            "name": "黄秀珍",
            "phone": "13812345698",
            "service_mode": "day_time",
            "years_experience": "1",
        },
    )

    assert response.status_code == 200  # the choice is not offered
    assert not WorkerProfile.objects.exists()


def test_detail_shows_records_and_full_phone_to_own_staff(
    client, provider_admin, provider
):
    worker = WorkerFactory(organization=provider)
    LeaveFactory(worker=worker, reason="回老家看孩子")
    client.force_login(provider_admin)

    response = client.get(
        reverse("workers_console:worker_detail", kwargs={"pk": worker.pk})
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert worker.employee.phone in content
    assert "回老家看孩子" in content
    assert "08:00–18:00" in content


def test_other_providers_worker_is_404_on_every_page(client, provider_admin):
    theirs = WorkerFactory()
    leave = LeaveFactory(worker=theirs)
    certificate = HealthCertificate.objects.get(worker=theirs)
    client.force_login(provider_admin)

    for name in (
        "worker_detail",
        "worker_edit",
        "availability_edit",
        "certificate_create",
        "health_certificate_create",
        "background_check_create",
        "trial_work_create",
        "leave_create",
    ):
        url = reverse(f"workers_console:{name}", kwargs={"pk": theirs.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name
    for url in (
        reverse("workers_console:worker_status", kwargs={"pk": theirs.pk}),
        reverse("workers_console:leave_cancel", kwargs={"pk": leave.pk}),
    ):
        assert client.post(url, {}).status_code == 404
    scan = reverse(
        "workers_console:scan", kwargs={"kind": "health", "pk": certificate.pk}
    )
    assert client.get(scan).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert Leave.objects.get(pk=leave.pk).cancelled_at is None


def test_edit_worker_through_the_console(client, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)
    url = reverse("workers_console:worker_edit", kwargs={"pk": worker.pk})

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "马师傅",
            "gender": "male",
            "service_mode": "day_time",
            "years_experience": "12",
            "skills": [s.pk for s in worker.skills.all()],
        },
    )

    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.employee.gender == Employee.Gender.MALE
    assert worker.years_experience == 12


def test_health_certificate_form_with_scan_and_the_scan_view(
    client, provider_admin, provider
):
    worker = WorkerFactory(organization=provider, health_certificate=False)
    client.force_login(provider_admin)
    today = timezone.localdate()

    response = client.post(
        reverse("workers_console:health_certificate_create", kwargs={"pk": worker.pk}),
        {
            "number": "JKZ-9",
            "issued_on": today.isoformat(),
            "expires_on": (today + datetime.timedelta(days=365)).isoformat(),
            "scan": pdf_upload(),
        },
    )

    assert response.status_code == 302
    certificate = worker.health_certificates.get()
    scan = client.get(
        reverse("workers_console:scan", kwargs={"kind": "health", "pk": certificate.pk})
    )
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"
    assert scan["Cache-Control"] == "private, no-store"


def test_expired_certificate_is_saved_with_a_warning(client, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)

    response = client.post(
        reverse("workers_console:certificate_create", kwargs={"pk": worker.pk}),
        {
            "kind": "childcare",
            "number": "YY-OLD",
            "issued_on": "2018-01-01",
            "expires_on": "2021-01-01",
        },
        follow=True,
    )

    assert worker.certificates.get().is_expired
    assert "该证件已过期" in response.content.decode()


def test_oversized_scan_is_refused_on_the_form(
    client, provider_admin, provider, settings
):
    settings.UPLOAD_MAX_BYTES = 1024
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)

    response = client.post(
        reverse("workers_console:certificate_create", kwargs={"pk": worker.pk}),
        {"kind": "childcare", "number": "YY-1", "scan": pdf_upload(size=4096)},
    )

    assert response.status_code == 200
    assert "文件不能超过" in response.content.decode()
    assert not worker.certificates.exists()


def test_availability_form_replaces_the_week_and_explains_mistakes(
    client, provider_admin, provider
):
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)
    url = reverse("workers_console:availability_edit", kwargs={"pk": worker.pk})

    page = client.get(url).content.decode()
    assert "08:00-18:00" in page

    bad = client.post(url, {"day_0": "18:00-08:00"})
    assert bad.status_code == 200
    assert "结束时间必须晚于开始时间" in bad.content.decode()
    overlap = client.post(url, {"day_2": "08:00-12:00，11:00-13:00"})
    assert "重叠" in overlap.content.decode()
    typo = client.post(url, {"day_1": "八点到十二点"})
    assert "格式不正确" in typo.content.decode()
    assert worker.availability.count() == 7

    good = client.post(
        url, {"day_0": "08:00-12:00, 13:00-17:00", "day_4": "20:00-24:00"}
    )
    assert good.status_code == 302
    assert worker.availability.count() == 3


def test_leave_form_and_cancel(client, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)
    start = timezone.localtime() + datetime.timedelta(days=1)

    bad = client.post(
        reverse("workers_console:leave_create", kwargs={"pk": worker.pk}),
        {
            "kind": "sick",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert "请假结束时间必须晚于开始时间" in bad.content.decode()

    client.post(
        reverse("workers_console:leave_create", kwargs={"pk": worker.pk}),
        {
            "kind": "sick",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    leave = worker.leaves.get()
    client.post(reverse("workers_console:leave_cancel", kwargs={"pk": leave.pk}))
    leave.refresh_from_db()
    assert leave.is_cancelled


def test_status_button_stops_and_resumes_the_worker(client, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    client.force_login(provider_admin)
    url = reverse("workers_console:worker_status", kwargs={"pk": worker.pk})

    client.post(url, {"active": "no", "reason": "身体原因"})
    worker.refresh_from_db()
    assert not worker.is_active and worker.deactivation_reason == "身体原因"
    client.post(url, {"active": "yes"})
    worker.refresh_from_db()
    assert worker.is_active


def test_expiring_page_lists_own_certificates_within_30_days(
    client, provider_admin, provider
):
    today = timezone.localdate()
    soon = WorkerFactory(
        organization=provider, employee__name="快到期", health_certificate=False
    )
    HealthCertificateFactory(
        worker=soon,
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=7),
    )
    WorkerFactory(organization=provider, employee__name="还早呢")
    other = WorkerFactory(employee__name="别家快到期", health_certificate=False)
    HealthCertificateFactory(
        worker=other,
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=7),
    )
    client.force_login(provider_admin)

    content = client.get(reverse("workers_console:expiring")).content.decode()

    assert "快到期" in content
    assert "还早呢" not in content
    assert "别家快到期" not in content


def test_public_page_shows_surname_skills_rating_and_provider_only(client):
    worker = WorkerFactory(
        employee__name="欧阳春花",
        employee__birth_date=datetime.date(1978, 5, 1),
        years_experience=8,
        rating_count=12,
        rating_average="4.62",
    )
    anonymous = client

    response = anonymous.get(reverse("workers:worker_detail", kwargs={"pk": worker.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "欧阳阿姨" in content
    assert "4.62" in content and "12" in content
    assert worker.organization.name in content
    assert worker.skills.get().name in content
    assert "春花" not in content
    assert worker.employee.phone not in content
    assert "1978" not in content


def test_public_page_hides_inactive_workers(client):
    worker = WorkerFactory(is_active=False)

    response = client.get(reverse("workers:worker_detail", kwargs={"pk": worker.pk}))

    assert response.status_code == 404


def test_worker_created_in_the_console_gets_a_worker_login(
    client, provider_admin, provider
):
    client.force_login(provider_admin)
    client.post(
        reverse("workers_console:worker_create"),
        {
            "organization": provider.pk,
            "name": "郭芳",
            "phone": "13812345600",
            "service_mode": "day_time",
            "years_experience": "1",
        },
    )

    worker = WorkerProfile.objects.get()
    login = worker.employee.user
    assert login.phone == "13812345600" and login.is_active
    assert login.memberships.get().role == Role.WORKER
