"""`manage.py seed_demo` loads the demo once and prints the logins."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiazheng.accounts.models import Organization, Role, User
from jiazheng.accounts.tenancy import roles_of
from jiazheng.providers.models import FranchiseApplication, ProviderServiceItem
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.queries import dispatchable_workers

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_six_providers_in_different_districts_with_fees():
    seed()

    providers = Organization.objects.filter(kind=Organization.Kind.PROVIDER)
    assert providers.count() == 6
    assert len({p.region_id for p in providers}) == 6
    for provider in providers:
        assert ProviderServiceItem.objects.filter(
            organization=provider, is_published=True
        ).exists()
    assert (
        FranchiseApplication.objects.filter(
            status=FranchiseApplication.Status.SUBMITTED
        ).count()
        == 3
    )


def test_seed_demo_has_one_login_per_role_and_prints_them():
    output = seed()

    for role in Role:
        holders = [u for u in User.objects.all() if role in roles_of(u)]
        assert holders, f"no demo account for {role}"
        assert any(u.phone in output for u in holders)
    assert "Demo@2026" in output


def test_seed_demo_a_second_time_changes_nothing():
    seed()
    counts = (User.objects.count(), Organization.objects.count())

    output = seed()

    assert (User.objects.count(), Organization.objects.count()) == counts
    assert "已存在" in output


def test_demo_platform_admin_can_sign_in_with_the_printed_password(client):
    seed()

    response = client.post(
        "/accounts/login/", {"phone": "13900000001", "password": "Demo@2026"}
    )

    assert response.status_code == 302
    assert client.get("/console/").status_code == 200


def test_seed_demo_gives_providers_forty_workers_with_one_expired_certificate():
    seed()

    workers = WorkerProfile.objects.all()
    assert workers.count() == 40
    assert len(list(dispatchable_workers(on_date=timezone.localdate()))) == 39
    demo_worker = User.objects.get(phone="13900000013")
    assert WorkerProfile.objects.filter(employee__user=demo_worker).exists()
