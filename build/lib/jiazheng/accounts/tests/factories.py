"""Factories for users, organisations and memberships (used by every app)."""

import factory
from django.contrib.auth.models import Group

from jiazheng.accounts.models import Membership, Organization, Role, User
from jiazheng.accounts.tenancy import forget_memberships

DEFAULT_PASSWORD = "Jz-test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("phone",)
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"138000{n:05d}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password(DEFAULT_PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.PROVIDER
    name = factory.Sequence(lambda n: f"安心家政服务有限公司{n}号")
    contact_phone = "010-88886666"


class PlatformOrganizationFactory(OrganizationFactory):
    kind = Organization.Kind.PLATFORM
    name = factory.Sequence(lambda n: f"市家政服务中心{n}")


class EnterpriseOrganizationFactory(OrganizationFactory):
    kind = Organization.Kind.ENTERPRISE
    name = factory.Sequence(lambda n: f"华信科技有限公司{n}号")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.PROVIDER_STAFF


def _member(user, organization, role):
    MembershipFactory(user=user, organization=organization, role=role)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_memberships(user)
    return user


def make_platform_staff(role=Role.PLATFORM_ADMIN, *, user=None, organization=None):
    """Return a user holding ``role`` in the platform organisation."""
    organization = organization or (
        Organization.objects.filter(kind=Organization.Kind.PLATFORM).first()
        or PlatformOrganizationFactory()
    )
    return _member(user or UserFactory(), organization, role)


def make_provider_staff(organization=None, role=Role.PROVIDER_ADMIN, *, user=None):
    """Return a user holding ``role`` in a provider (a new one by default)."""
    organization = organization or OrganizationFactory()
    return _member(user or UserFactory(), organization, role)


def make_family_member(*, user=None):
    """Return a family member: the group, no organisation."""
    user = user or UserFactory()
    group, _ = Group.objects.get_or_create(name=Role.FAMILY_MEMBER)
    user.groups.add(group)
    forget_memberships(user)
    return user


def make_enterprise_member(organization=None, *, user=None):
    """Return an enterprise member with their own enterprise organisation."""
    organization = organization or EnterpriseOrganizationFactory()
    return _member(user or UserFactory(), organization, Role.ENTERPRISE_MEMBER)
