"""SMS bookings: the grammar, the signed webhook, replays and bad input."""

import datetime
import json
import time

import pytest
from django.urls import reverse
from freezegun import freeze_time
from rest_framework.test import APIClient

from jiazheng.bookings import sms_grammar
from jiazheng.bookings.api.sms import signature
from jiazheng.bookings.models import Booking, InboundSms, Order
from jiazheng.bookings.services import handle_inbound_sms
from jiazheng.bookings.tests.factories import (
    OrderFactory,
    served_provider,
    tomorrow_at,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.customers.models import Customer
from jiazheng.customers.tests.factories import CustomerFactory
from jiazheng.notifications.models import SmsMessage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)
SECRET = "test-secret-for-sms"


@pytest.mark.parametrize(
    ("text", "day", "start", "end"),
    [
        ("预约 家庭保洁 12月5日上午 朝阳区建国路8号", (2026, 12, 5), (9, 0), (12, 0)),
        ("预约 家庭保洁 明天 下午 朝阳区建国路8号", (2026, 12, 4), (14, 0), (17, 0)),
        (
            "预约家庭保洁 2027年1月3日9点-11点半 朝阳区建国路8号",
            (2027, 1, 3),
            (9, 0),
            (11, 30),
        ),
        (
            "预约 家庭保洁 1/3 14:00-16:00 朝阳区 建国路8号",
            (2027, 1, 3),
            (14, 0),
            (16, 0),
        ),
    ],
)
def test_the_grammar_reads_dates_slots_and_addresses(text, day, start, end):
    request = sms_grammar.parse(text, today=TODAY)

    assert request.item_name == "家庭保洁"
    assert request.day == datetime.date(*day)
    assert (request.start, request.end) == (datetime.time(*start), datetime.time(*end))
    assert request.address.startswith("朝阳区")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("预约 家庭保洁", "too_short"),
        ("预约 家庭保洁 13月40日上午 朝阳区建国路8号", "date"),
        ("预约 家庭保洁 12月5日 凌晨 朝阳区建国路8号", "slot"),
        ("预约 家庭保洁 12月5日 12点-9点 朝阳区建国路8号", "slot"),
        ("取消 12345", "order_number"),
        ("你好", "unknown_command"),
    ],
)
def test_broken_grammar_says_what_is_wrong(text, hint):
    with pytest.raises(sms_grammar.GrammarError) as exc:
        sms_grammar.parse(text, today=TODAY)
    assert exc.value.hint == hint


def test_cancel_and_help_parse():
    assert sms_grammar.parse("取消 dd202612050001", today=TODAY) == (
        sms_grammar.CancelRequest("DD202612050001")
    )
    assert isinstance(sms_grammar.parse("帮助", today=TODAY), sms_grammar.HelpRequest)


@pytest.fixture
def cleaning():
    item = ServiceItemFactory(name="家庭保洁")
    served_provider(item=item)
    return item


@freeze_time("2026-12-03 10:00:00+08:00")
def test_an_sms_from_a_new_number_books_and_replies_with_the_order_number(cleaning):
    sms = handle_inbound_sms(
        message_id="m1",
        phone="13912345678",
        text="预约 家庭保洁 12月5日上午 朝阳区建国路8号",
    )

    assert sms.outcome == InboundSms.Outcome.BOOKED
    booking = sms.booking
    assert booking.channel == Booking.Channel.SMS
    assert booking.item == cleaning
    assert booking.address.detail == "建国路8号"
    customer = Customer.objects.get(phone="13912345678")
    assert customer.source == Customer.Source.SMS
    assert booking.order.number in sms.reply_text
    reply = SmsMessage.objects.get(phone="13912345678")
    assert booking.order.number in reply.body


@freeze_time("2026-12-03 10:00:00+08:00")
def test_an_existing_customer_books_at_a_known_address_without_a_new_one(cleaning):
    first = handle_inbound_sms(
        message_id="a",
        phone="13912345678",
        text="预约 家庭保洁 12月5日上午 朝阳区建国路8号",
    )
    second = handle_inbound_sms(
        message_id="b",
        phone="13912345678",
        text="预约 家庭保洁 12月6日下午 朝阳区建国路8号",
    )

    assert second.outcome == InboundSms.Outcome.BOOKED
    assert first.booking.address == second.booking.address


@freeze_time("2026-12-03 10:00:00+08:00")
def test_bad_requests_get_an_explanation_and_leave_no_booking(cleaning):
    past = handle_inbound_sms(
        message_id="p",
        phone="13912345678",
        text="预约 家庭保洁 今天 上午 朝阳区建国路8号",
    )
    unknown = handle_inbound_sms(
        message_id="u",
        phone="13912345679",
        text="预约 擦月亮 12月5日上午 朝阳区建国路8号",
    )
    nowhere = handle_inbound_sms(
        message_id="n",
        phone="13912345670",
        text="预约 家庭保洁 12月5日上午 海淀区中关村1号",
    )
    broken = handle_inbound_sms(message_id="x", phone="13912345671", text="你好")

    assert past.outcome == InboundSms.Outcome.REJECTED and "过去" in past.reply_text
    assert unknown.outcome == InboundSms.Outcome.REJECTED
    assert "擦月亮" in unknown.reply_text
    assert nowhere.outcome == InboundSms.Outcome.REJECTED
    assert broken.outcome == InboundSms.Outcome.HELP
    assert "预约 家庭保洁" in broken.reply_text
    assert not Booking.objects.exists()
    assert not Customer.objects.exists()
    assert InboundSms.objects.count() == 4


@freeze_time("2026-12-03 10:00:00+08:00")
def test_a_customer_cancels_their_own_order_by_sms_but_not_anothers():
    customer = CustomerFactory(phone="13912345678")
    mine = OrderFactory(
        booking__customer=customer, booking__starts_at=tomorrow_at(9, days=3)
    )
    theirs = OrderFactory(booking__starts_at=tomorrow_at(9, days=3))

    refused = handle_inbound_sms(
        message_id="c1", phone="13912345678", text=f"取消 {theirs.number}"
    )
    done = handle_inbound_sms(
        message_id="c2", phone="13912345678", text=f"取消 {mine.number}"
    )

    assert refused.outcome == InboundSms.Outcome.REJECTED
    assert done.outcome == InboundSms.Outcome.CANCELLED
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Order.Status.CANCELLED
    assert theirs.status == Order.Status.SUBMITTED


@freeze_time("2026-12-03 10:00:00+08:00")
def test_a_late_sms_cancellation_is_refused_with_the_deadline():
    customer = CustomerFactory(phone="13912345678")
    order = OrderFactory(booking__customer=customer)

    late = handle_inbound_sms(
        message_id="c3", phone="13912345678", text=f"取消 {order.number}"
    )

    assert late.outcome == InboundSms.Outcome.REJECTED
    assert "截止时间" in late.reply_text
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def _post(api, payload, *, secret=SECRET, timestamp=None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return api.post(
        reverse("api:sms-inbound"),
        data=body,
        content_type="application/json",
        HTTP_X_JIAZHENG_TIMESTAMP=timestamp,
        HTTP_X_JIAZHENG_SIGNATURE=signature(secret, timestamp, body),
    )


PAYLOAD = {
    "message_id": "gw-1",
    "phone": "13912345678",
    "text": "预约 家庭保洁 后天上午 朝阳区建国路8号",
}


def test_the_webhook_books_once_and_a_replay_returns_the_first_answer(
    settings, cleaning
):
    settings.SMS_INBOUND_SECRET = SECRET
    api = APIClient()

    first = _post(api, PAYLOAD)
    again = _post(api, PAYLOAD)

    assert first.status_code == 200, first.content
    assert first.json()["outcome"] == "booked"
    assert again.json() == first.json()
    assert Booking.objects.count() == 1
    assert SmsMessage.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    ["no_secret", "bad_signature", "old_timestamp", "garbage_timestamp"],
)
def test_the_webhook_refuses_unsigned_or_stale_requests(settings, cleaning, tamper):
    settings.SMS_INBOUND_SECRET = "" if tamper == "no_secret" else SECRET
    api = APIClient()
    kwargs = {}
    if tamper == "bad_signature":
        kwargs["secret"] = "wrong"
    if tamper == "old_timestamp":
        kwargs["timestamp"] = int(time.time()) - 301
    if tamper == "garbage_timestamp":
        kwargs["timestamp"] = "abc"

    response = _post(api, PAYLOAD, **kwargs)

    assert response.status_code == 403
    assert "code" in response.json()
    assert not InboundSms.objects.exists()


def test_the_webhook_answers_bad_json_with_400(settings):
    settings.SMS_INBOUND_SECRET = SECRET
    api = APIClient()
    timestamp = str(int(time.time()))
    body = b"not json"

    response = api.post(
        reverse("api:sms-inbound"),
        data=body,
        content_type="application/json",
        HTTP_X_JIAZHENG_TIMESTAMP=timestamp,
        HTTP_X_JIAZHENG_SIGNATURE=signature(SECRET, timestamp, body),
    )

    assert response.status_code == 400


def test_a_form_post_to_the_sms_webhook_is_refused_as_not_json(client):
    response = client.post("/api/v1/sms/inbound/", {"message_id": "1", "text": "x"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
