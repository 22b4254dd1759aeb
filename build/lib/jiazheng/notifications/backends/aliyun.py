"""Alibaba Cloud SMS (dysmsapi SendSms), signed with the RPC signature V1.

The request is a GET whose query string carries the parameters and a
Signature: the Base64 HMAC-SHA1, keyed with ``<AccessKeySecret>&``, of
``GET&%2F&<percent-encoded canonical query>``, where the canonical query is
the parameters sorted by name, each name and value percent-encoded by the
POP rules (RFC 3986 unreserved characters kept, everything else encoded,
space as %20, "*" as %2A, "~" kept).
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils import timezone

from jiazheng.notifications.backends import SmsDeliveryError

logger = logging.getLogger(__name__)

API_VERSION = "2017-05-25"
REGION_ID = "cn-hangzhou"
TIMEOUT = (5, 15)

# Answers that no retry can change: the number, signature or template is
# refused, or parameters are wrong.
PERMANENT_CODES = frozenset(
    {
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.MOBILE_COUNT_OVER_LIMIT",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.SMS_SIGN_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.TEMPLATE_PARAMS_ILLEGAL",
        "isv.INVALID_PARAMETERS",
        "isv.INVALID_JSON_PARAM",
        "isv.PARAM_LENGTH_LIMIT",
        "isv.BLACK_KEY_CONTROL_LIMIT",
        "isv.DENY_IP_RANGE",
        "isv.ACCOUNT_NOT_EXISTS",
        "isv.ACCOUNT_ABNORMAL",
        "InvalidAccessKeyId.NotFound",
        "SignatureDoesNotMatch",
    }
)


def percent_encode(value):
    """Percent-encode ``value`` by Alibaba Cloud's POP rules."""
    return quote(str(value), safe="~")


def string_to_sign(params, method="GET"):
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def sign(params, secret, method="GET"):
    """Return the Signature of ``params`` (without a Signature of their own)."""
    digest = hmac.new(
        f"{secret}&".encode(),
        string_to_sign(params, method).encode(),
        hashlib.sha1,
    ).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    def __init__(self, session=None):
        self.session = session or requests.Session()
        self.access_key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.access_key_secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.endpoint = settings.SMS_ALIYUN_ENDPOINT
        self.templates = settings.SMS_ALIYUN_TEMPLATES

    def build_params(self, message):
        template_code = self.templates.get(message.template)
        if not template_code:
            raise SmsDeliveryError(
                f"SMS_ALIYUN_TEMPLATES has no code for {message.template!r}",
                permanent=True,
            )
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.phone,
            "RegionId": REGION_ID,
            "SignName": settings.SMS_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(
                message.params, ensure_ascii=False, separators=(",", ":")
            ),
            "Timestamp": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
        }
        params["Signature"] = sign(params, self.access_key_secret)
        return params

    def send(self, message):
        if not (self.access_key_id and self.access_key_secret):
            raise SmsDeliveryError(
                "SMS_ALIYUN_ACCESS_KEY_ID/SECRET are not set", permanent=True
            )
        params = self.build_params(message)
        try:
            response = self.session.get(self.endpoint, params=params, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise SmsDeliveryError(f"request failed: {exc.__class__.__name__}") from exc
        try:
            answer = response.json()
        except ValueError:
            raise SmsDeliveryError(
                f"HTTP {response.status_code}, not a JSON answer"
            ) from None

        code = answer.get("Code", "")
        if code != "OK":
            logger.warning(
                "aliyun refused sms",
                extra={"sms_id": message.pk, "code": code},
            )
            raise SmsDeliveryError(
                f"{code or response.status_code}: {answer.get('Message', '')}",
                permanent=code in PERMANENT_CODES,
            )
        return answer.get("BizId") or answer.get("RequestId", "")
