import io
from unittest import mock

import pytest
import requests

from jiazheng.notifications import delivery
from jiazheng.notifications.backends import SmsDeliveryError, aliyun
from jiazheng.notifications.backends.console import ConsoleBackend
from jiazheng.notifications.tests.factories import SmsMessageFactory

# Alibaba Cloud's published example of the RPC signature (ECS DescribeRegions
# with AccessKeySecret "testsecret"); the example spells the time parameter
# "TimeStamp".
DOCUMENTED_PARAMS = {
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "Format": "XML",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "SignatureVersion": "1.0",
    "TimeStamp": "2016-02-23T12:46:24Z",
    "Version": "2014-05-26",
}


def test_signature_matches_alibaba_clouds_documented_example():
    assert aliyun.string_to_sign(DOCUMENTED_PARAMS) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
        "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-"
        "a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26TimeStamp%3D2016-02-23T12"
        "%253A46%253A24Z%26Version%3D2014-05-26"
    )
    assert (
        aliyun.sign(DOCUMENTED_PARAMS, "testsecret") == "CT9X0VtwR86fNWSnsc6v8YGOjuE="
    )


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        ("a b", "a%20b"),
        ("a*b", "a%2Ab"),
        ("a~b", "a~b"),
        ("/", "%2F"),
        ("中", "%E4%B8%AD"),
    ],
)
def test_percent_encoding_follows_the_pop_rules(raw, encoded):
    assert aliyun.percent_encode(raw) == encoded


@pytest.fixture
def aliyun_settings(settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "key-id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "key-secret"
    settings.SMS_ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
    settings.SMS_ALIYUN_TEMPLATES = {"verification_code": "SMS_0001"}
    settings.SMS_SIGN_NAME = "家政服务中心"
    return settings


def _answer(payload, status=200):
    response = mock.Mock(status_code=status)
    response.json.return_value = payload
    return response


@pytest.mark.django_db
def test_aliyun_send_returns_the_biz_id_and_signs_the_request(aliyun_settings):
    session = mock.Mock()
    session.get.return_value = _answer(
        {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0"}
    )
    message = SmsMessageFactory(phone="13812345678", params={"code": "123456"})

    provider_id = aliyun.AliyunBackend(session=session).send(message)

    assert provider_id == "900619746936498440^0"
    url = session.get.call_args.args[0]
    params = session.get.call_args.kwargs["params"]
    assert url == "https://dysmsapi.aliyuncs.com/"
    assert params["Action"] == "SendSms"
    assert params["PhoneNumbers"] == "13812345678"
    assert params["TemplateCode"] == "SMS_0001"
    assert params["TemplateParam"] == '{"code":"123456"}'
    assert params["SignName"] == "家政服务中心"
    unsigned = {key: value for key, value in params.items() if key != "Signature"}
    assert params["Signature"] == aliyun.sign(unsigned, "key-secret")


@pytest.mark.django_db
def test_aliyun_records_an_error_code_as_a_failure(aliyun_settings):
    session = mock.Mock()
    session.get.return_value = _answer(
        {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控"}
    )
    message = SmsMessageFactory()

    with pytest.raises(SmsDeliveryError) as error:
        aliyun.AliyunBackend(session=session).send(message)

    assert "isv.BUSINESS_LIMIT_CONTROL" in str(error.value)
    assert error.value.permanent is False


@pytest.mark.django_db
def test_aliyun_refusing_the_number_is_permanent(aliyun_settings):
    session = mock.Mock()
    session.get.return_value = _answer(
        {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
    )

    with pytest.raises(SmsDeliveryError) as error:
        aliyun.AliyunBackend(session=session).send(SmsMessageFactory())

    assert error.value.permanent is True


@pytest.mark.django_db
def test_aliyun_network_errors_are_passing_failures(aliyun_settings):
    session = mock.Mock()
    session.get.side_effect = requests.ConnectionError("refused")

    with pytest.raises(SmsDeliveryError) as error:
        aliyun.AliyunBackend(session=session).send(SmsMessageFactory())

    assert error.value.permanent is False


@pytest.mark.django_db
def test_aliyun_without_a_template_code_gives_up(aliyun_settings):
    aliyun_settings.SMS_ALIYUN_TEMPLATES = {}
    session = mock.Mock()

    with pytest.raises(SmsDeliveryError) as error:
        aliyun.AliyunBackend(session=session).send(SmsMessageFactory())

    assert error.value.permanent is True
    session.get.assert_not_called()


@pytest.mark.django_db
def test_aliyun_delivery_stores_the_provider_id_on_the_message(aliyun_settings):
    message = SmsMessageFactory()
    with mock.patch.object(aliyun.requests.Session, "get") as get:
        get.return_value = _answer({"Code": "OK", "BizId": "biz-1"})
        delivery.deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == "sent"
    assert message.provider_message_id == "biz-1"


@pytest.mark.django_db
def test_console_backend_prints_the_message_and_logs_a_masked_number(caplog):
    stream = io.StringIO()
    message = SmsMessageFactory(phone="13812345678")

    with caplog.at_level("INFO"):
        ConsoleBackend(stream=stream).send(message)

    assert "13812345678" in stream.getvalue()
    assert message.body in stream.getvalue()
    assert "13812345678" not in caplog.text
    assert all(
        getattr(record, "phone", "138****5678") == "138****5678"
        for record in caplog.records
    )
