"""The State Council's holiday schedules as the chinesecalendar package has them.

Pure reads of the installed package, shared by the seeding migration and the
``sync_holidays`` command. The names are data stored in the table (as the
schedule announces them), not interface text, so they are not translated.
"""

from dataclasses import dataclass
from datetime import date

from chinese_calendar import constants

# The package spells some names short (清明, 端午, 中秋); the table uses the
# names the announcements and customers use.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


@dataclass(frozen=True)
class PackageDay:
    """One day of the package's schedule."""

    date: date
    name: str
    is_workday: bool


def chinese_name(value):
    """Return the Chinese name of a package holiday value (its English name)."""
    if value in NAMES:
        return NAMES[value]
    try:
        return constants.Holiday(value).chinese
    except ValueError:
        return str(value)


def package_years():
    """Return the years the package has a schedule for, ascending."""
    return sorted(
        {day.year for day in constants.holidays}
        | {day.year for day in constants.workdays}
    )


def package_days(years=None):
    """Return the package's days off and make-up working days, by date.

    ``years`` limits the result to those years; ``None`` means every year the
    package knows.
    """
    wanted = set(years) if years is not None else None
    days = [
        PackageDay(date=day, name=chinese_name(value), is_workday=False)
        for day, value in constants.holidays.items()
    ] + [
        PackageDay(date=day, name=chinese_name(value), is_workday=True)
        for day, value in constants.workdays.items()
    ]
    if wanted is not None:
        days = [day for day in days if day.date.year in wanted]
    return sorted(days, key=lambda day: day.date)
