import pytest
from django.urls import reverse

from jiazheng.accounts.models import Organization, Role, User
from jiazheng.accounts.tenancy import has_role
from jiazheng.accounts.tests.factories import (
    OrganizationFactory,
    UserFactory,
    make_enterprise_member,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)

pytestmark = pytest.mark.django_db


def test_platform_admin_sees_every_user_with_full_numbers(client):
    member = make_family_member(user=UserFactory(phone="13912343333"))
    client.force_login(make_platform_staff())

    response = client.get(reverse("accounts_console:user_list"))

    assert response.status_code == 200
    assert member.phone in response.text


def test_other_platform_staff_see_numbers_masked(client):
    make_family_member(user=UserFactory(phone="13912343333"))
    client.force_login(make_platform_staff(Role.DISPATCHER))

    response = client.get(reverse("accounts_console:user_list"))

    assert "13912343333" not in response.text
    assert "139****3333" in response.text


def test_user_list_filters_by_role_and_searches_by_name(client):
    make_family_member(user=UserFactory(name="王家庭"))
    make_provider_staff(user=UserFactory(name="李企业"))
    client.force_login(make_platform_staff())

    by_role = client.get(
        reverse("accounts_console:user_list"), {"role": Role.FAMILY_MEMBER}
    )
    by_name = client.get(reverse("accounts_console:user_list"), {"q": "李企"})

    assert "王家庭" in by_role.text and "李企业" not in by_role.text
    assert "李企业" in by_name.text and "王家庭" not in by_name.text


def test_provider_admin_sees_only_their_own_staff(client):
    own, other = OrganizationFactory(), OrganizationFactory()
    make_provider_staff(own, Role.PROVIDER_STAFF, user=UserFactory(name="本店员工"))
    make_provider_staff(other, Role.PROVIDER_STAFF, user=UserFactory(name="别家员工"))
    client.force_login(make_provider_staff(own))

    response = client.get(reverse("accounts_console:user_list"))

    assert "本店员工" in response.text
    assert "别家员工" not in response.text


def test_provider_admin_creates_a_staff_account_in_their_organisation(client):
    own = OrganizationFactory()
    client.force_login(make_provider_staff(own))

    response = client.post(
        reverse("accounts_console:staff_create", args=[own.pk]),
        {"phone": "13912344444", "name": "新阿姨", "role": Role.WORKER},
    )

    assert response.status_code == 302
    created = User.objects.get(phone="13912344444")
    assert has_role(created, Role.WORKER)
    assert not created.has_usable_password()


def test_provider_admin_cannot_add_staff_to_another_organisation(client):
    other = OrganizationFactory()
    client.force_login(make_provider_staff())
    response = client.post(
        reverse("accounts_console:staff_create", args=[other.pk]),
        {"phone": "13912344444", "name": "新阿姨", "role": Role.WORKER},
    )
    assert response.status_code == 404
    assert not User.objects.filter(phone="13912344444").exists()


def test_provider_admin_cannot_grant_a_platform_role(client):
    own = OrganizationFactory()
    client.force_login(make_provider_staff(own))
    response = client.post(
        reverse("accounts_console:staff_create", args=[own.pk]),
        {"phone": "13912344444", "name": "冒充", "role": Role.PLATFORM_ADMIN},
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(phone="13912344444").exists()


def test_provider_staff_and_members_cannot_open_user_management(client):
    client.force_login(make_provider_staff(role=Role.PROVIDER_STAFF))
    assert client.get(reverse("accounts_console:user_list")).status_code == 403
    client.force_login(make_family_member())
    assert client.get(reverse("accounts_console:user_list")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("accounts_console:user_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_organisation_list_is_for_platform_staff(client):
    OrganizationFactory(name="安心家政")
    client.force_login(make_provider_staff())
    assert client.get(reverse("accounts_console:organization_list")).status_code == 403
    client.force_login(make_platform_staff(Role.DISPATCHER))
    response = client.get(
        reverse("accounts_console:organization_list"),
        {"kind": Organization.Kind.PROVIDER},
    )
    assert "安心家政" in response.text


def test_member_area_masks_nothing_for_the_owner_and_links_enterprise_apply(client):
    user = UserFactory(phone="13912345555")
    client.force_login(user)
    response = client.get(reverse("accounts:me"))
    assert "13912345555" in response.text
    assert "/providers/apply/" not in response.text

    make_enterprise_member(user=user)
    assert "/providers/apply/" in client.get(reverse("accounts:me")).text


def test_member_changes_password_and_stays_signed_in(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:change_password"),
        {
            "pw-old_password": "Jz-test-pass-2026",
            "pw-new_password1": "Xin-mima-2026!",
            "pw-new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-mima-2026!")
    assert client.get(reverse("accounts:me")).status_code == 200
