"""One-time SMS codes for sign-up, login by code and password reset.

Only a keyed hash of each code is stored. A number gets at most one code a
minute and a daily number of codes; an address gets a daily number too.
For login and password reset, an unknown number is answered exactly like a
known one (a row is written, nothing is sent), so the answer never tells
whether a number is registered.
"""

import hmac
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.accounts.models import SmsCode, SmsCodePurpose, User
from jiazheng.common.crypto import keyed_hash
from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import normalize_mobile, validate_mobile
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

CODE_LENGTH = 6
CODE_LIFETIME = timedelta(minutes=5)
RESEND_INTERVAL = timedelta(seconds=60)
MAX_ATTEMPTS = 5
SMS_TEMPLATE = "verification_code"


@dataclass(frozen=True)
class CodeSent:
    """What a client may tell the person after a code request."""

    resend_after: int
    expires_in: int


def clean_phone(phone, *, field="phone"):
    """Return the normalised mobile number or raise ServiceError."""
    phone = normalize_mobile(phone)
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code="invalid_phone", field=field) from exc
    return phone


def _hash(phone, purpose, code):
    # Phone and purpose are part of the message, so equal codes sent to two
    # numbers never share a hash.
    return keyed_hash(f"{phone}:{purpose}:{code}")


def _start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def _check_limits(*, phone, ip_address, now):
    last = (
        SmsCode.objects.filter(phone=phone)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None and now - last < RESEND_INTERVAL:
        seconds = max(1, math.ceil((RESEND_INTERVAL - (now - last)).total_seconds()))
        raise ServiceError(
            _("验证码发送过于频繁，请在 %(seconds)d 秒后重试。") % {"seconds": seconds},
            code="sms_code_too_frequent",
            field="phone",
            status=429,
        )

    today = _start_of_today()
    sent_today = SmsCode.objects.filter(phone=phone, created_at__gte=today).count()
    if sent_today >= settings.SMS_CODE_DAILY_LIMIT_PER_PHONE:
        raise ServiceError(
            _("该手机号今日获取验证码次数已达上限，请明天再试。"),
            code="sms_code_daily_limit",
            field="phone",
            status=429,
        )
    if ip_address:
        from_address = SmsCode.objects.filter(
            ip_address=ip_address, created_at__gte=today
        ).count()
        if from_address >= settings.SMS_CODE_DAILY_LIMIT_PER_IP:
            raise ServiceError(
                _("您今日获取验证码的次数已达上限，请明天再试。"),
                code="sms_code_daily_limit_ip",
                status=429,
            )


def request_code(*, phone, purpose, ip_address=None):
    """Send a six-digit code to ``phone`` for ``purpose``; return ``CodeSent``.

    Refused with ServiceError for an invalid number, a number already
    registered (sign-up only), a second request within a minute, or a daily
    limit reached.
    """
    phone = clean_phone(phone)
    purpose = SmsCodePurpose(purpose)
    registered = User.objects.filter(phone=phone).exists()
    if purpose == SmsCodePurpose.SIGNUP and registered:
        raise ServiceError(_("该手机号已注册"), code="phone_registered", field="phone")

    # The cache lock stops two app servers from both passing the one-minute
    # check for the same number at the same moment.
    lock_key = f"accounts:sms-code:{phone}"
    if not cache.add(lock_key, 1, timeout=5):
        raise ServiceError(
            _("验证码发送过于频繁，请稍后重试。"),
            code="sms_code_too_frequent",
            field="phone",
            status=429,
        )
    try:
        with transaction.atomic():
            now = timezone.now()
            _check_limits(phone=phone, ip_address=ip_address, now=now)
            code = "".join(secrets.choice("0123456789") for _i in range(CODE_LENGTH))
            known = registered or purpose == SmsCodePurpose.SIGNUP
            SmsCode.objects.create(
                phone=phone,
                purpose=purpose,
                # An unknown number gets a row so the limits behave the same,
                # but a hash of a code nobody knows.
                code_hash=_hash(phone, purpose, code if known else secrets.token_hex()),
                expires_at=now + CODE_LIFETIME,
                created_at=now,
                ip_address=ip_address or None,
            )
            if known:
                send_sms(phone, SMS_TEMPLATE, code=code)
    finally:
        cache.delete(lock_key)

    logger.info("sms code requested", extra={"purpose": purpose.value, "sent": known})
    return CodeSent(
        resend_after=int(RESEND_INTERVAL.total_seconds()),
        expires_in=int(CODE_LIFETIME.total_seconds()),
    )


def _refusal(row, code, now):
    """Count one try on the locked ``row``; return the error or None."""
    if row is None or row.used_at is not None:
        # A used code is refused, and does not let an older one back in.
        return ServiceError(_("验证码错误"), code="code_invalid", field="code")
    if row.expires_at <= now:
        return ServiceError(
            _("验证码已过期，请重新获取。"), code="code_expired", field="code"
        )
    if row.attempts >= MAX_ATTEMPTS:
        return ServiceError(
            _("验证码错误次数过多，请重新获取。"),
            code="code_attempts_exceeded",
            field="code",
        )
    row.attempts += 1
    row.save(update_fields=["attempts"])
    expected = _hash(row.phone, row.purpose, str(code or "").strip())
    if not hmac.compare_digest(expected, row.code_hash):
        return ServiceError(_("验证码错误"), code="code_invalid", field="code")
    return None


def verify_code(*, phone, purpose, code, consume=True):
    """Check ``code`` against the latest code sent to ``phone`` for ``purpose``.

    Every try counts; after ``MAX_ATTEMPTS`` tries the code is refused even
    when right. A right code is marked used unless ``consume`` is false.
    Call this outside any open transaction: the tries it counts must be
    committed even though it then raises ServiceError (codes code_invalid,
    code_expired, code_attempts_exceeded).
    """
    phone = normalize_mobile(phone)
    purpose = SmsCodePurpose(purpose)
    with transaction.atomic():
        # Locked so that concurrent tries are all counted and a code is used
        # once.
        row = (
            SmsCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        now = timezone.now()
        error = _refusal(row, code, now)
        if error is None and consume:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if error is not None:
        logger.warning(
            "sms code refused", extra={"purpose": purpose.value, "code": error.code}
        )
        raise error
    return row
