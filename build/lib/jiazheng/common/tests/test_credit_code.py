import pytest
from django.core.exceptions import ValidationError

from jiazheng.common.credit_code import (
    check_character,
    is_valid_credit_code,
    normalize_credit_code,
    validate_credit_code,
)

# Published codes of real organisations.
VALID_CODES = [
    "91350100M000100Y43",  # GB 32100-2015's own example
    "91110000802100433B",
    "91440300708461136T",
]


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_codes_are_valid(code):
    assert is_valid_credit_code(code)
    validate_credit_code(code)


def test_a_code_typed_with_spaces_and_lower_case_is_accepted_after_normalising():
    assert normalize_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert is_valid_credit_code("9135 0100 m000 100y43")


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000010Y43",  # two characters swapped
        "91350100M000100Y4",  # too short
        "91350100M000100Y433",  # too long
        "91350100M0001O0Y43",  # the letter O is not in the character set
        "B1350100M000100Y43",  # no such registration authority
        "97350100M000100Y43",  # authority 9 has no organisation type 7
        "",
    ],
)
def test_corrupted_codes_are_refused(code):
    assert not is_valid_credit_code(code)
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == "invalid_credit_code"


def test_every_single_character_typo_is_caught():
    code = VALID_CODES[0]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    for position in range(8, 17):
        for char in alphabet:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1 :]
                assert not is_valid_credit_code(typo), typo


def test_check_character_is_zero_when_the_weighted_sum_is_a_multiple_of_31():
    # "0" * 17 sums to 0, so the check character is 0 rather than 31.
    assert check_character("0" * 17) == "0"


def test_messages_are_in_chinese_and_name_the_problem():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
    assert "校验位" in error.value.messages[0]
