"""Job postings and the public's applications to them (1.3.3)."""

import pytest
from django.urls import reverse

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff
from jiazheng.common.errors import ServiceError
from jiazheng.providers.models import JobApplication, JobPosting
from jiazheng.providers.services.jobs import apply_to_job, create_job_posting
from jiazheng.providers.tests.factories import JobPostingFactory

pytestmark = pytest.mark.django_db


def test_provider_staff_publish_a_posting_from_the_console(
    client, provider, provider_admin, chaoyang, category
):
    client.force_login(provider_admin)

    response = client.post(
        reverse("providers_console:job_create"),
        {
            "title": "住家保姆",
            "category": category.pk,
            "region": chaoyang.code,
            "headcount": "3",
            "salary_min": "6000",
            "salary_max": "9000",
            "description": "照顾老人。",
            "requirements": "",
        },
    )

    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert (posting.organization, posting.status) == (provider, JobPosting.Status.OPEN)
    assert posting.published_at is not None
    assert "住家保姆" in client.get(reverse("providers:job_list")).content.decode()


def test_an_inverted_salary_range_is_refused(provider, chaoyang):
    with pytest.raises(ServiceError) as caught:
        create_job_posting(
            organization=provider,
            data={
                "title": "保洁员",
                "description": "x",
                "salary_min": 9000,
                "salary_max": 6000,
                "region": chaoyang,
            },
        )

    assert caught.value.field == "salary_max"
    assert not JobPosting.objects.exists()


def test_html_in_a_posting_is_refused(provider):
    with pytest.raises(ServiceError) as caught:
        create_job_posting(
            organization=provider,
            data={"title": "<b>急聘</b>", "description": "x"},
        )

    assert caught.value.code == "html_not_allowed"


def test_the_public_applies_once_per_phone(client):
    posting = JobPostingFactory()
    url = reverse("providers:job_detail", args=[posting.pk])

    first = client.post(url, {"name": "王芳", "phone": "139 1234 5678"}, follow=True)
    second = client.post(url, {"name": "王芳", "phone": "13912345678"}, follow=True)

    assert "投递成功" in first.content.decode()
    assert "已投递过" in second.content.decode()
    application = JobApplication.objects.get()
    assert (application.phone, application.organization) == (
        "13912345678",
        posting.organization,
    )


def test_a_bad_phone_is_refused_and_nothing_saved(client):
    posting = JobPostingFactory()

    response = client.post(
        reverse("providers:job_detail", args=[posting.pk]),
        {"name": "王芳", "phone": "12345"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not JobApplication.objects.exists()


def test_a_closed_posting_takes_no_applications():
    posting = JobPostingFactory(status=JobPosting.Status.CLOSED)

    with pytest.raises(ServiceError):
        apply_to_job(posting=posting, name="王芳", phone="13912345678")


def test_closing_a_posting_removes_it_from_the_board(client, provider, provider_admin):
    posting = JobPostingFactory(organization=provider, title="月嫂")
    client.force_login(provider_admin)

    client.post(
        reverse("providers_console:job_status", args=[posting.pk]), {"status": "closed"}
    )

    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.CLOSED
    assert (
        client.get(reverse("providers:job_detail", args=[posting.pk])).status_code
        == 404
    )


def test_the_provider_sees_applicants_phones_in_full_and_platform_staff_masked(
    client, provider, provider_admin
):
    posting = JobPostingFactory(organization=provider)
    apply_to_job(posting=posting, name="王芳", phone="13912345678")

    client.force_login(provider_admin)
    own = client.get(reverse("providers_console:job_application_list")).content.decode()
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))
    staff = client.get(
        reverse("providers_console:job_application_list")
    ).content.decode()

    assert "13912345678" in own
    assert "13912345678" not in staff
    assert "139****5678" in staff
