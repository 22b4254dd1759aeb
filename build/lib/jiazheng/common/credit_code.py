"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

An 18-character code: registration authority (1), organisation type (1),
administrative region (6), organisation code (9) and a check character
computed over the first 17 with weights 3^i mod 31, modulus 31.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(CHARSET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Registration authority -> organisation types it issues (GB 32100-2015 and
# its later additions): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
# 7 宗教, 8 工会, 9 市场监管(工商), A 中央军委改革和编制办公室, N 农业, Y 其他.
ORGANIZATION_TYPES = {
    "1": "1239",
    "2": "19",
    "3": "123459",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "1239",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "1239",
    "Y": "1",
}

SHAPE_RE = re.compile(rf"^[{CHARSET}]{{18}}$")


def normalize_credit_code(value):
    """Return the code without surrounding or inner spaces, in capitals."""
    return re.sub(r"\s+", "", str(value or "")).upper()


def check_character(first17):
    """Return the check character for the first 17 characters of a code."""
    total = sum(
        VALUES[char] * weight
        for char, weight in zip(first17[:17], WEIGHTS, strict=True)
    )
    return CHARSET[(31 - total % 31) % 31]


def credit_code_error(code):
    """Return why ``code`` (already normalised) is invalid, or None."""
    if len(code) != 18:
        return _("统一社会信用代码应为18位。")
    if not SHAPE_RE.match(code):
        return _("统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）。")
    if code[1] not in ORGANIZATION_TYPES.get(code[0], ""):
        return _("统一社会信用代码的登记管理部门或机构类别代码无效。")
    if not code[2:8].isdigit():
        return _("统一社会信用代码的第3至8位应为行政区划代码。")
    if check_character(code[:17]) != code[17]:
        return _("统一社会信用代码校验位不正确，请核对后重新输入。")
    return None


def is_valid_credit_code(value):
    return credit_code_error(normalize_credit_code(value)) is None


def validate_credit_code(value):
    """Raise ValidationError (code "invalid_credit_code") for an invalid code.

    The value is normalised first, so validators on model fields that are
    saved normalised accept what a person typed with spaces or lower case.
    """
    error = credit_code_error(normalize_credit_code(value))
    if error is not None:
        raise ValidationError(error, code="invalid_credit_code")
