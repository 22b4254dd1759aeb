"""Idempotency-Key handling for every card API write."""

from functools import wraps

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from jiazheng.cards.models import (
    ApiIdempotencyRecord,
)
from jiazheng.common.errors import ServiceError

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique key per intended operation (at most 64 characters).",
)


def idempotent(method):
    """Run an API write once per Idempotency-Key and user; replay the answer."""

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key or len(key) > 64:
            raise ServiceError(
                _("请在请求头 Idempotency-Key 中提供不超过 64 个字符的幂等键。"),
                code="idempotency_key_required",
            )
        found = ApiIdempotencyRecord.objects.filter(user=request.user, key=key).first()
        if found is not None:
            if found.path != request.path:
                raise ServiceError(
                    _("该幂等键已用于另一笔操作。"),
                    code="idempotency_conflict",
                    status=409,
                )
            return Response(found.body, status=found.status)
        try:
            with transaction.atomic():
                response = method(self, request, *args, key=key, **kwargs)
                ApiIdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    path=request.path,
                    status=response.status_code,
                    body=response.data,
                )
        except IntegrityError as exc:
            raise ServiceError(
                _("该操作正在处理或已完成，请勿重复提交。"),
                code="duplicate_request",
                status=409,
            ) from exc
        return response

    return wrapper
