"""The price of an order: unit price × quantity, plus the holiday surcharge.

The unit price is the provider's published fee standard for the item; when
the platform chooses the provider it is the midpoint of the item's guidance
range (the customer is quoted a fair middle, not the top of the range). The
quantity follows the item's unit: hours of the slot for hourly items, one
for a visit, days for daily items, months (30 days, rounded up) for monthly
items, and the area given at booking for per-square-metre items.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.catalog.models import Unit
from jiazheng.catalog.queries import surcharge_percent
from jiazheng.common.errors import ServiceError
from jiazheng.providers.models import ProviderServiceItem

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
DAY_SECONDS = 24 * 60 * 60
MONTH_DAYS = 30
AREA_MAX = Decimal("2000")


def unit_price(*, item, organization):
    """Return the price of one unit of ``item`` from ``organization``."""
    if organization is None:
        midpoint = (item.guidance_price_min + item.guidance_price_max) / 2
        return midpoint.quantize(CENT, rounding=ROUND_HALF_UP)
    fee = ProviderServiceItem.objects.filter(
        organization=organization, item=item, is_published=True
    ).first()
    if fee is None:
        raise ServiceError(
            _("%(provider)s 没有发布“%(item)s”的收费标准，请选择其他企业或由平台安排。")
            % {"provider": organization.name, "item": item.name},
            code="no_fee_standard",
            field="organization",
        )
    return fee.price


def quantity_for(*, item, starts_at, ends_at, area=None):
    """Return how many units the slot (or the area) makes."""
    seconds = Decimal((ends_at - starts_at).total_seconds())
    if item.unit == Unit.HOUR:
        return (seconds / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)
    if item.unit == Unit.VISIT:
        return Decimal("1")
    if item.unit == Unit.DAY:
        return Decimal(max(1, math.ceil(seconds / DAY_SECONDS)))
    if item.unit == Unit.MONTH:
        days = math.ceil(seconds / DAY_SECONDS)
        return Decimal(max(1, math.ceil(days / MONTH_DAYS)))
    return clean_area(area)


def clean_area(area):
    try:
        value = Decimal(str(area)).quantize(CENT)
    except (ArithmeticError, ValueError, TypeError):
        value = None
    if value is None or not Decimal("1") <= value <= AREA_MAX:
        raise ServiceError(
            _("按平方米计价的项目请填写 1 到 2000 之间的服务面积。"),
            code="invalid_area",
            field="area",
        )
    return value


def price_order(*, item, organization, starts_at, ends_at, area=None):
    """Return (unit_price, quantity, surcharge_percent, amount) for a slot."""
    price = unit_price(item=item, organization=organization)
    quantity = quantity_for(item=item, starts_at=starts_at, ends_at=ends_at, area=area)
    percent = surcharge_percent(timezone.localtime(starts_at).date())
    amount = price * quantity * (HUNDRED + percent) / HUNDRED
    return price, quantity, percent, amount.quantize(CENT, rounding=ROUND_HALF_UP)
