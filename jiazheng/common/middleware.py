"""Request hygiene shared by every page and endpoint."""

import logging

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RejectNulBytesMiddleware:
    """Answer 400 to a query string that carries a NUL character.

    No parameter of this application can hold one, PostgreSQL refuses it in
    text, and a view that passes a query parameter to a filter would turn it
    into a server error. Forms and serializers already refuse NUL in bodies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            logger.warning(
                "query string with NUL refused", extra={"path": request.path}
            )
            return HttpResponseBadRequest(_("请求参数中含有无效字符。"))
        return self.get_response(request)
