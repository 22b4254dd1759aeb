import pytest
from django.contrib.auth.models import Group

from jiazheng.accounts.models import Role
from jiazheng.notifications.models import SmsMessage


def last_code(phone):
    """Return the code in the latest verification SMS queued to ``phone``."""
    message = (
        SmsMessage.objects.filter(phone=phone, template="verification_code")
        .order_by("-pk")
        .first()
    )
    return message.params["code"] if message else None


@pytest.fixture
def role_groups(db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
