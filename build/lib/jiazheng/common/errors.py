"""The one exception type that services raise for refused input or actions."""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A business rule refused the request; nothing was changed.

    ``code`` is stable and machine-readable (it reaches API clients);
    ``message`` is for people, in their language; ``field`` names the form
    field to attach the message to, when there is one.
    """

    status = 400

    def __init__(self, message=None, *, code="invalid", field=None, status=None):
        self.message = message or _("请求无法处理。")
        self.code = code
        self.field = field
        if status is not None:
            self.status = status
        super().__init__(str(self.message))


class NotAllowed(ServiceError):
    status = 403

    def __init__(self, message=None, *, code="forbidden", field=None):
        super().__init__(message or _("您无权执行此操作。"), code=code, field=field)
