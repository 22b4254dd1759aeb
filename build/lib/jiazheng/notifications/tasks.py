"""Celery tasks for SMS delivery: thin wrappers around notifications.delivery."""

import logging

from celery import shared_task

from jiazheng.notifications import delivery
from jiazheng.notifications.models import SmsMessage

logger = logging.getLogger(__name__)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def deliver_sms(self, message_id):
    """Deliver one outbox message; after a passing failure, try again later.

    The count of tries lives on the message (``attempts``), not in Celery, so
    a message re-queued by the sweep continues where it stopped. When tasks
    run inline (embedded mode) nothing can wait for a countdown: the message
    stays failed and ``retry_due_sms`` (or ``manage.py retry_sms``) sends it
    when it is due.
    """
    message = delivery.deliver(message_id=message_id)
    if (
        message is not None
        and message.status == SmsMessage.Status.FAILED
        and not self.request.is_eager
    ):
        countdown = delivery.retry_delay(message.attempts).total_seconds()
        raise self.retry(countdown=countdown)


@shared_task(ignore_result=True)
def retry_due_sms(limit=500):
    """Queue every message whose next try is due; return how many were queued.

    Celery beat runs this every minute or so in production.
    """
    ids = delivery.due_message_ids(limit=limit)
    for message_id in ids:
        deliver_sms.delay(message_id)
    if ids:
        logger.info("sms re-queued", extra={"count": len(ids)})
    return len(ids)
