import pytest
from django.core.exceptions import ValidationError

from jiazheng.common.phone import mask_phone, normalize_mobile, validate_mobile


def test_mask_phone_hides_the_middle_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_normalize_mobile_strips_country_prefix_and_separators():
    assert normalize_mobile("+86 138-1234-5678") == "13812345678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "abc", ""])
def test_validate_mobile_refuses_what_is_not_a_mainland_mobile(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)
