import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from jiazheng.audit.models import Outcome, SystemLogEntry
from jiazheng.audit.services import outcome_for_status

pytestmark = [pytest.mark.django_db, pytest.mark.urls("jiazheng.audit.tests.urls")]


@pytest.fixture
def user():
    return get_user_model().objects.create_user(
        phone="13912345678", password="Jz-test-pass-2026", name="张三"
    )


def requests_logged():
    # Sign-in events are logged too; these tests look at requests only.
    return SystemLogEntry.objects.exclude(module="accounts")


def test_console_request_by_signed_in_user_is_logged(client, user):
    client.force_login(user)

    response = client.get(
        "/console/sample/page/?token=secret", REMOTE_ADDR="203.0.113.7"
    )

    entry = requests_logged().get()
    assert entry.user == user
    assert entry.username == "张三"
    assert entry.module == "sample_console"
    assert entry.function == "page"
    assert entry.method == "GET"
    assert entry.path == "/console/sample/page/"
    assert entry.ip_address == "203.0.113.7"
    assert entry.status_code == response.status_code == 200
    assert entry.outcome == Outcome.SUCCESS
    assert entry.duration_ms is not None


def test_refused_console_request_is_logged_as_denied(client, user):
    client.force_login(user)

    client.get("/console/sample/forbidden/")

    entry = requests_logged().get()
    assert entry.function == "forbidden"
    assert entry.status_code == 403
    assert entry.outcome == Outcome.DENIED


def test_api_request_with_token_is_logged(client, user):
    token = Token.objects.create(user=user)

    response = client.get("/api/v1/ping/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    entry = requests_logged().get()
    assert entry.user == user
    assert entry.module == "api:audit"  # the app the API view lives in
    assert entry.function == "ping"
    assert entry.outcome == Outcome.SUCCESS


def test_api_request_with_session_is_logged(client, user):
    client.force_login(user)

    client.get("/api/v1/ping/", HTTP_USER_AGENT="JiazhengApp/1.0 " + "x" * 400)

    entry = requests_logged().get()
    assert entry.user == user
    assert entry.user_agent.startswith("JiazhengApp/1.0")
    assert len(entry.user_agent) == 255


def test_anonymous_requests_are_not_logged(client):
    client.get("/api/v1/ping/")
    client.get("/console/sample/page/")
    client.get("/")

    assert not SystemLogEntry.objects.exists()


def test_public_pages_of_signed_in_user_are_not_logged(client, user):
    client.force_login(user)

    client.get("/")
    client.get("/?q=保洁")

    assert not requests_logged().exists()


def test_forwarded_address_is_ignored_unless_trusted(client, user, settings):
    client.force_login(user)
    settings.TRUST_X_FORWARDED_FOR = False

    client.get(
        "/console/sample/page/",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
        REMOTE_ADDR="10.0.0.2",
    )

    assert requests_logged().get().ip_address == "10.0.0.2"


def test_forwarded_address_from_trusted_proxy_is_recorded(client, user, settings):
    client.force_login(user)
    settings.TRUST_X_FORWARDED_FOR = True

    client.get(
        "/console/sample/page/",
        HTTP_X_FORWARDED_FOR="not-an-ip, 198.51.100.1",
        REMOTE_ADDR="10.0.0.2",
    )

    assert requests_logged().get().ip_address == "198.51.100.1"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.SUCCESS),
        (302, Outcome.SUCCESS),
        (400, Outcome.FAILURE),
        (401, Outcome.DENIED),
        (403, Outcome.DENIED),
        (404, Outcome.FAILURE),
        (500, Outcome.ERROR),
    ],
)
def test_outcome_follows_status_code(status, outcome):
    assert outcome_for_status(status) == outcome
