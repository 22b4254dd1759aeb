"""The workers' API: staff endpoints, tenancy and the public profile."""

import datetime

import pytest
from django.urls import include, path, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from jiazheng.accounts.tests.factories import make_family_member
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.workers import api_urls
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.tests.factories import (
    HealthCertificateFactory,
    LeaveFactory,
    ProviderOrganizationFactory,
    WorkerFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def worker_url(name, worker, **kwargs):
    return reverse(f"api:worker-{name}", kwargs={"pk": worker.pk, **kwargs})


def test_list_is_scoped_to_the_users_provider(api, provider_staff, provider):
    ours = WorkerFactory(organization=provider)
    theirs = WorkerFactory()
    api.force_authenticate(provider_staff)

    response = api.get(reverse("api:worker-list"))

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {ours.pk}
    row = response.json()["results"][0]
    assert row["health_status"] == "valid"
    assert row["public_name"].endswith("阿姨")
    assert theirs.pk not in ids


def test_other_providers_worker_is_404_for_read_and_write(api, provider_admin):
    theirs = WorkerFactory()
    api.force_authenticate(provider_admin)

    assert api.get(worker_url("detail", theirs)).status_code == 404
    assert (
        api.patch(worker_url("detail", theirs), {"years_experience": 1}).status_code
        == 404
    )
    assert (
        api.put(
            worker_url("availability", theirs), {"windows": []}, format="json"
        ).status_code
        == 404
    )
    assert api.post(worker_url("leaves", theirs), {}).status_code == 404
    assert api.post(worker_url("deactivate", theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.years_experience == 3 and theirs.is_active
    assert theirs.availability.count() == 7


def test_family_members_are_refused(api):
    api.force_authenticate(make_family_member())

    response = api.get(reverse("api:worker-list"))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_create_worker_for_own_provider(api, provider_admin, provider):
    item = ServiceItemFactory()
    api.force_authenticate(provider_admin)

    response = api.post(
        reverse("api:worker-list"),
        {
            "name": "唐丽",
            "phone": "13812340001",
            "skills": [item.pk],
            "districts": ["110105"],
            "service_mode": "live_in",
            "years_experience": 2,
            "password": "Ayi-pass-2026!",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["organization"] == provider.pk
    assert body["skills"] == [item.pk]
    assert body["districts"] == ["110105"]
    assert body["health_status"] == "missing"
    assert "password" not in body


def test_create_for_another_provider_is_refused(api, provider_admin):
    api.force_authenticate(provider_admin)

    response = api.post(
        reverse("api:worker-list"),
        {
            "organization": ProviderOrganizationFactory().pk,
            "name": "唐丽",
            "phone": "13812340002",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_organization"
    assert not WorkerProfile.objects.exists()


def test_bad_input_gets_json_errors_with_stable_codes(api, provider_admin):
    api.force_authenticate(provider_admin)

    bad_phone = api.post(
        reverse("api:worker-list"), {"name": "唐丽", "phone": "123"}, format="json"
    )
    bad_district = api.post(
        reverse("api:worker-list"),
        {"name": "唐丽", "phone": "13812340003", "districts": ["999999"]},
        format="json",
    )

    assert bad_phone.status_code == 400
    assert bad_phone.json()["code"] == "invalid_phone"
    assert bad_phone.json()["errors"]["phone"]
    assert bad_district.json()["code"] == "invalid_district"


def test_patch_updates_the_profile(api, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    api.force_authenticate(provider_admin)

    response = api.patch(
        worker_url("detail", worker),
        {"years_experience": 9, "home_latitude": "31.230416"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["years_experience"] == 9
    assert response.json()["home_latitude"] == "31.230416"


def test_put_availability_replaces_the_week(api, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    api.force_authenticate(provider_admin)

    response = api.put(
        worker_url("availability", worker),
        {
            "windows": [
                {"weekday": 4, "start_time": "20:00", "end_time": "24:00"},
                {"weekday": 5, "start_time": "00:00", "end_time": "06:00"},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["windows"] == [
        {"weekday": 4, "start_time": "20:00", "end_time": "24:00"},
        {"weekday": 5, "start_time": "00:00", "end_time": "06:00"},
    ]
    assert api.get(worker_url("availability", worker)).json() == response.json()


def test_overlapping_availability_is_a_400_with_a_code(api, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    api.force_authenticate(provider_admin)

    response = api.put(
        worker_url("availability", worker),
        {
            "windows": [
                {"weekday": 0, "start_time": "08:00", "end_time": "12:00"},
                {"weekday": 0, "start_time": "10:00", "end_time": "14:00"},
            ]
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "windows_overlap"
    assert worker.availability.count() == 7


def test_leaves_are_listed_added_and_cancelled(api, provider_admin, provider):
    worker = WorkerFactory(organization=provider)
    api.force_authenticate(provider_admin)
    start = timezone.now() + datetime.timedelta(days=3)

    created = api.post(
        worker_url("leaves", worker),
        {
            "kind": "sick",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(days=1)).isoformat(),
            "reason": "发烧",
        },
        format="json",
    )
    reversed_leave = api.post(
        worker_url("leaves", worker),
        {
            "starts_at": start.isoformat(),
            "ends_at": (start - datetime.timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    leave_id = created.json()["id"]
    cancelled = api.post(
        reverse(
            "api:worker-leave-cancel", kwargs={"pk": worker.pk, "leave_pk": leave_id}
        )
    )

    assert created.status_code == 201
    assert reversed_leave.status_code == 400
    assert reversed_leave.json()["code"] == "end_before_start"
    assert cancelled.status_code == 200 and cancelled.json()["is_cancelled"]
    assert len(api.get(worker_url("leaves", worker)).json()) == 1


def test_cancel_of_another_providers_leave_is_404(api, provider_admin, provider):
    mine = WorkerFactory(organization=provider)
    theirs_leave = LeaveFactory(worker=WorkerFactory())
    api.force_authenticate(provider_admin)

    for worker_pk in (mine.pk, theirs_leave.worker_id):
        response = api.post(
            reverse(
                "api:worker-leave-cancel",
                kwargs={"pk": worker_pk, "leave_pk": theirs_leave.pk},
            )
        )
        assert response.status_code == 404
    theirs_leave.refresh_from_db()
    assert not theirs_leave.is_cancelled


def test_health_certificate_upload_over_the_api(api, provider_admin, provider):
    worker = WorkerFactory(organization=provider, health_certificate=False)
    api.force_authenticate(provider_admin)

    response = api.post(
        worker_url("health-certificates", worker),
        {
            "number": "JKZ-API",
            "issued_on": "2026-01-01",
            "expires_on": "2026-12-31",
            "scan": pdf_upload(),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["has_scan"] is True
    assert worker.health_certificates.get().scan


def test_expiring_endpoint_is_scoped(api, provider_admin, provider):
    today = timezone.localdate()
    mine = WorkerFactory(organization=provider, health_certificate=False)
    mine_cert = HealthCertificateFactory(
        worker=mine, issued_on=today, expires_on=today + datetime.timedelta(days=3)
    )
    theirs = WorkerFactory(health_certificate=False)
    HealthCertificateFactory(
        worker=theirs, issued_on=today, expires_on=today + datetime.timedelta(days=3)
    )
    api.force_authenticate(provider_admin)

    response = api.get(reverse("api:worker-expiring-health-certificates"))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine_cert.pk]


def test_public_profile_needs_no_login_and_has_no_personal_data(api):
    worker = WorkerFactory(employee__name="李桂兰", rating_count=0)

    response = api.get(reverse("api:worker-public", kwargs={"pk": worker.pk}))

    assert response.status_code == 200
    body = response.json()
    assert body["public_name"] == "李阿姨"
    assert body["rating_average"] is None
    assert body["skills"][0]["name"] == worker.skills.get().name
    text = str(body)
    assert "桂兰" not in text
    assert worker.employee.phone not in text
    assert "home_latitude" not in body


def test_schema_of_the_workers_endpoints_builds_and_validates():
    # Only this app's URLs: another app's schema problem is not ours to test.
    generator = SchemaGenerator(
        patterns=[path("api/v1/", include(api_urls))], api_version="v1"
    )

    schema = generator.get_schema(request=None, public=True)

    assert "/api/v1/workers/{id}/availability/" in schema["paths"]
    assert "/api/v1/workers/expiring-health-certificates/" in schema["paths"]
    assert "/api/v1/workers/{id}/public/" in schema["paths"]
    validate_schema(schema)
