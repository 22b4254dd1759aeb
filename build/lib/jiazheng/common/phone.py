"""Mainland China mobile numbers: validation, normalisation and masking."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value):
    """Return the 11-digit number, without spaces, dashes or a +86 prefix."""
    digits = re.sub(r"[\s\-()]", "", str(value or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def is_mobile(value):
    return bool(MOBILE_RE.match(normalize_mobile(value)))


def validate_mobile(value):
    if not MOBILE_RE.match(str(value or "")):
        raise ValidationError(
            _("请输入有效的11位中国大陆手机号。"), code="invalid_phone"
        )


def mask_phone(value):
    """Return 138****5678 for 13812345678."""
    value = str(value or "")
    if len(value) != 11:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"
