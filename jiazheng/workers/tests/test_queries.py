"""Who can be dispatched, and when a worker is free."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.hr.models import Employee
from jiazheng.workers.models import WeeklyAvailability
from jiazheng.workers.queries import (
    HealthStatus,
    available_workers,
    dispatchable_workers,
    distance_km,
    expiring_health_certificates,
    filter_health_status,
    health_status,
    is_available,
    with_health_expiry,
)
from jiazheng.workers.tests.factories import (
    BareWorkerFactory,
    HealthCertificateFactory,
    LeaveFactory,
    WorkerFactory,
    district,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC
TODAY = datetime.date(2026, 12, 3)  # a Thursday


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def worker_with_week(windows):
    worker = WorkerFactory(week=False)
    WeeklyAvailability.objects.bulk_create(
        WeeklyAvailability(worker=worker, weekday=d, start_time=s, end_time=e)
        for d, s, e in windows
    )
    return worker


def t(hour, minute=0):
    return datetime.time(hour, minute)


def test_worker_with_expired_health_certificate_is_not_dispatchable():
    # given
    expired = BareWorkerFactory()
    HealthCertificateFactory(
        worker=expired,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )
    valid = WorkerFactory()
    HealthCertificateFactory(worker=valid, issued_on=TODAY, expires_on=TODAY)

    # when
    workers = set(dispatchable_workers(on_date=TODAY))

    # then
    assert valid in workers
    assert expired not in workers


def test_certificate_valid_today_but_expired_by_the_slot_date_stops_dispatch():
    worker = BareWorkerFactory()
    HealthCertificateFactory(
        worker=worker, issued_on=TODAY, expires_on=TODAY + datetime.timedelta(days=2)
    )

    assert worker in dispatchable_workers(on_date=TODAY + datetime.timedelta(days=2))
    assert worker not in dispatchable_workers(
        on_date=TODAY + datetime.timedelta(days=3)
    )


def test_worker_without_health_certificate_is_not_dispatchable():
    worker = WorkerFactory(health_certificate=False)

    assert worker not in dispatchable_workers(on_date=TODAY)


def test_inactive_or_departed_workers_are_not_dispatchable():
    stopped = WorkerFactory(is_active=False)
    departed = WorkerFactory()
    Employee.objects.filter(pk=departed.employee_id).update(status=Employee.Status.LEFT)

    workers = set(dispatchable_workers())

    assert stopped not in workers
    assert departed not in workers


def test_dispatchable_workers_filter_by_skill_district_and_organization():
    cleaning, cooking = ServiceItemFactory(), ServiceItemFactory()
    chaoyang, haidian = district(), district("110108", "海淀区")
    cleaner = WorkerFactory(skills=[cleaning, cooking], districts=[chaoyang])
    cook = WorkerFactory(skills=[cooking], districts=[chaoyang, haidian])

    assert list(dispatchable_workers(item=cleaning)) == [cleaner]
    assert set(dispatchable_workers(item=cooking.pk)) == {cleaner, cook}
    assert list(dispatchable_workers(item=cooking, district=haidian)) == [cook]
    assert list(dispatchable_workers(organization=cook.organization)) == [cook]


def test_available_inside_the_weekly_window_in_local_time():
    worker = WorkerFactory()  # every day 08:00–18:00

    assert is_available(worker, local(2026, 12, 3, 9), local(2026, 12, 3, 12))
    assert is_available(worker, local(2026, 12, 3, 8), local(2026, 12, 3, 18))
    assert not is_available(worker, local(2026, 12, 3, 7, 30), local(2026, 12, 3, 9))
    assert not is_available(worker, local(2026, 12, 3, 17), local(2026, 12, 3, 19))


def test_slot_given_in_utc_is_read_in_shanghai_time():
    worker = WorkerFactory()

    # 01:00–03:00 UTC is 09:00–11:00 in Shanghai: inside 08–18.
    start = datetime.datetime(2026, 12, 3, 1, tzinfo=UTC)
    assert is_available(worker, start, start + datetime.timedelta(hours=2))
    # 12:00 UTC is 20:00 in Shanghai: outside.
    evening = datetime.datetime(2026, 12, 3, 12, tzinfo=UTC)
    assert not is_available(worker, evening, evening + datetime.timedelta(hours=1))


def test_naive_times_are_read_as_local_time():
    worker = WorkerFactory()

    assert is_available(
        worker,
        datetime.datetime(2026, 12, 3, 9),
        datetime.datetime(2026, 12, 3, 10),
    )


def test_night_shift_across_midnight_needs_both_days_windows():
    # Thursday 20:00–midnight and Friday 00:00–06:00.
    worker = worker_with_week([(3, t(20), t(0)), (4, t(0), t(6))])

    assert is_available(worker, local(2026, 12, 3, 22), local(2026, 12, 4, 2))
    # Wednesday night into Thursday: Wednesday has no window.
    assert not is_available(worker, local(2026, 12, 2, 22), local(2026, 12, 3, 2))
    # Runs past Friday 06:00.
    assert not is_available(worker, local(2026, 12, 3, 22), local(2026, 12, 4, 7))


def test_adjacent_windows_of_one_day_join():
    worker = worker_with_week([(3, t(8), t(12)), (3, t(12), t(18))])

    assert is_available(worker, local(2026, 12, 3, 10), local(2026, 12, 3, 14))


def test_gap_between_windows_is_not_available():
    worker = worker_with_week([(3, t(8), t(12)), (3, t(13), t(18))])

    assert not is_available(worker, local(2026, 12, 3, 11), local(2026, 12, 3, 14))


def test_day_without_windows_is_not_available():
    worker = worker_with_week([(0, t(8), t(18))])  # Mondays only

    assert not is_available(worker, local(2026, 12, 3, 9), local(2026, 12, 3, 10))
    assert is_available(worker, local(2026, 12, 7, 9), local(2026, 12, 7, 10))


def test_reversed_or_empty_slot_is_never_available():
    worker = WorkerFactory()

    assert not is_available(worker, local(2026, 12, 3, 10), local(2026, 12, 3, 9))
    assert not is_available(worker, local(2026, 12, 3, 10), local(2026, 12, 3, 10))


def test_leave_overlapping_the_slot_makes_the_worker_unavailable():
    worker = WorkerFactory()
    LeaveFactory(
        worker=worker, starts_at=local(2026, 12, 3, 12), ends_at=local(2026, 12, 5)
    )

    assert is_available(worker, local(2026, 12, 3, 9), local(2026, 12, 3, 12))
    assert not is_available(worker, local(2026, 12, 3, 11), local(2026, 12, 3, 13))
    assert not is_available(worker, local(2026, 12, 4, 9), local(2026, 12, 4, 10))
    assert is_available(worker, local(2026, 12, 5, 9), local(2026, 12, 5, 10))


def test_leave_ending_at_local_midnight_given_in_utc():
    worker = WorkerFactory()
    # Until 2026-12-04 00:00 Shanghai, which is 2026-12-03 16:00 UTC.
    LeaveFactory(
        worker=worker,
        starts_at=datetime.datetime(2026, 12, 2, 16, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 12, 3, 16, tzinfo=UTC),
    )

    assert not is_available(worker, local(2026, 12, 3, 17), local(2026, 12, 3, 18))
    assert is_available(worker, local(2026, 12, 4, 8), local(2026, 12, 4, 9))


def test_cancelled_leave_does_not_block():
    worker = WorkerFactory()
    LeaveFactory(
        worker=worker,
        starts_at=local(2026, 12, 3),
        ends_at=local(2026, 12, 4),
        cancelled_at=local(2026, 12, 1),
    )

    assert is_available(worker, local(2026, 12, 3, 9), local(2026, 12, 3, 10))


def test_available_workers_checks_many_workers_with_few_queries(
    django_assert_max_num_queries,
):
    free = WorkerFactory()
    away = WorkerFactory()
    LeaveFactory(worker=away, starts_at=local(2026, 12, 3), ends_at=local(2026, 12, 4))
    night_only = worker_with_week([(3, t(20), t(0))])
    ids = [free.pk, away.pk, night_only.pk]
    workers = dispatchable_workers(on_date=TODAY).filter(pk__in=ids)

    with django_assert_max_num_queries(3):
        result = available_workers(
            workers, local(2026, 12, 3, 9), local(2026, 12, 3, 11)
        )

    assert result == [free]


def test_expiring_list_has_latest_certificates_within_30_days_and_expired_ones():
    # given
    soon = BareWorkerFactory()
    soon_cert = HealthCertificateFactory(
        worker=soon,
        issued_on=TODAY - datetime.timedelta(days=300),
        expires_on=TODAY + datetime.timedelta(days=10),
    )
    renewed = BareWorkerFactory()
    HealthCertificateFactory(
        worker=renewed,
        issued_on=TODAY - datetime.timedelta(days=300),
        expires_on=TODAY + datetime.timedelta(days=5),
    )
    HealthCertificateFactory(
        worker=renewed,
        issued_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=365),
    )
    lapsed = BareWorkerFactory()
    lapsed_cert = HealthCertificateFactory(
        worker=lapsed,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=2),
    )
    later = BareWorkerFactory()
    HealthCertificateFactory(
        worker=later,
        issued_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=31),
    )

    # when
    listed = list(expiring_health_certificates(today=TODAY))

    # then
    assert listed == [lapsed_cert, soon_cert]
    assert list(
        expiring_health_certificates(organization=soon.organization, today=TODAY)
    ) == [soon_cert]
    assert len(expiring_health_certificates(within_days=31, today=TODAY)) == 3


def test_health_status_filter_follows_the_latest_expiry():
    worker = BareWorkerFactory()
    HealthCertificateFactory(
        worker=worker,
        issued_on=TODAY - datetime.timedelta(days=300),
        expires_on=TODAY + datetime.timedelta(days=3),
    )
    missing = BareWorkerFactory()
    annotated = with_health_expiry(type(worker).objects.all())

    assert list(
        filter_health_status(annotated, HealthStatus.EXPIRING, today=TODAY)
    ) == [worker]
    assert list(filter_health_status(annotated, HealthStatus.MISSING, today=TODAY)) == [
        missing
    ]
    assert health_status(TODAY - datetime.timedelta(days=1), today=TODAY) == "expired"
    assert health_status(TODAY + datetime.timedelta(days=90), today=TODAY) == "valid"


def test_distance_between_tiananmen_and_the_bund_is_about_1070_km():
    km = distance_km(Decimal("39.908823"), Decimal("116.397470"), 31.240018, 121.490317)

    assert 1060 < km < 1075
    assert distance_km(39.9, 116.4, 39.9, 116.4) == 0
    assert distance_km(None, 116.4, 39.9, 116.4) is None
