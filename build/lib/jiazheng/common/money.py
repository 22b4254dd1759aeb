"""Amounts of money: Decimal yuan with two places, parsed strictly."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
# DecimalField(max_digits=12, decimal_places=2)
MAX_AMOUNT = Decimal("9999999999.99")
# Plain decimal notation only: "1e3" or "0x10" are typing mistakes here.
AMOUNT_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_amount(value, *, allow_negative=False, allow_zero=True):
    """Return ``value`` as a Decimal with exactly two places, or refuse it.

    Accepts Decimal, int and strings such as "12", "12.5", " 1,234.50 ", "¥8";
    refuses floats (they are not exact), non-numbers, NaN and infinity,
    negative amounts (unless allowed) and more than two decimal places.
    """
    if isinstance(value, bool | float):
        raise _invalid()
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        text = text.removeprefix("¥").removeprefix("￥").strip()
        if not AMOUNT_RE.match(text):
            raise _invalid()
        value = text
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise _invalid() from None
    if not amount.is_finite():
        raise _invalid()
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        raise ValidationError(_("金额最多保留两位小数。"), code="too_precise")
    if amount < 0 and not allow_negative:
        raise ValidationError(_("金额不能为负数。"), code="invalid_amount")
    if amount == 0 and not allow_zero:
        raise ValidationError(_("金额必须大于零。"), code="invalid_amount")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(_("金额过大。"), code="invalid_amount")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _invalid():
    return ValidationError(_("请输入有效的金额，例如 128.00。"), code="invalid_amount")


def format_yuan(amount):
    """Return "¥1,234.50" for Decimal("1234.5"); negatives as "-¥12.00"."""
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
