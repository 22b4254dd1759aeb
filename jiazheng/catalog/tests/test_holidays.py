"""The holiday table: seeded from chinesecalendar, kept by hand, read by pricing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.catalog import services
from jiazheng.catalog.models import CatalogChange, Holiday
from jiazheng.catalog.queries import (
    holiday_name,
    holidays_between,
    holidays_known_for,
    holidays_known_until,
    is_day_off,
    is_make_up_workday,
    is_statutory_holiday,
    pricing_rule,
    surcharge_percent,
)
from jiazheng.common.errors import NotAllowed, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_platform_staff(role=Role.PLATFORM_ADMIN)


def test_the_seeded_table_has_2026_spring_festival_and_national_day():
    assert Holiday.objects.get(date=date(2026, 2, 17)).name == "春节"
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    days_off_2026 = Holiday.objects.filter(date__year=2026, is_workday=False)
    assert days_off_2026.filter(name="春节").count() == 9  # 2月15日至23日
    assert days_off_2026.filter(name="国庆节").count() == 7
    assert Holiday.objects.filter(source=Holiday.Source.SEEDED).count() > 700


def test_the_seeded_table_has_the_make_up_workdays_of_2025_and_2026():
    # 2025-01-26 (Sunday) and 2026-02-14 (Saturday) were worked for 春节,
    # 2026-10-10 (Saturday) for 国庆节.
    for day, name in [
        (date(2025, 1, 26), "春节"),
        (date(2026, 2, 14), "春节"),
        (date(2026, 10, 10), "国庆节"),
    ]:
        holiday = Holiday.objects.get(date=day)
        assert (holiday.name, holiday.is_workday) == (name, True)
    assert holiday_name(date(2025, 10, 6)) == "中秋节"


def test_a_weekend_make_up_workday_is_not_a_day_off():
    saturday = date(2026, 2, 14)

    assert is_make_up_workday(saturday)
    assert not is_statutory_holiday(saturday)
    assert not is_day_off(saturday)


@pytest.mark.parametrize(
    ("day", "off"),
    [
        (date(2026, 10, 1), True),  # 国庆节, a Thursday
        (date(2026, 2, 15), True),  # a Sunday inside 春节
        (date(2026, 3, 7), True),  # an ordinary Saturday
        (date(2026, 3, 9), False),  # an ordinary Monday
        (date(2026, 9, 20), False),  # a Sunday worked for 国庆节
    ],
)
def test_is_day_off_counts_holidays_and_plain_weekends(day, off):
    assert is_day_off(day) is off


def test_holiday_name_is_none_on_an_ordinary_day():
    assert holiday_name(date(2026, 3, 9)) is None


@pytest.mark.parametrize(
    ("day", "percent"),
    [
        (date(2026, 10, 1), Decimal("50.00")),  # statutory day off
        (date(2026, 2, 15), Decimal("50.00")),  # weekend inside 春节: holiday rate
        (date(2026, 3, 7), Decimal("10.00")),  # ordinary Saturday: weekend rate
        (date(2026, 2, 14), Decimal("0.00")),  # make-up workday on a Saturday
        (date(2026, 3, 9), Decimal("0.00")),  # ordinary Monday
    ],
)
def test_surcharge_percent_follows_the_table_and_the_rule(day, percent):
    services.update_pricing_rule(actor=None, weekend_surcharge_percent="10")

    assert surcharge_percent(day) == percent


def test_surcharge_percent_uses_the_rule_it_is_given():
    rule = pricing_rule()
    rule.holiday_surcharge_percent = Decimal("200.00")

    assert surcharge_percent(date(2026, 10, 1), rule=rule) == Decimal("200.00")


def test_the_table_is_known_until_2026_and_later_years_count_only_weekends():
    assert holidays_known_until() == 2026
    assert holidays_known_for(date(2026, 5, 1))
    assert not holidays_known_for(date(2027, 10, 1))
    # 2027-10-01 is a Friday: without next year's schedule it is a working day.
    assert not is_day_off(date(2027, 10, 1))
    assert surcharge_percent(date(2027, 10, 1)) == Decimal("0.00")


def test_holidays_between_returns_the_rows_of_a_range_by_date():
    days = holidays_between(date(2026, 9, 20), date(2026, 10, 10))

    assert sorted(days) == [
        date(2026, 9, 20),
        date(2026, 9, 25),
        date(2026, 9, 26),
        date(2026, 9, 27),
        *[date(2026, 10, d) for d in range(1, 8)],
        date(2026, 10, 10),
    ]
    assert days[date(2026, 9, 20)].is_workday


def test_sync_twice_changes_nothing_the_second_time():
    before = Holiday.objects.count()

    first = services.sync_holidays()
    second = services.sync_holidays()

    assert (first.created, first.updated) == (0, 0)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == before
    assert Holiday.objects.count() == before
    assert not CatalogChange.objects.exists()


def test_sync_restores_a_missing_year_and_records_what_it_added():
    Holiday.objects.filter(date__year=2026).delete()

    result = services.sync_holidays(years=[2026])

    assert result.created == 39
    assert Holiday.objects.get(date=date(2026, 2, 17)).source == "seeded"
    assert (
        CatalogChange.objects.filter(
            object_kind=CatalogChange.Kind.HOLIDAY, action="create", user=None
        ).count()
        == 39
    )


def test_sync_keeps_days_edited_or_deleted_by_hand(admin):
    # given: an administrator renamed one seeded day, turned another into a
    # working day, deleted a third, and a seeded row went stale
    renamed = Holiday.objects.get(date=date(2026, 10, 1))
    services.update_holiday(actor=admin, holiday=renamed, name="国庆节（中心值班）")
    worked = Holiday.objects.get(date=date(2026, 10, 7))
    services.update_holiday(actor=admin, holiday=worked, is_workday=True)
    services.delete_holiday(
        actor=admin, holiday=Holiday.objects.get(date=date(2026, 10, 6))
    )
    Holiday.objects.filter(date=date(2026, 10, 5)).update(name="旧名称")

    # when
    result = services.sync_holidays(years=[2026])

    # then
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节（中心值班）"
    assert Holiday.objects.get(date=date(2026, 10, 7)).is_workday
    assert not Holiday.objects.filter(date=date(2026, 10, 6)).exists()
    assert Holiday.objects.get(date=date(2026, 10, 5)).name == "国庆节"
    assert (result.kept_manual, result.kept_deleted, result.updated) == (2, 1, 1)


def test_sync_of_a_year_the_package_lacks_is_refused():
    with pytest.raises(ServiceError) as error:
        services.sync_holidays(years=[2027])

    assert error.value.code == "year_not_in_package"
    assert "2027" in str(error.value.message)


def test_the_command_syncs_and_reports_what_it_did():
    Holiday.objects.filter(date__year=2025).delete()
    out = StringIO()

    call_command("sync_holidays", "--year", "2025", stdout=out, stderr=StringIO())

    assert "2025–2025: 33 added" in out.getvalue()
    assert Holiday.objects.filter(date__year=2025).count() == 33


def test_the_command_explains_a_year_the_package_lacks():
    with pytest.raises(CommandError, match="2027"):
        call_command("sync_holidays", "--year", "2027", stderr=StringIO())


def test_an_administrator_adds_next_years_day_by_hand(admin):
    holiday = services.create_holiday(
        actor=admin, date=date(2027, 2, 6), name="春节", is_workday=False
    )

    assert holiday.source == Holiday.Source.MANUAL
    assert holiday.updated_by == admin
    assert is_day_off(date(2027, 2, 6))
    assert holidays_known_until() == 2027
    change = CatalogChange.objects.get(object_code="2027-02-06")
    assert change.changes["name"] == [None, "春节"]


def test_a_duplicate_date_is_refused_and_nothing_saved(admin):
    with pytest.raises(ServiceError) as error:
        services.create_holiday(actor=admin, date=date(2026, 10, 1), name="重复")

    assert error.value.field == "date"
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    assert not CatalogChange.objects.exists()


def test_an_editor_may_not_change_the_holiday_table():
    editor = make_platform_staff(role=Role.EDITOR)

    with pytest.raises(NotAllowed):
        services.create_holiday(actor=editor, date=date(2027, 1, 1), name="元旦")

    assert not Holiday.objects.filter(date=date(2027, 1, 1)).exists()
