"""Head counts by age band, ethnicity and native place (requirement 4.3)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from jiazheng.hr.models import Employee
from jiazheng.hr.queries import employee_statistics, filter_employees
from jiazheng.hr.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


def _born(year, month=12, day=3, **fields):
    return EmployeeFactory(birth_date=datetime.date(year, month, day), **fields)


@freeze_time("2026-12-03")
def test_age_bands_count_birthdays_exactly():
    _born(2008)  # 18 today: first band
    _born(1997, 12, 4)  # 28, 29 tomorrow
    _born(1996)  # 30 today
    _born(1987, 12, 4)  # 38
    _born(1976)  # 50
    _born(1960)  # 66
    _born(2010)  # 16: no band
    EmployeeFactory(birth_date=None)

    stats = employee_statistics(Employee.objects.all())

    assert [b["count"] for b in stats["age_bands"]] == [2, 2, 0, 1, 1]
    assert stats["unknown_age"] == 1
    assert stats["other_age"] == 1
    assert stats["total"] == 8


def test_ethnicities_and_native_places_are_counted_most_first():
    for _ in range(3):
        EmployeeFactory(ethnicity="01", native_place="四川省")
    EmployeeFactory(ethnicity="08", native_place="广西壮族自治区")
    EmployeeFactory(ethnicity="", native_place="")

    stats = employee_statistics(Employee.objects.all())

    assert [(r["label"], r["count"]) for r in stats["ethnicities"]] == [
        ("汉族", 3),
        ("", 1),
        ("壮族", 1),
    ]
    assert stats["native_places"][0] == {"label": "四川省", "count": 3}


def test_statistics_take_the_same_few_queries_for_any_head_count():
    EmployeeFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        employee_statistics(Employee.objects.all())
    EmployeeFactory.create_batch(40, native_place="河南省")
    with CaptureQueriesContext(connection) as many:
        employee_statistics(Employee.objects.all())

    assert len(few) == len(many) == 3


@freeze_time("2026-12-03")
def test_the_age_filter_is_inclusive_at_both_ends():
    thirty = _born(1996)
    forty = _born(1986, 12, 4)  # 39 today
    _born(1985)  # 41

    found = filter_employees(Employee.objects.all(), age_min=30, age_max=40)

    assert set(found) == {thirty, forty}
