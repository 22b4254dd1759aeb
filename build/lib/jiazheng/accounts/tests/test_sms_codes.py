from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.accounts.models import SmsCode, SmsCodePurpose
from jiazheng.accounts.services import request_code, verify_code
from jiazheng.accounts.services.sms_codes import MAX_ATTEMPTS
from jiazheng.accounts.tests.conftest import last_code
from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.common.errors import ServiceError
from jiazheng.notifications.models import SmsMessage

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def _error(callable_, **kwargs):
    with pytest.raises(ServiceError) as info:
        callable_(**kwargs)
    return info.value


def test_signup_code_is_sent_as_six_digits_and_stored_only_hashed():
    sent = request_code(phone=PHONE, purpose="signup", ip_address="10.0.0.1")

    code = last_code(PHONE)
    assert len(code) == 6 and code.isdigit()
    row = SmsCode.objects.get(phone=PHONE)
    assert code not in row.code_hash
    assert row.ip_address == "10.0.0.1"
    assert row.expires_at - row.created_at == timedelta(minutes=5)
    assert sent.resend_after == 60


def test_right_code_verifies_once():
    request_code(phone=PHONE, purpose="signup")
    code = last_code(PHONE)

    verify_code(phone=PHONE, purpose="signup", code=code)

    assert _error(verify_code, phone=PHONE, purpose="signup", code=code).code == (
        "code_invalid"
    )


def test_wrong_code_is_refused_and_counted():
    request_code(phone=PHONE, purpose="signup")
    assert _error(verify_code, phone=PHONE, purpose="signup", code="000000").code in (
        "code_invalid",
    )
    assert SmsCode.objects.get().attempts == 1


def test_code_for_another_purpose_is_refused():
    request_code(phone=PHONE, purpose="signup")
    code = last_code(PHONE)
    error = _error(verify_code, phone=PHONE, purpose="login", code=code)
    assert error.code == "code_invalid"


def test_expired_code_is_refused():
    with freeze_time("2026-03-01 10:00:00"):
        request_code(phone=PHONE, purpose="signup")
    code = last_code(PHONE)
    with freeze_time("2026-03-01 10:05:01"):
        error = _error(verify_code, phone=PHONE, purpose="signup", code=code)
    assert error.code == "code_expired"


def test_sixth_try_is_refused_even_with_the_right_code():
    request_code(phone=PHONE, purpose="signup")
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(MAX_ATTEMPTS):
        _error(verify_code, phone=PHONE, purpose="signup", code=wrong)

    error = _error(verify_code, phone=PHONE, purpose="signup", code=code)

    assert error.code == "code_attempts_exceeded"


def test_fifth_try_with_the_right_code_still_works():
    request_code(phone=PHONE, purpose="signup")
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(MAX_ATTEMPTS - 1):
        _error(verify_code, phone=PHONE, purpose="signup", code=wrong)
    verify_code(phone=PHONE, purpose="signup", code=code)


def test_second_code_within_a_minute_is_refused_with_seconds_left():
    with freeze_time("2026-03-01 10:00:00"):
        request_code(phone=PHONE, purpose="signup")
    with freeze_time("2026-03-01 10:00:20"):
        error = _error(request_code, phone=PHONE, purpose="signup")
    assert error.code == "sms_code_too_frequent"
    assert "40" in str(error.message)
    assert SmsCode.objects.count() == 1


def test_new_code_after_a_minute_replaces_the_old_one():
    with freeze_time("2026-03-01 10:00:00"):
        request_code(phone=PHONE, purpose="signup")
        first = last_code(PHONE)
    with freeze_time("2026-03-01 10:01:01"):
        request_code(phone=PHONE, purpose="signup")
        second = last_code(PHONE)
        if first != second:
            error = _error(verify_code, phone=PHONE, purpose="signup", code=first)
            assert error.code == "code_invalid"
        verify_code(phone=PHONE, purpose="signup", code=second)


def test_daily_limit_per_number(settings):
    settings.SMS_CODE_DAILY_LIMIT_PER_PHONE = 2
    for minute in range(2):
        with freeze_time(f"2026-03-01 10:0{minute * 2}:00"):
            request_code(phone=PHONE, purpose="signup")
    with freeze_time("2026-03-01 10:10:00"):
        error = _error(request_code, phone=PHONE, purpose="signup")
    assert error.code == "sms_code_daily_limit"
    # The next day the number may ask again.
    with freeze_time("2026-03-02 08:00:00"):
        request_code(phone=PHONE, purpose="signup")


def test_daily_limit_per_address(settings):
    settings.SMS_CODE_DAILY_LIMIT_PER_IP = 2
    with freeze_time("2026-03-01 10:00:00"):
        request_code(phone="13900000001", purpose="signup", ip_address="10.1.1.1")
        request_code(phone="13900000002", purpose="signup", ip_address="10.1.1.1")
        error = _error(
            request_code, phone="13900000003", purpose="signup", ip_address="10.1.1.1"
        )
        request_code(phone="13900000003", purpose="signup", ip_address="10.1.1.2")
    assert error.code == "sms_code_daily_limit_ip"


def test_signup_code_for_a_registered_number_is_refused():
    UserFactory(phone=PHONE)
    error = _error(request_code, phone=PHONE, purpose="signup")
    assert error.code == "phone_registered"
    assert str(error.message) == "该手机号已注册"
    assert not SmsCode.objects.exists()


@pytest.mark.parametrize("purpose", ["login", "reset_password"])
def test_unknown_number_gets_the_same_answer_but_no_sms(purpose):
    UserFactory(phone="13911112222")
    known = request_code(phone="13911112222", purpose=purpose)

    unknown = request_code(phone=PHONE, purpose=purpose)

    assert unknown == known
    assert not SmsMessage.objects.filter(phone=PHONE).exists()
    assert SmsMessage.objects.filter(phone="13911112222").exists()
    # The limits apply to the unknown number all the same.
    assert _error(request_code, phone=PHONE, purpose=purpose).code == (
        "sms_code_too_frequent"
    )


def test_invalid_number_is_refused():
    assert _error(request_code, phone="12345", purpose="signup").code == "invalid_phone"


def test_code_expiry_is_measured_from_sending():
    request_code(phone=PHONE, purpose=SmsCodePurpose.SIGNUP)
    row = SmsCode.objects.get()
    assert row.expires_at > timezone.now() + timedelta(minutes=4)
