from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jiazheng.common.money import format_yuan, parse_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", Decimal("12.00")),
        ("12.5", Decimal("12.50")),
        (" 1,234.50 ", Decimal("1234.50")),
        ("¥8", Decimal("8.00")),
        (Decimal("0.10"), Decimal("0.10")),
        (7, Decimal("7.00")),
        ("12.500", Decimal("12.50")),
    ],
)
def test_parse_amount_returns_two_place_decimals(value, expected):
    amount = parse_amount(value)

    assert amount == expected
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "",
        "  ",
        "NaN",
        "inf",
        "-Infinity",
        "1e",
        None,
        1.5,
        True,
        "1.2.3",
        "1e3",
        "0x10",
        "1 000",
    ],
)
def test_parse_amount_refuses_what_is_not_an_amount(value):
    with pytest.raises(ValidationError) as error:
        parse_amount(value)
    assert error.value.code == "invalid_amount"


def test_parse_amount_refuses_more_than_two_decimal_places():
    with pytest.raises(ValidationError) as error:
        parse_amount("0.001")
    assert error.value.code == "too_precise"


def test_parse_amount_refuses_negatives_unless_allowed():
    with pytest.raises(ValidationError) as error:
        parse_amount("-1")
    assert error.value.code == "invalid_amount"

    assert parse_amount("-1", allow_negative=True) == Decimal("-1.00")


def test_parse_amount_can_refuse_zero():
    with pytest.raises(ValidationError):
        parse_amount("0", allow_zero=False)


def test_parse_amount_refuses_what_a_money_column_cannot_hold():
    with pytest.raises(ValidationError):
        parse_amount("10000000000")


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_parse_amount_round_trips_any_two_place_amount(amount):
    assert parse_amount(str(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("0"), "¥0.00"),
        (Decimal("-12"), "-¥12.00"),
        (Decimal("1000000"), "¥1,000,000.00"),
    ],
)
def test_format_yuan_writes_yuan_with_thousands_separators(amount, text):
    assert format_yuan(amount) == text
