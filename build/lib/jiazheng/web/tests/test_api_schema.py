"""The OpenAPI schema is valid and no generated request gets a 500."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff


def test_schema_is_served_as_valid_openapi(client, db):
    response = client.get(reverse("api:schema") + "?format=json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/categories/" in document["paths"]


def test_api_docs_page_loads_assets_from_this_site(client, db):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


@pytest.fixture
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls.

    Django closes a connection that is not in autocommit mode at the end of
    each request; its test client switches that off, and schemathesis calls
    the WSGI application directly, so this does the same.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _load_schema():
    return schemathesis.openapi.from_wsgi(
        reverse("api:schema") + "?format=json", get_wsgi_application()
    )


def _fuzz(operation, headers):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}"
        )

    run()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signed_in", [False, True], ids=["anonymous", "platform-admin"]
)
@pytest.mark.usefixtures("keep_test_connection")
def test_no_generated_request_gets_a_server_error(signed_in):
    # given
    headers = {}
    if signed_in:
        user = make_platform_staff(role=Role.PLATFORM_ADMIN)
        headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
    schema = _load_schema()

    # when / then
    for result in schema.get_all_operations():
        _fuzz(result.ok(), headers)
