"""Taking workers on and keeping their records."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiazheng.accounts.models import Membership, Role, User
from jiazheng.accounts.tests.factories import (
    EnterpriseOrganizationFactory,
    UserFactory,
    make_provider_staff,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.hr.models import Employee
from jiazheng.workers.models import (
    Leave,
    WeeklyAvailability,
    WorkerChange,
    WorkerProfile,
)
from jiazheng.workers.queries import dispatchable_workers
from jiazheng.workers.services import (
    activate_worker,
    add_certificate,
    add_leave,
    cancel_leave,
    create_worker,
    deactivate_worker,
    record_background_check,
    record_health_certificate,
    record_rating,
    record_trial_work,
    set_weekly_availability,
    update_worker,
)
from jiazheng.workers.services.ratings import bayesian_average
from jiazheng.workers.tests.factories import (
    LeaveFactory,
    ProviderOrganizationFactory,
    WorkerFactory,
    district,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "Ayi-pass-2026!"


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_create_worker_makes_employee_profile_and_a_worker_login(provider_admin):
    # given
    provider = provider_admin.memberships.get().organization
    item = ServiceItemFactory()

    # when
    worker = create_worker(
        organization=provider,
        name="李秀英",
        phone="139 1234 5678",
        actor=provider_admin,
        skills=[item],
        districts=[district()],
        years_experience=6,
        gender=Employee.Gender.FEMALE,
        user_password=PASSWORD,
        home_latitude="39.908823",
        home_longitude=Decimal("116.397470"),
    )

    # then
    employee = worker.employee
    assert employee.is_worker and employee.organization == provider
    assert employee.phone == "13912345678"
    assert list(worker.skills.all()) == [item]
    assert worker.home_latitude == Decimal("39.908823")
    assert worker.public_name == "李阿姨"
    assert Membership.objects.filter(
        user=employee.user, organization=provider, role=Role.WORKER
    ).exists()
    assert employee.user.check_password(PASSWORD)
    assert worker.changes.get().action == WorkerChange.Action.CREATE


def test_create_worker_without_password_gives_a_login_for_sms_codes(provider_admin):
    provider = provider_admin.memberships.get().organization

    worker = create_worker(
        organization=provider, name="王强", phone="13912340000", actor=provider_admin
    )

    user = worker.employee.user
    assert user.phone == "13912340000" and user.is_active
    assert worker.public_name == "王阿姨"  # gender unknown: the common word


def test_create_worker_reuses_an_existing_account_of_that_phone(provider_admin):
    provider = provider_admin.memberships.get().organization
    member = UserFactory(phone="13700001111")

    worker = create_worker(
        organization=provider, name="赵敏", phone=member.phone, actor=provider_admin
    )

    assert worker.employee.user == member
    assert Membership.objects.filter(user=member, role=Role.WORKER).exists()


def test_create_worker_refuses_bad_input_and_writes_nothing(provider_admin):
    provider = provider_admin.memberships.get().organization
    cases = [
        ({"phone": "12345"}, "invalid_phone"),
        ({"name": " "}, "required"),
        ({"name": "<b>x</b>"}, "html_not_allowed"),
        ({"skills": [999999]}, "invalid_skill"),
        ({"districts": ["110000"]}, "invalid_district"),
        ({"years_experience": 99}, "invalid_years"),
        ({"home_latitude": "91"}, "invalid_coordinate"),
        ({"service_mode": "nights"}, "invalid_choice"),
        ({"user_password": "123"}, "password_invalid"),
    ]
    for change, code in cases:
        arguments = {
            "organization": provider,
            "name": "孙丽",
            "phone": "13812345670",
            "actor": provider_admin,
            **change,
        }
        with pytest.raises(ServiceError) as caught:
            create_worker(**arguments)
        assert caught.value.code == code, change

    assert not WorkerProfile.objects.exists()
    assert not Employee.objects.exists()
    assert not User.objects.filter(phone="13812345670").exists()


def test_create_worker_refuses_a_second_worker_with_the_same_phone(provider_admin):
    provider = provider_admin.memberships.get().organization
    create_worker(
        organization=provider, name="周芳", phone="13812345671", actor=provider_admin
    )

    with pytest.raises(ServiceError) as caught:
        create_worker(
            organization=provider,
            name="周芳",
            phone="13812345671",
            actor=provider_admin,
        )

    assert caught.value.code == "phone_taken"


def test_staff_of_another_provider_cannot_create_workers_here(provider):
    stranger = make_provider_staff(organization=ProviderOrganizationFactory())

    with pytest.raises(NotAllowed):
        create_worker(
            organization=provider, name="吴霞", phone="13812345672", actor=stranger
        )


def test_enterprise_organizations_have_no_workers(dispatcher):
    with pytest.raises(ServiceError) as caught:
        create_worker(
            organization=EnterpriseOrganizationFactory(),
            name="郑洁",
            phone="13812345673",
            actor=dispatcher,
        )

    assert caught.value.code == "invalid_organization"


def test_update_worker_changes_profile_and_name_and_keeps_a_change_row(
    provider_staff,
):
    worker = WorkerFactory(organization=provider_staff.memberships.get().organization)
    cooking = ServiceItemFactory()

    update_worker(
        worker=worker,
        actor=provider_staff,
        name="陈师傅",
        gender=Employee.Gender.MALE,
        skills=[cooking],
        years_experience=10,
        home_latitude=None,
    )

    worker.refresh_from_db()
    assert worker.employee.name == "陈师傅"
    assert worker.public_name == "陈师傅"
    assert list(worker.skills.all()) == [cooking]
    change = worker.changes.get(action=WorkerChange.Action.UPDATE)
    assert change.actor == provider_staff
    assert change.changes["years_experience"] == [3, 10]


def test_deactivated_worker_is_not_dispatchable_until_activated(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    deactivate_worker(worker=worker, actor=provider_admin, reason="回老家")
    assert worker not in dispatchable_workers()
    with pytest.raises(ServiceError):
        deactivate_worker(worker=worker, actor=provider_admin)

    activate_worker(worker=worker, actor=provider_admin)
    assert worker in dispatchable_workers()


def test_health_certificate_with_a_scan_is_stored_privately(provider_admin, settings):
    worker = WorkerFactory(
        organization=provider_admin.memberships.get().organization,
        health_certificate=False,
    )
    today = timezone.localdate()

    certificate = record_health_certificate(
        worker=worker,
        actor=provider_admin,
        number="JKZ-1",
        issued_on=today,
        expires_on=today + datetime.timedelta(days=365),
        scan=pdf_upload("张三健康证.pdf"),
    )

    assert certificate.scan.name.startswith("workers/health/")
    assert "张三" not in certificate.scan.name
    assert certificate.scan.storage.exists(certificate.scan.name)
    assert worker in dispatchable_workers()


def test_expired_health_certificate_is_kept_but_flagged_and_not_dispatchable(
    provider_admin,
):
    worker = WorkerFactory(
        organization=provider_admin.memberships.get().organization,
        health_certificate=False,
    )
    today = timezone.localdate()

    certificate = record_health_certificate(
        worker=worker,
        actor=provider_admin,
        number="JKZ-OLD",
        issued_on=today - datetime.timedelta(days=400),
        expires_on=today - datetime.timedelta(days=35),
    )

    assert certificate.is_expired
    assert worker not in dispatchable_workers()


def test_health_certificate_expiring_before_issue_is_refused(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    with pytest.raises(ServiceError) as caught:
        record_health_certificate(
            worker=worker,
            actor=provider_admin,
            number="JKZ-2",
            issued_on="2026-12-01",
            expires_on="2026-11-30",
        )

    assert caught.value.code == "expires_before_issue"
    assert caught.value.field == "expires_on"


def test_oversized_or_disguised_scans_are_refused(provider_admin, settings):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)
    settings.UPLOAD_MAX_BYTES = 1024
    not_a_pdf = SimpleUploadedFile("scan.pdf", b"just text", "application/pdf")

    for scan, code in [
        (pdf_upload(size=2048), "file_too_large"),
        (not_a_pdf, "file_type_not_allowed"),
    ]:
        with pytest.raises(ServiceError) as caught:
            add_certificate(
                worker=worker,
                actor=provider_admin,
                kind="childcare",
                number="YY-1",
                scan=scan,
            )
        assert caught.value.code == code
        assert caught.value.field == "scan"
    assert not worker.certificates.exists()


def test_certificate_background_check_and_trial_work_are_recorded(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)
    item = worker.skills.get()

    certificate = add_certificate(
        worker=worker,
        actor=provider_admin,
        kind="elderly_care",
        number="YL-88",
        expires_on="2020-01-01",
        scan=png_upload(),
    )
    check = record_background_check(
        worker=worker, actor=provider_admin, result="passed", checked_on="2026-11-01"
    )
    trial = record_trial_work(
        worker=worker,
        actor=provider_admin,
        result="failed",
        date=datetime.date(2026, 11, 2),
        item=item.pk,
        note="动作慢",
    )

    assert certificate.is_expired  # allowed, flagged
    assert certificate.scan.name.endswith(".png")
    assert check.recorded_by == provider_admin
    assert trial.item == item
    assert worker.changes.count() == 3


def test_record_with_a_bad_date_or_result_is_refused(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    with pytest.raises(ServiceError) as caught:
        record_background_check(
            worker=worker, actor=provider_admin, result="passed", checked_on="12/01"
        )
    assert caught.value.code == "invalid_date"
    with pytest.raises(ServiceError) as caught:
        record_trial_work(
            worker=worker, actor=provider_admin, result="ok", date="2026-12-01"
        )
    assert caught.value.code == "invalid_choice"


def test_set_weekly_availability_replaces_the_week(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    windows = set_weekly_availability(
        worker=worker,
        actor=provider_admin,
        windows=[
            {"weekday": 0, "start_time": "08:00", "end_time": "12:00"},
            {"weekday": 0, "start_time": "12:00", "end_time": "18:00"},
            (5, datetime.time(20), "24:00"),
        ],
    )

    assert len(windows) == 3
    assert WeeklyAvailability.objects.filter(worker=worker).count() == 3
    saturday = worker.availability.get(weekday=5)
    assert saturday.end_time == datetime.time(0, 0)


@pytest.mark.parametrize(
    "windows, code",
    [
        ([(0, "18:00", "08:00")], "end_before_start"),
        ([(0, "08:00", "08:00")], "end_before_start"),
        ([(0, "08:00", "12:00"), (0, "11:00", "14:00")], "windows_overlap"),
        ([(7, "08:00", "12:00")], "invalid_weekday"),
        ([(0, "8点", "12:00")], "invalid_time"),
    ],
)
def test_bad_weekly_availability_is_refused_and_the_old_week_stays(
    provider_admin, windows, code
):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    with pytest.raises(ServiceError) as caught:
        set_weekly_availability(worker=worker, actor=provider_admin, windows=windows)

    assert caught.value.code == code
    assert worker.availability.count() == 7


def test_leave_is_added_and_cancelled(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)
    start = timezone.now() + datetime.timedelta(days=2)

    leave = add_leave(
        worker=worker,
        actor=provider_admin,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=3),
        reason="探亲",
        kind=Leave.Kind.ANNUAL,
    )
    cancel_leave(leave=leave, actor=provider_admin)

    leave.refresh_from_db()
    assert leave.is_cancelled and leave.cancelled_by == provider_admin
    with pytest.raises(ServiceError) as caught:
        cancel_leave(leave=leave, actor=provider_admin)
    assert caught.value.code == "already_cancelled"


def test_naive_leave_times_are_local_time(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)

    leave = add_leave(
        worker=worker,
        actor=provider_admin,
        starts_at="2026-12-24T00:00",
        ends_at="2026-12-26T00:00",
    )

    assert leave.starts_at == local(2026, 12, 24)


def test_leave_ending_before_it_starts_or_overlapping_is_refused(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)
    LeaveFactory(
        worker=worker, starts_at=local(2026, 12, 20), ends_at=local(2026, 12, 22)
    )

    with pytest.raises(ServiceError) as caught:
        add_leave(
            worker=worker,
            actor=provider_admin,
            starts_at=local(2026, 12, 25),
            ends_at=local(2026, 12, 24),
        )
    assert caught.value.code == "end_before_start"
    with pytest.raises(ServiceError) as caught:
        add_leave(
            worker=worker,
            actor=provider_admin,
            starts_at=local(2026, 12, 21, 12),
            ends_at=local(2026, 12, 23),
        )
    assert caught.value.code == "leave_overlaps"
    assert worker.leaves.count() == 1


def test_a_leave_that_has_ended_cannot_be_cancelled(provider_admin):
    worker = WorkerFactory(organization=provider_admin.memberships.get().organization)
    past = LeaveFactory(
        worker=worker, starts_at=local(2025, 1, 1), ends_at=local(2025, 1, 2)
    )

    with pytest.raises(ServiceError) as caught:
        cancel_leave(leave=past, actor=provider_admin)

    assert caught.value.code == "leave_over"


def test_bayesian_average_starts_at_the_prior_and_moves_with_reviews():
    assert bayesian_average(total=0, count=0) == Decimal("4.00")
    assert bayesian_average(total=5, count=1) == Decimal("4.17")
    assert bayesian_average(total=1, count=1) == Decimal("3.50")
    assert bayesian_average(total=500, count=100) == Decimal("4.95")


def test_record_rating_keeps_count_total_and_average_in_step():
    worker = WorkerFactory()

    record_rating(worker=worker, stars=5)
    record_rating(worker=worker, stars=5)
    record_rating(worker=worker, stars=2)

    worker.refresh_from_db()
    assert worker.rating_count == 3
    assert worker.rating_total == 12
    # (4.00 × 5 + 12) / (5 + 3) = 4.00
    assert worker.rating_average == Decimal("4.00")


@pytest.mark.parametrize("stars", [0, 6, "5", 4.5, True, None])
def test_record_rating_refuses_anything_but_one_to_five_whole_stars(stars):
    worker = WorkerFactory()

    with pytest.raises(ServiceError) as caught:
        record_rating(worker=worker, stars=stars)

    assert caught.value.code == "invalid_stars"
    worker.refresh_from_db()
    assert worker.rating_count == 0
