"""Resident identity card numbers of mainland China (GB 11643).

An 18-digit number reads: six digits of region (GB/T 2260), eight of birth
date, three of sequence (odd for men, even for women) and one check
character (ISO 7064 MOD 11-2). The first generation of cards carried 15
digits: a two-digit year and no check character.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900

_RE_18 = re.compile(r"^\d{17}[\dX]$")
_RE_15 = re.compile(r"^\d{15}$")


def check_character(first17):
    """Return the check character for the first 17 digits."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)
    )
    return CHECK_CHARACTERS[total % 11]


def _birth_date(number18):
    try:
        return datetime.date(
            int(number18[6:10]), int(number18[10:12]), int(number18[12:14])
        )
    except ValueError:
        return None


def parse_id_number(value):
    """Return the normalised 18-digit number, or raise ``ValidationError``.

    Spaces are dropped, a trailing ``x`` is upper-cased, and a 15-digit
    number is upgraded to 18 digits (century 19, check character computed).
    """
    number = re.sub(r"\s", "", str(value or "")).upper()
    if _RE_15.match(number):
        number = number[:6] + "19" + number[6:]
        number += check_character(number)
    elif not _RE_18.match(number):
        raise ValidationError(
            _("身份证号码格式不正确，应为18位（末位可为X）或15位数字。"),
            code="invalid_format",
        )

    if number[:2] not in PROVINCE_CODES or number[2:6] == "0000":
        raise ValidationError(_("身份证号码的地区码无效。"), code="invalid_region")

    birth = _birth_date(number)
    today = timezone.localdate()
    if birth is None or birth.year < EARLIEST_BIRTH_YEAR or birth > today:
        raise ValidationError(
            _("身份证号码中的出生日期无效。"), code="invalid_birth_date"
        )

    if number[17] != check_character(number[:17]):
        raise ValidationError(
            _("身份证号码校验位不正确，请核对后重新输入。"),
            code="invalid_check_digit",
        )
    return number


def validate_id_number(value):
    """Validator form of ``parse_id_number`` for model and form fields."""
    parse_id_number(value)


def mask_id_number(value):
    """Return ``110105********1234``: region and last four digits only."""
    value = str(value or "")
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def birth_date_of(value):
    """Return the birth date of a valid number (15 or 18 digits)."""
    return _birth_date(parse_id_number(value))


class Gender:
    MALE = "male"
    FEMALE = "female"


def gender_of(value):
    """Return ``Gender.MALE`` or ``Gender.FEMALE`` from the sequence digit."""
    return Gender.MALE if int(parse_id_number(value)[16]) % 2 else Gender.FEMALE


def region_code_of(value):
    """Return the six-digit region code of a valid number."""
    return parse_id_number(value)[:6]
