"""The price rule: defaults, changes with their record, refused values."""

from decimal import Decimal

import pytest

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.catalog import services
from jiazheng.catalog.models import CatalogChange, PricingRule
from jiazheng.catalog.queries import pricing_rule, pricing_rule_changes
from jiazheng.common.errors import NotAllowed, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_platform_staff(role=Role.PLATFORM_ADMIN)


def test_the_rule_starts_with_the_centres_defaults():
    rule = pricing_rule()

    assert rule.holiday_surcharge_percent == Decimal("50.00")
    assert rule.weekend_surcharge_percent == Decimal("0.00")
    assert (rule.cancellation_free_hours, rule.auto_confirm_hours) == (24, 48)


def test_a_missing_rule_is_created_with_its_defaults():
    PricingRule.objects.all().delete()

    rule = pricing_rule()

    assert rule.pk == PricingRule.SINGLETON_PK
    assert rule.holiday_surcharge_percent == Decimal("50.00")
    assert PricingRule.objects.count() == 1


def test_an_administrator_changes_the_rule_and_the_change_is_recorded(admin):
    services.update_pricing_rule(
        actor=admin,
        holiday_surcharge_percent="100",
        cancellation_free_hours=12,
        auto_confirm_hours=48,
    )

    rule = pricing_rule()
    assert rule.holiday_surcharge_percent == Decimal("100.00")
    assert rule.cancellation_free_hours == 12
    assert rule.updated_by == admin
    [change] = pricing_rule_changes()
    assert change.user == admin
    assert change.changes == {
        "holiday_surcharge_percent": ["50.00", "100.00"],
        "cancellation_free_hours": [24, 12],
    }


def test_saving_the_same_values_records_nothing(admin):
    services.update_pricing_rule(actor=admin, holiday_surcharge_percent="50.00")

    assert not CatalogChange.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"holiday_surcharge_percent": "300.01"}, "percent_out_of_range"),
        ({"holiday_surcharge_percent": "-1"}, "percent_out_of_range"),
        ({"weekend_surcharge_percent": "12.345"}, "too_many_decimals"),
        ({"weekend_surcharge_percent": "abc"}, "invalid_percent"),
        ({"weekend_surcharge_percent": 12.5}, "invalid_percent"),
        ({"cancellation_free_hours": -1}, "hours_out_of_range"),
        ({"cancellation_free_hours": 721}, "hours_out_of_range"),
        ({"auto_confirm_hours": 0}, "hours_out_of_range"),
        ({"auto_confirm_hours": 721}, "hours_out_of_range"),
        ({"auto_confirm_hours": "两天"}, "invalid_hours"),
    ],
)
def test_out_of_range_values_are_refused_and_nothing_saved(admin, fields, code):
    with pytest.raises(ServiceError) as error:
        services.update_pricing_rule(
            actor=admin, **{"cancellation_free_hours": 6, **fields}
        )

    assert error.value.code == code
    assert error.value.field == next(iter(fields))
    assert pricing_rule().cancellation_free_hours == 24
    assert not CatalogChange.objects.exists()


def test_three_hundred_percent_is_the_highest_accepted(admin):
    services.update_pricing_rule(actor=admin, holiday_surcharge_percent="300")

    assert pricing_rule().holiday_surcharge_percent == Decimal("300.00")


@pytest.mark.parametrize("role", [Role.EDITOR, Role.DISPATCHER])
def test_only_an_administrator_changes_the_rule(role):
    with pytest.raises(NotAllowed):
        services.update_pricing_rule(
            actor=make_platform_staff(role=role), holiday_surcharge_percent="80"
        )

    assert pricing_rule().holiday_surcharge_percent == Decimal("50.00")


def test_an_unknown_field_is_refused(admin):
    with pytest.raises(ServiceError) as error:
        services.update_pricing_rule(actor=admin, updated_at=None)

    assert error.value.code == "unknown_fields"
