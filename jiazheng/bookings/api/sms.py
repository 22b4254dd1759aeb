"""The SMS gateway's uplink webhook (1.4.2.2).

The gateway signs every request: ``X-Jiazheng-Timestamp`` carries the Unix
time in seconds, ``X-Jiazheng-Signature`` the hex HMAC-SHA256, keyed with
``SMS_INBOUND_SECRET``, of ``<timestamp>.<raw body>``. A request without a
configured secret, with a bad signature or a timestamp more than five
minutes off is refused with 403 and changes nothing.
"""

import hashlib
import hmac
import json
import logging
import time

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.bookings.api.serializers import (
    InboundSmsInputSerializer,
    InboundSmsSerializer,
)
from jiazheng.bookings.services import handle_inbound_sms
from jiazheng.common.errors import NotAllowed, ServiceError

logger = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-Jiazheng-Timestamp"
SIGNATURE_HEADER = "X-Jiazheng-Signature"
MAX_SKEW_SECONDS = 300


def signature(secret, timestamp, body):
    """Return the hex signature of ``body`` (bytes) sent at ``timestamp``."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _check_signature(request):
    secret = getattr(settings, "SMS_INBOUND_SECRET", "")
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not secret:
        logger.warning("sms webhook refused: no secret configured")
        raise NotAllowed(_("短信上行接口未配置密钥。"), code="not_configured")
    try:
        skew = abs(time.time() - int(timestamp))
    except ValueError:
        skew = None
    if skew is None or skew > MAX_SKEW_SECONDS:
        logger.warning("sms webhook refused: timestamp")
        raise NotAllowed(_("请求时间戳无效或已过期。"), code="bad_timestamp")
    expected = signature(secret, timestamp, request.body)
    if not hmac.compare_digest(expected, given.strip().lower()):
        logger.warning("sms webhook refused: signature")
        raise NotAllowed(_("签名无效。"), code="bad_signature")


class InboundSmsView(APIView):
    """Receive one uplink message; answer with what was done (idempotent)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=InboundSmsInputSerializer, responses={200: InboundSmsSerializer}
    )
    def post(self, request):
        # The gateway posts JSON; anything else is refused before the raw
        # body is read (a form body has already been parsed by then).
        if request.content_type != "application/json":
            raise ServiceError(_("请求体须为 JSON。"), code="invalid_json")
        # The raw body is read before DRF parses it: the signature covers it.
        body = request.body
        _check_signature(request)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ServiceError(_("请求体须为 JSON。"), code="invalid_json") from exc
        data = InboundSmsInputSerializer(data=payload)
        data.is_valid(raise_exception=True)
        sms = handle_inbound_sms(**data.validated_data)
        return Response(InboundSmsSerializer(sms).data)
