"""SMS delivery backends, chosen by settings.SMS_BACKEND.

A backend is a class with ``send(message) -> str``: it delivers the
SmsMessage and returns the provider's message id, or raises SmsDeliveryError.
"""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "console": "jiazheng.notifications.backends.console.ConsoleBackend",
    "locmem": "jiazheng.notifications.backends.locmem.LocmemBackend",
    "aliyun": "jiazheng.notifications.backends.aliyun.AliyunBackend",
}


class SmsDeliveryError(Exception):
    """The provider did not accept the message.

    ``permanent`` says that trying again cannot help (a number the provider
    refuses, a template it does not know), so the message is given up at once.
    """

    def __init__(self, message, *, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def get_backend():
    """Return an instance of the configured backend (a short name or a path)."""
    name = settings.SMS_BACKEND
    return import_string(BACKENDS.get(name, name))()
