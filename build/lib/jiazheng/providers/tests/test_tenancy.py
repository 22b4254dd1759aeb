"""A provider's staff neither list, fetch nor change another provider's rows."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.tenancy import registered_routes
from jiazheng.providers.models import (
    FranchiseApplication,
    JobApplication,
    JobPosting,
    ProviderProfile,
    ProviderServiceItem,
)
from jiazheng.providers.services.jobs import apply_to_job
from jiazheng.providers.tests.factories import (
    FranchiseApplicationFactory,
    JobPostingFactory,
    ProviderServiceItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_provider):
    posting = JobPostingFactory(organization=other_provider, title="乙的职位")
    application, _ = apply_to_job(posting=posting, name="赵六", phone="13700001111")
    return {
        "item": ProviderServiceItemFactory(organization=other_provider, price="66.60"),
        "posting": posting,
        "application": application,
        "profile": ProviderProfile.objects.get(organization=other_provider),
    }


def test_every_model_with_an_organisation_is_registered():
    routes = registered_routes()
    for model in (
        FranchiseApplication,
        ProviderProfile,
        ProviderServiceItem,
        JobPosting,
        JobApplication,
    ):
        assert model in routes


def test_console_lists_show_only_own_rows(client, provider_admin, theirs):
    client.force_login(provider_admin)

    pages = [
        client.get(reverse("providers_console:fee_list")),
        client.get(reverse("providers_console:job_list")),
        client.get(reverse("providers_console:job_application_list")),
        client.get(reverse("providers_console:profile_list")),
    ]

    text = "".join(p.content.decode() for p in pages)
    assert all(p.status_code == 200 for p in pages)
    assert "66.60" not in text
    assert "乙的职位" not in text
    assert "赵六" not in text
    assert "乙家政" not in text


def test_console_pages_of_another_providers_rows_are_404(
    client, provider_admin, theirs
):
    client.force_login(provider_admin)

    urls = [
        reverse("providers_console:fee_edit", args=[theirs["item"].pk]),
        reverse("providers_console:job_edit", args=[theirs["posting"].pk]),
        reverse("providers_console:profile_edit", args=[theirs["profile"].pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"price": "1.00", "title": "x"}).status_code == 404


def test_console_actions_on_another_providers_rows_change_nothing(
    client, provider_admin, theirs
):
    client.force_login(provider_admin)

    publish = client.post(
        reverse("providers_console:fee_publish", args=[theirs["item"].pk]),
        {"action": "unpublish"},
    )
    close = client.post(
        reverse("providers_console:job_status", args=[theirs["posting"].pk]),
        {"status": "closed"},
    )

    assert (publish.status_code, close.status_code) == (404, 404)
    theirs["item"].refresh_from_db()
    theirs["posting"].refresh_from_db()
    assert theirs["item"].is_published
    assert theirs["posting"].is_open


def test_api_lists_and_details_are_scoped(provider_admin, theirs):
    api = APIClient()
    api.force_authenticate(provider_admin)

    for name in (
        "api:my-provider-item-list",
        "api:my-job-posting-list",
        "api:my-job-application-list",
    ):
        assert api.get(reverse(name)).json()["count"] == 0
    for name, row in (
        ("api:my-provider-item-detail", theirs["item"]),
        ("api:my-job-posting-detail", theirs["posting"]),
        ("api:my-job-application-detail", theirs["application"]),
    ):
        url = reverse(name, args=[row.pk])
        assert api.get(url).status_code == 404
        # Job applications are read-only: writes are refused either way.
        assert api.patch(url, {"price": "1.00"}, format="json").status_code in (
            404,
            405,
        )
        assert api.delete(url).status_code in (404, 405)
    assert ProviderServiceItem.objects.filter(pk=theirs["item"].pk).exists()


def test_provider_staff_see_no_franchise_applications(client, provider_admin):
    application = FranchiseApplicationFactory()
    api = APIClient()
    api.force_authenticate(provider_admin)

    listed = api.get(reverse("api:franchise-application-list")).json()
    detail = api.get(reverse("api:franchise-application-detail", args=[application.pk]))

    assert listed["count"] == 0
    assert detail.status_code == 404


def test_own_rows_are_reachable(client, provider, provider_admin):
    item = ProviderServiceItemFactory(organization=provider)
    posting = JobPostingFactory(organization=provider)
    client.force_login(provider_admin)

    assert (
        client.get(reverse("providers_console:fee_edit", args=[item.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("providers_console:job_edit", args=[posting.pk])).status_code
        == 200
    )


def test_the_console_forms_open_for_a_provider_admin(client, provider, provider_admin):
    client.force_login(provider_admin)
    profile = ProviderProfile.objects.get(organization=provider)

    for url in (
        reverse("providers_console:fee_create"),
        reverse("providers_console:job_create"),
        reverse("providers_console:profile_edit", args=[profile.pk]),
    ):
        assert client.get(url).status_code == 200


def test_the_apply_page_opens_for_an_enterprise_member(client, applicant, category):
    client.force_login(applicant)

    page = client.get(reverse("providers:apply")).content.decode()

    assert 'name="credit_code"' in page
    assert 'name="business_licence"' in page
