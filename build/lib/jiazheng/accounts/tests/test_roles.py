import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.roles import ROLE_PERMISSIONS, grant, sync_roles
from jiazheng.accounts.services import add_member
from jiazheng.accounts.tenancy import (
    has_role,
    is_platform_staff,
    organization_ids_for,
    roles_of,
    scope,
)
from jiazheng.accounts.tests.factories import (
    OrganizationFactory,
    UserFactory,
    make_family_member,
    make_provider_staff,
)

pytestmark = pytest.mark.django_db


def test_every_role_has_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_role_groups_carry_the_mapped_permissions():
    dispatcher = Group.objects.get(name=Role.DISPATCHER)
    codenames = set(dispatcher.permissions.values_list("codename", flat=True))
    assert {"view_user", "change_identityverification"} <= codenames
    assert "delete_user" not in codenames
    admin = Group.objects.get(name=Role.PLATFORM_ADMIN)
    assert admin.permissions.filter(codename="delete_user").exists()


def test_sync_roles_command_restores_a_removed_permission():
    group = Group.objects.get(name=Role.DISPATCHER)
    group.permissions.clear()

    call_command("sync_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert group.permissions.filter(codename="view_user").exists()


def test_prune_removes_permissions_the_mapping_does_not_list():
    group = Group.objects.get(name=Role.FAMILY_MEMBER)
    group.permissions.add(Permission.objects.get(codename="delete_user"))

    sync_roles(group_model=Group, permission_model=Permission, prune=True)

    assert not group.permissions.filter(codename="delete_user").exists()


def test_grant_lets_later_apps_extend_a_role(monkeypatch):
    monkeypatch.setitem(
        ROLE_PERMISSIONS, Role.EDITOR, list(ROLE_PERMISSIONS[Role.EDITOR])
    )
    grant(Role.EDITOR, "accounts.view_user")
    sync_roles(group_model=Group, permission_model=Permission)
    group = Group.objects.get(name=Role.EDITOR)
    assert group.permissions.filter(codename="view_user").exists()


def test_add_member_puts_the_user_in_the_role_group():
    user = UserFactory()
    add_member(user=user, organization=OrganizationFactory(), role=Role.PROVIDER_STAFF)
    assert user.groups.filter(name=Role.PROVIDER_STAFF).exists()
    assert has_role(user, Role.PROVIDER_STAFF)


def test_family_member_has_the_role_but_sees_no_organisation_rows():
    OrganizationFactory()
    user = make_family_member()

    assert roles_of(user) == {Role.FAMILY_MEMBER}
    assert not is_platform_staff(user)
    assert organization_ids_for(user) == set()
    assert scope(Organization.objects.all(), user, field="pk").count() == 0


def test_role_group_alone_does_not_make_platform_staff():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.PLATFORM_ADMIN))
    assert has_role(user, Role.PLATFORM_ADMIN)
    assert not is_platform_staff(user)
    assert organization_ids_for(user) == set()


def test_provider_staff_see_only_their_own_organisation():
    own = OrganizationFactory()
    OrganizationFactory()
    user = make_provider_staff(own)
    assert list(scope(Organization.objects.all(), user, field="pk")) == [own]
