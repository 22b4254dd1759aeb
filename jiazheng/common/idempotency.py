"""Idempotency-Key for API writes: a repeated request takes effect once.

Decorate a DRF handler method (``post``, ``put``, ...) with ``idempotent()``.
When the request carries an ``Idempotency-Key`` header:

1. A row for (user, key) is claimed in its own short transaction, before
   the write runs. A second request with the key while the first is still
   running finds the claim and gets 409: it never runs the write, and the
   unique constraint turns a race between two app servers into the same 409
   instead of a 500.
2. The write runs, and its answer is stored on the claim in the same
   transaction, so the write and its record commit or roll back together.
3. A later request with the same key, method, path and body gets the
   stored answer back (with ``Idempotent-Replayed: true``); the same key
   with another path or body is refused with 409.

A write refused with an error (a ``ServiceError``, a validation error)
changes nothing, so its claim is dropped and the key may be used again.
A claim left by a crashed process (its write rolled back with it) is taken
over once it is older than ``PENDING_TIMEOUT``.
"""

import datetime
import hashlib
import json
import logging
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from jiazheng.common.errors import ServiceError
from jiazheng.common.models import IdempotencyRecord

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 64
PENDING_TIMEOUT = datetime.timedelta(minutes=5)
KEEP_FOR = datetime.timedelta(days=7)


def idempotency_header(*, required=False):
    """Return the OpenAPI description of the header, for ``extend_schema``."""
    return OpenApiParameter(
        HEADER,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        description=(
            "A unique key per intended operation, at most 64 visible ASCII "
            "characters. Repeating the request with the same key and body "
            "returns the first answer (header Idempotent-Replayed: true) "
            "instead of acting twice; the same key with another path or body, "
            "or while the first request is still running, gets 409."
        ),
    )


def key_of(request, *, required=False):
    """Return the request's Idempotency-Key, or None when it has none.

    Refuse a key that is too long or not visible ASCII, and a missing key
    when ``required``.
    """
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        if required:
            raise ServiceError(
                _("请在请求头 Idempotency-Key 中提供幂等键（不超过 64 个字符）。"),
                code="idempotency_key_required",
            )
        return None
    if len(key) > KEY_MAX_LENGTH or not all("!" <= c <= "~" for c in key):
        raise ServiceError(
            _("幂等键（Idempotency-Key）须为不超过 64 个字符的英文字母、数字或符号。"),
            code="idempotency_key_invalid",
        )
    return key


def fingerprint(request):
    """Return a hash of the request body that ignores key order and spacing."""
    data = request.data
    if hasattr(data, "lists"):
        data = dict(data.lists())
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _conflict(message, code):
    return ServiceError(message, code=code, status=409)


def _check_same_request(record, request, request_hash):
    if record.method != request.method or record.path != request.path[:255]:
        raise _conflict(
            _("该幂等键已用于另一项操作，请为新的操作使用新的幂等键。"),
            "idempotency_key_reused",
        )
    if record.request_hash != request_hash:
        raise _conflict(
            _("该幂等键已用于内容不同的请求，请为新的请求使用新的幂等键。"),
            "idempotency_key_reused",
        )


def _in_progress():
    return _conflict(
        _("相同幂等键的请求正在处理中，请稍后重试，不要重复提交。"),
        "idempotency_in_progress",
    )


def _claim(request, key, request_hash):
    """Claim (user, key); return (record, None) or (None, stored answer)."""
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                method=request.method,
                path=request.path[:255],
                request_hash=request_hash,
            )
        return record, None
    except IntegrityError:
        found = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
    if found is None:
        # The first request failed and let its claim go a moment ago.
        raise _in_progress()
    _check_same_request(found, request, request_hash)
    if found.status is not None:
        replay = Response(found.body, status=found.status)
        replay[REPLAYED_HEADER] = "true"
        return None, replay
    taken_over = IdempotencyRecord.objects.filter(
        pk=found.pk,
        status__isnull=True,
        created_at__lt=timezone.now() - PENDING_TIMEOUT,
    ).update(created_at=timezone.now())
    if taken_over != 1:
        raise _in_progress()
    logger.warning("stale idempotency claim taken over", extra={"record": found.pk})
    return found, None


def idempotent(method=None, *, required=False, key_argument=None):
    """Decorate an API handler so a repeated Idempotency-Key acts once.

    Without a key the handler runs as it is, unless ``required``. The key is
    on ``request.idempotency_key`` (None without one) for handlers that also
    pass it to a service, and given as the keyword ``key_argument`` when
    that is set.
    """

    def decorate(handler):
        @wraps(handler)
        def wrapper(view, request, *args, **kwargs):
            key = key_of(request, required=required)
            request.idempotency_key = key
            if key_argument:
                kwargs[key_argument] = key
            if key is None or not request.user.is_authenticated:
                return handler(view, request, *args, **kwargs)
            request_hash = fingerprint(request)
            record, replay = _claim(request, key, request_hash)
            if replay is not None:
                return replay
            try:
                with transaction.atomic():
                    response = handler(view, request, *args, **kwargs)
                    if response.status_code >= 400:
                        # Nothing took effect: let the key be used again.
                        transaction.set_rollback(True)
                    else:
                        record.status = response.status_code
                        record.body = response.data
                        record.completed_at = timezone.now()
                        record.save(update_fields=["status", "body", "completed_at"])
            except BaseException:
                IdempotencyRecord.objects.filter(pk=record.pk).delete()
                raise
            if response.status_code >= 400:
                IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response

        return wrapper

    if method is not None:
        return decorate(method)
    return decorate


def delete_old_records(*, now=None):
    """Delete the answers kept longer than ``KEEP_FOR``; return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lt=cutoff
    ).delete()
    return deleted
