import pytest

from jiazheng.notifications.backends import SmsDeliveryError, locmem


@pytest.fixture(autouse=True)
def _empty_outbox():
    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


class FlakyBackend:
    """Fail the first ``failures`` sends, then deliver like locmem."""

    failures = 0
    permanent = False
    calls = 0

    def send(self, message):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise SmsDeliveryError("provider unavailable", permanent=self.permanent)
        return locmem.LocmemBackend().send(message)


@pytest.fixture
def flaky_backend(settings):
    """Return a backend class whose first sends fail; set ``failures`` on it."""
    settings.SMS_BACKEND = "jiazheng.notifications.tests.conftest.FlakyBackend"
    FlakyBackend.failures = 0
    FlakyBackend.permanent = False
    FlakyBackend.calls = 0
    return FlakyBackend
