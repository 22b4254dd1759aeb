import pytest
from django.db import transaction

from jiazheng.common.errors import ServiceError
from jiazheng.notifications.backends import locmem
from jiazheng.notifications.models import SmsMessage
from jiazheng.notifications.services import send_sms

pytestmark = pytest.mark.django_db


def test_send_sms_writes_the_outbox_row_and_delivers_after_commit(
    django_capture_on_commit_callbacks, settings
):
    settings.SMS_SIGN_NAME = "家政服务中心"

    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms("138 1234 5678", "verification_code", code="246810")
        # given the transaction is still open, nothing has been sent yet
        assert locmem.outbox == []

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.phone == "13812345678"
    # the outbox keeps the text without the code once it is delivered
    assert message.body == "【家政服务中心】您的验证码是******，5分钟内有效。"
    assert message.provider_message_id.startswith("locmem-")
    assert message.attempts == 1
    assert message.sent_at is not None
    assert [(sms.phone, sms.body) for sms in locmem.outbox] == [
        ("13812345678", "【家政服务中心】您的验证码是246810，5分钟内有效。")
    ]


def test_send_sms_sends_nothing_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_sms("13812345678", "verification_code", code="111111")
                raise RuntimeError("the surrounding operation failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert locmem.outbox == []
    assert not SmsMessage.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "28812345678", "", "1381234567x"])
def test_send_sms_refuses_a_number_that_is_not_a_mainland_mobile(phone):
    with pytest.raises(ServiceError) as error:
        send_sms(phone, "verification_code", code="123456")

    assert error.value.code == "invalid_phone"
    assert error.value.field == "phone"
    assert not SmsMessage.objects.exists()


def test_send_sms_stores_parameters_as_strings_for_the_provider():
    message = send_sms("13812345678", "verification_code", code=123456)

    assert message.params == {"code": "123456"}


def test_send_sms_refuses_a_template_with_a_missing_parameter():
    with pytest.raises(KeyError):
        send_sms("13812345678", "verification_code")

    assert not SmsMessage.objects.exists()


def test_send_sms_refuses_an_unknown_template():
    with pytest.raises(LookupError):
        send_sms("13812345678", "no_such_template", code="1")


def test_a_failed_delivery_does_not_break_the_callers_request(
    django_capture_on_commit_callbacks, flaky_backend
):
    flaky_backend.failures = 1

    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms("13812345678", "verification_code", code="123456")

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.last_error == "provider unavailable"
    assert message.next_attempt_at is not None
