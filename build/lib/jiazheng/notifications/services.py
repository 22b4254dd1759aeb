"""Send text messages: write them to the outbox, deliver them after commit."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import mask_phone, normalize_mobile, validate_mobile
from jiazheng.notifications import delivery, sms_templates
from jiazheng.notifications.models import SmsMessage
from jiazheng.notifications.tasks import deliver_sms, retry_due_sms

logger = logging.getLogger(__name__)


def send_sms(phone, template, **params):
    """Queue SMS ``template`` with ``params`` to ``phone``; return the outbox row.

    The message is handed to the provider only after the current transaction
    commits, so a rolled-back operation never texts anyone. A number that is
    not a mainland mobile is refused with ServiceError (code "invalid_phone").
    An unknown template or a missing parameter is a programming error and
    raises LookupError / KeyError.
    """
    phone = normalize_mobile(phone)
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        raise ServiceError(
            exc.messages[0], code="invalid_phone", field="phone"
        ) from exc
    params = {key: str(value) for key, value in params.items()}
    text = sms_templates.render(template, **params)

    message = SmsMessage.objects.create(
        phone=phone,
        template=template,
        params=params,
        body=f"【{settings.SMS_SIGN_NAME}】{text}",
        # Until then the queued task owns the message; afterwards the sweep
        # assumes the task was lost and queues it again.
        next_attempt_at=timezone.now() + timedelta(seconds=delivery.CLAIM_SECONDS),
    )
    logger.info(
        "sms queued",
        extra={"sms_id": message.pk, "phone": mask_phone(phone), "template": template},
    )

    transaction.on_commit(lambda: _queue_delivery(message.pk))
    return message


def _queue_delivery(message_id):
    try:
        deliver_sms.delay(message_id)
    except Exception:
        # The caller's work is committed; a broker outage must not turn it
        # into an error page. The retry sweep sends the message later.
        logger.exception("sms could not be queued", extra={"sms_id": message_id})


def retry_due_messages(*, limit=500):
    """Queue every message whose next try is due; return how many."""
    return retry_due_sms(limit=limit)
