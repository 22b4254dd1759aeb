"""Hand one outbox message to the SMS backend and record what happened.

A message is sent once: a worker first claims the row with one guarded UPDATE
(pending or failed, or a claim older than CLAIM_SECONDS, to sending), and only
the worker whose UPDATE touched the row calls the provider. The provider call runs
outside any transaction so no row stays locked while the network is slow.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from jiazheng.notifications import sms_templates
from jiazheng.notifications.backends import SmsDeliveryError, get_backend
from jiazheng.notifications.models import SmsMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# How long a claim holds: a worker that died mid-send releases the message
# after this, and the retry sweep picks it up again.
CLAIM_SECONDS = 300
FIRST_RETRY_SECONDS = 60

Status = SmsMessage.Status


def retry_delay(attempts):
    """Return the wait before the next try after ``attempts`` failed tries."""
    return timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def claimable(now):
    """Return the condition for messages a worker may claim at ``now``."""
    return Q(status__in=[Status.PENDING, Status.FAILED]) | Q(
        status=Status.SENDING, next_attempt_at__lte=now
    )


def due_message_ids(*, limit=500):
    """Return ids of messages whose next try is due, oldest due first.

    Pending rows count too once their grace period has passed: their task
    may have been lost (a broker outage between commit and queueing).
    """
    now = timezone.now()
    return list(
        SmsMessage.objects.filter(
            claimable(now), next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def _claim(message_id):
    now = timezone.now()
    claimed = (
        SmsMessage.objects.filter(claimable(now), pk=message_id)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
    )
    if not claimed:
        return None
    return SmsMessage.objects.get(pk=message_id)


def deliver(*, message_id):
    """Send the message if no one else has, and return it with its new status.

    Return None when there was nothing to do: the message is already sent,
    given up, or being sent by another worker.
    """
    message = _claim(message_id)
    if message is None:
        logger.info("sms not claimed", extra={"sms_id": message_id})
        return None

    try:
        provider_message_id = get_backend().send(message)
    except SmsDeliveryError as exc:
        return _record_failure(message, str(exc), permanent=exc.permanent)
    except Exception as exc:
        # A bug or an unexpected library error must not leave the message
        # claimed until the claim runs out; record it and retry like any
        # other failure.
        logger.exception("sms backend crashed", extra={"sms_id": message.pk})
        return _record_failure(message, exc.__class__.__name__, permanent=False)

    message.status = Status.SENT
    message.provider_message_id = str(provider_message_id or "")[:64]
    message.sent_at = timezone.now()
    message.next_attempt_at = None
    message.last_error = ""
    SmsMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=message.status,
        provider_message_id=message.provider_message_id,
        sent_at=message.sent_at,
        next_attempt_at=None,
        last_error="",
        **_without_secrets(message),
    )
    logger.info(
        "sms sent",
        extra={
            "sms_id": message.pk,
            "phone": message.masked_phone,
            "template": message.template,
            "attempts": message.attempts,
        },
    )
    return message


def _without_secrets(message):
    """Return the fields that mask a delivered code, so the outbox keeps none."""
    masked = sms_templates.redacted(message.template, message.params)
    if masked is None:
        return {}
    params, text = masked
    return {"params": params, "body": f"【{settings.SMS_SIGN_NAME}】{text}"}


def _record_failure(message, error, *, permanent):
    gives_up = permanent or message.attempts >= MAX_ATTEMPTS
    message.status = Status.GIVING_UP if gives_up else Status.FAILED
    message.last_error = error[:1000]
    message.next_attempt_at = (
        None if gives_up else timezone.now() + retry_delay(message.attempts)
    )
    SmsMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=message.status,
        last_error=message.last_error,
        next_attempt_at=message.next_attempt_at,
        **(_without_secrets(message) if gives_up else {}),
    )
    log = logger.error if gives_up else logger.warning
    log(
        "sms gave up" if gives_up else "sms failed, will retry",
        extra={
            "sms_id": message.pk,
            "phone": message.masked_phone,
            "attempts": message.attempts,
            "error": message.last_error,
        },
    )
    return message
