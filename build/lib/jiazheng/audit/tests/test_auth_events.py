import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory

from jiazheng.audit.auth_events import mask_login
from jiazheng.audit.models import Outcome, SystemLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Jz-test-pass-2026"


@pytest.fixture
def user():
    return get_user_model().objects.create_user(phone="13912345678", password=PASSWORD)


def login_request():
    return RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox"
    )


def test_login_is_logged(client, user):
    client.force_login(user)

    entry = SystemLogEntry.objects.get(function="login")
    assert entry.user == user
    assert entry.module == "accounts"
    assert entry.outcome == Outcome.SUCCESS
    assert entry.username == "139****5678"


def test_logout_is_logged(client, user):
    client.force_login(user)

    client.logout()

    entry = SystemLogEntry.objects.get(function="logout")
    assert entry.user == user
    assert entry.outcome == Outcome.SUCCESS


def test_failed_login_of_known_user_is_logged_masked(user):
    authenticate(login_request(), username="13912345678", password="wrong-password")

    entry = SystemLogEntry.objects.get(function="login_failed")
    assert entry.outcome == Outcome.FAILURE
    assert entry.user == user
    assert entry.username == "139****5678"
    assert entry.ip_address == "203.0.113.9"
    assert entry.user_agent == "Firefox"
    assert "13912345678" not in str(SystemLogEntry.objects.values().get())


def test_failed_login_of_unknown_phone_is_logged_masked():
    authenticate(login_request(), username="+86 137 0000 1111", password="x")

    entry = SystemLogEntry.objects.get(function="login_failed")
    assert entry.user is None
    assert entry.username == "137****1111"


@pytest.mark.parametrize(
    ("attempt", "masked"),
    [
        ("13700001111", "137****1111"),
        ("admin", "a***n"),
        ("ab", "**"),
        ("", ""),
    ],
)
def test_attempted_login_is_masked(attempt, masked):
    assert mask_login(attempt) == masked
