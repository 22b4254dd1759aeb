"""Change the centre's price rule: surcharges, cancellation and confirmation."""

import logging
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import CatalogChange, PricingRule
from jiazheng.catalog.queries import pricing_rule
from jiazheng.catalog.services.holidays import check_pricing_actor
from jiazheng.catalog.services.records import json_value
from jiazheng.catalog.services.rules import unknown_fields
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)

PERCENT_FIELDS = ("holiday_surcharge_percent", "weekend_surcharge_percent")
HOUR_FIELDS = ("cancellation_free_hours", "auto_confirm_hours")
RULE_FIELDS = PERCENT_FIELDS + HOUR_FIELDS
MAX_PERCENT = Decimal("300")
# A month; longer terms are typing mistakes rather than commercial choices.
MAX_HOURS = 720
MIN_HOURS = {"cancellation_free_hours": 0, "auto_confirm_hours": 1}
PRICING_RULE_CODE = "pricing-rule"


def clean_percent(value, field):
    if isinstance(value, (float, bool)):
        raise ServiceError(
            _("加价比例格式不正确。"), code="invalid_percent", field=field
        )
    try:
        percent = Decimal(str(value).strip()) if value is not None else None
    except (InvalidOperation, ValueError):
        percent = None
    if percent is None or not percent.is_finite():
        raise ServiceError(
            _("加价比例格式不正确。"), code="invalid_percent", field=field
        )
    if percent < 0 or percent > MAX_PERCENT:
        raise ServiceError(
            _("加价比例必须在0到300之间。"), code="percent_out_of_range", field=field
        )
    if percent != percent.quantize(Decimal("0.01")):
        raise ServiceError(
            _("加价比例最多保留两位小数。"), code="too_many_decimals", field=field
        )
    return percent.quantize(Decimal("0.01"))


def clean_hours(value, field):
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(_("小时数必须是整数。"), code="invalid_hours", field=field)
    low = MIN_HOURS[field]
    if not low <= value <= MAX_HOURS:
        raise ServiceError(
            _("小时数必须在%(low)s到%(high)s之间。") % {"low": low, "high": MAX_HOURS},
            code="hours_out_of_range",
            field=field,
        )
    return value


@transaction.atomic
def update_pricing_rule(*, actor, **fields):
    """Change the given fields of the price rule and record old and new values.

    Orders already priced keep their price; the rule applies from now on.
    """
    check_pricing_actor(actor)
    unknown_fields(fields, RULE_FIELDS)
    values = {
        name: (
            clean_percent(value, name)
            if name in PERCENT_FIELDS
            else clean_hours(value, name)
        )
        for name, value in fields.items()
    }
    pricing_rule()
    # Lock so that two administrators' edits are recorded against what each
    # really replaced.
    rule = PricingRule.objects.select_for_update().get(pk=PricingRule.SINGLETON_PK)

    changes = {}
    for name, new in values.items():
        old = getattr(rule, name)
        if old != new:
            changes[name] = (old, new)
            setattr(rule, name, new)
    if not changes:
        return rule
    rule.updated_by = actor
    rule.save()
    CatalogChange.objects.create(
        user=actor,
        object_kind=CatalogChange.Kind.PRICING_RULE,
        object_id=rule.pk,
        object_code=PRICING_RULE_CODE,
        action=CatalogChange.Action.UPDATE,
        changes={
            name: [json_value(old), json_value(new)]
            for name, (old, new) in changes.items()
        },
    )
    logger.info("pricing rule updated", extra={"fields": sorted(changes)})
    return rule
