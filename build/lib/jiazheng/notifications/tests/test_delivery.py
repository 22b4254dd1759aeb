from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.notifications import delivery
from jiazheng.notifications.backends import locmem
from jiazheng.notifications.models import SmsMessage
from jiazheng.notifications.services import send_sms
from jiazheng.notifications.sms_templates import register_template
from jiazheng.notifications.tasks import deliver_sms
from jiazheng.notifications.tests.factories import SmsMessageFactory

pytestmark = pytest.mark.django_db

Status = SmsMessage.Status


def test_a_failed_message_is_sent_when_retried(flaky_backend):
    # given a provider that fails once
    flaky_backend.failures = 1
    message = SmsMessageFactory()

    # when delivery fails, then is tried again
    first = delivery.deliver(message_id=message.pk)
    second = delivery.deliver(message_id=message.pk)

    # then the second try sends it
    assert first.status == Status.FAILED
    assert second.status == Status.SENT
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(locmem.outbox) == 1


def test_retries_wait_longer_after_each_failure(flaky_backend):
    flaky_backend.failures = 3
    message = SmsMessageFactory()

    waits = []
    for _ in range(3):
        before = timezone.now()
        failed = delivery.deliver(message_id=message.pk)
        waits.append(failed.next_attempt_at - before)

    assert waits[0] >= timedelta(seconds=60)
    assert waits[1] >= 2 * waits[0] - timedelta(seconds=1)
    assert waits[2] >= 2 * waits[1] - timedelta(seconds=1)


def test_delivery_gives_up_after_the_maximum_number_of_attempts(flaky_backend):
    flaky_backend.failures = 100
    message = SmsMessageFactory()

    for _ in range(delivery.MAX_ATTEMPTS + 2):
        delivery.deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == Status.GIVING_UP
    assert message.attempts == delivery.MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert flaky_backend.calls == delivery.MAX_ATTEMPTS


def test_a_permanent_refusal_gives_up_at_once(flaky_backend):
    flaky_backend.failures = 1
    flaky_backend.permanent = True
    message = SmsMessageFactory()

    delivery.deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == Status.GIVING_UP
    assert message.attempts == 1


def test_a_sent_message_is_not_sent_again():
    message = SmsMessageFactory()
    delivery.deliver(message_id=message.pk)

    again = delivery.deliver(message_id=message.pk)

    assert again is None
    assert len(locmem.outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_message_being_sent_by_another_worker_is_left_alone():
    message = SmsMessageFactory(
        status=Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )

    assert delivery.deliver(message_id=message.pk) is None
    assert locmem.outbox == []


def test_a_stale_claim_is_taken_over_after_it_expires():
    message = SmsMessageFactory(
        status=Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() - timedelta(seconds=1),
    )

    sent = delivery.deliver(message_id=message.pk)

    assert sent.status == Status.SENT
    assert sent.attempts == 2


def test_a_crashing_backend_is_recorded_as_a_failure(settings):
    settings.SMS_BACKEND = "jiazheng.notifications.tests.test_delivery.BrokenBackend"
    message = SmsMessageFactory()

    failed = delivery.deliver(message_id=message.pk)

    assert failed.status == Status.FAILED
    assert failed.last_error == "ZeroDivisionError"


class BrokenBackend:
    def send(self, message):
        return 1 / 0


def test_the_task_asks_celery_to_retry_with_the_backoff_delay(
    flaky_backend, monkeypatch
):
    flaky_backend.failures = 1
    message = SmsMessageFactory()
    asked = {}

    def fake_retry(**kwargs):
        asked.update(kwargs)
        return Retry()

    monkeypatch.setattr(deliver_sms, "retry", fake_retry)

    with pytest.raises(Retry):
        deliver_sms.run(message.pk)

    assert asked == {"countdown": 60.0}


def test_the_task_leaves_retries_to_the_sweep_when_running_inline(flaky_backend):
    flaky_backend.failures = 1
    message = SmsMessageFactory()

    result = deliver_sms.apply(args=[message.pk])

    assert result.successful()
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_retry_sms_command_sends_due_messages_only(flaky_backend, capsys):
    flaky_backend.failures = 1
    due = SmsMessageFactory()
    delivery.deliver(message_id=due.pk)
    not_yet = SmsMessageFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))
    sent = SmsMessageFactory(status=Status.SENT)

    with freeze_time(timezone.now() + timedelta(seconds=61)):
        call_command("retry_sms")

    due.refresh_from_db()
    not_yet.refresh_from_db()
    sent.refresh_from_db()
    assert due.status == Status.SENT
    assert not_yet.status == Status.PENDING
    assert sent.attempts == 0
    assert "1 SMS message(s) queued." in capsys.readouterr().out


def test_the_sweep_resends_a_pending_message_whose_task_was_lost():
    lost = SmsMessageFactory(next_attempt_at=timezone.now() - timedelta(minutes=1))

    call_command("retry_sms")

    lost.refresh_from_db()
    assert lost.status == Status.SENT


def test_a_delivered_verification_code_is_masked_in_the_outbox(
    django_capture_on_commit_callbacks,
):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms("13800138000", "verification_code", code="246810")

    # then: the phone got the code, the table keeps only a mask
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert locmem.outbox[-1].params["code"] == "246810"
    assert "246810" in locmem.outbox[-1].body
    assert message.params["code"] == "******"
    assert "246810" not in message.body
    assert "******" in message.body


def test_other_messages_keep_their_text_after_delivery(
    django_capture_on_commit_callbacks,
):
    register_template("plain_notice", "您的订单{number}已确认。")
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms("13800138000", "plain_notice", number="DD1")

    message.refresh_from_db()
    assert message.body.endswith("您的订单DD1已确认。")
