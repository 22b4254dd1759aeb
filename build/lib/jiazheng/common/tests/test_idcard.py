import datetime

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from jiazheng.common.idcard import (
    Gender,
    birth_date_of,
    check_character,
    gender_of,
    mask_id_number,
    parse_id_number,
    region_code_of,
)

VALID = "11010519491231002X"  # the example number of GB 11643


def _code_of(value):
    with pytest.raises(ValidationError) as info:
        parse_id_number(value)
    return info.value.code


def test_valid_18_digit_number_is_returned_normalised():
    assert parse_id_number(" 11010519491231002x ") == VALID


def test_15_digit_number_is_upgraded_with_century_and_check_character():
    assert parse_id_number("110105491231002") == VALID


def test_another_valid_number_with_digit_check_character():
    assert parse_id_number("320102198511151644") == "320102198511151644"


def test_wrong_check_digit_is_refused():
    assert _code_of("110105194912310021") == "invalid_check_digit"


@pytest.mark.parametrize(
    "value", ["", "abc", "1101051949123100", "11010519491231002Y", "1101051949X231002X"]
)
def test_malformed_number_is_refused(value):
    assert _code_of(value) == "invalid_format"


@pytest.mark.parametrize("prefix", ["000000", "990105", "160105", "720105", "110000"])
def test_unknown_region_code_is_refused(prefix):
    first17 = prefix + "19491231002"
    assert _code_of(first17 + check_character(first17)) == "invalid_region"


@pytest.mark.parametrize("birth", ["19490230", "18991231", "19491331"])
def test_impossible_birth_date_is_refused(birth):
    first17 = "110105" + birth + "002"
    assert _code_of(first17 + check_character(first17)) == "invalid_birth_date"


@freeze_time("2026-01-01")
def test_birth_date_in_the_future_is_refused():
    first17 = "110105" + "20260102" + "002"
    assert _code_of(first17 + check_character(first17)) == "invalid_birth_date"


def test_messages_are_in_chinese():
    with pytest.raises(ValidationError) as info:
        parse_id_number("110105194912310021")
    assert "校验位" in info.value.messages[0]


def test_mask_keeps_region_and_last_four_digits():
    assert mask_id_number("110105194912311234") == "110105********1234"


def test_birth_date_and_gender_are_read_from_the_number():
    assert birth_date_of(VALID) == datetime.date(1949, 12, 31)
    # sequence 002: even, so a woman
    assert gender_of(VALID) == Gender.FEMALE
    first17 = "11010519491231001"
    assert gender_of(first17 + check_character(first17)) == Gender.MALE


def test_region_code_is_the_first_six_digits():
    assert region_code_of("110105491231002") == "110105"
