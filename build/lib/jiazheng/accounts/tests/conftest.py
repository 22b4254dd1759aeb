import pytest
from django.contrib.auth.models import Group

from jiazheng.accounts.models import Role
from jiazheng.notifications.backends import locmem
from jiazheng.notifications.models import SmsMessage
from jiazheng.notifications.sms_templates import REDACTED


def last_code(phone):
    """Return the code in the latest verification SMS queued to ``phone``."""
    message = (
        SmsMessage.objects.filter(phone=phone, template="verification_code")
        .order_by("-pk")
        .first()
    )
    if message is None:
        return None
    if message.params["code"] != REDACTED:
        return message.params["code"]
    # Delivered: the outbox row is masked, the phone (locmem) got the code.
    sent = [m for m in locmem.outbox if m.phone == phone]
    return sent[-1].params["code"]


@pytest.fixture
def role_groups(db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
