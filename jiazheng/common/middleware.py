"""Request hygiene shared by every page and endpoint."""

import logging

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RejectNulBytesMiddleware:
    """Answer 400 to a query string or text body that carries a NUL character.

    No parameter of this application can hold one, PostgreSQL refuses it in
    text, and a value passed to a lookup (a filter, a slug field) before any
    validation would turn it into a server error. Uploaded files are left
    alone: only the text fields of a multipart body are checked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or _text_body_has_nul(request):
            logger.warning("request with NUL refused", extra={"path": request.path})
            return HttpResponseBadRequest(_("请求参数中含有无效字符。"))
        return self.get_response(request)


def _has_nul(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


def _text_body_has_nul(request):
    content_type = request.content_type or ""
    if content_type == "application/json":
        # A NUL inside a JSON string arrives escaped as \u0000.
        body = request.body
        return b"\\u0000" in body or b"\x00" in body
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _has_nul(request.POST)
    return False
