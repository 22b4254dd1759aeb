"""Seed the holiday table from the chinesecalendar package and the price rule.

Runs again safely: days already in the table are left as they are. Reversing
removes only the seeded days, so days kept by hand survive a round trip.
"""

from django.db import migrations

from jiazheng.catalog.holiday_calendar import package_days


def seed(apps, schema_editor):
    Holiday = apps.get_model("catalog", "Holiday")
    PricingRule = apps.get_model("catalog", "PricingRule")
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create(
        [
            Holiday(
                date=day.date,
                name=day.name,
                is_workday=day.is_workday,
                source="seeded",
            )
            for day in package_days()
            if day.date not in existing
        ],
        batch_size=500,
    )
    PricingRule.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    Holiday = apps.get_model("catalog", "Holiday")
    Holiday.objects.filter(source="seeded").delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_holiday_pricingrule")]

    operations = [migrations.RunPython(seed, unseed)]
