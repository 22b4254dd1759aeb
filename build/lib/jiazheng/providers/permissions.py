"""Who may apply, review, and manage a provider's offer in the console and API."""

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import is_platform_staff, memberships_of

REVIEWER_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.DISPATCHER})
PROVIDER_OFFICE_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF})


def can_review_applications(user):
    """Return whether ``user`` may see, approve and reject franchise applications.

    The role must be held in the platform organisation: a "dispatcher"
    membership elsewhere does not make someone a reviewer.
    """
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role in REVIEWER_ROLES and m.organization.kind == Organization.Kind.PLATFORM
        for m in memberships_of(user)
    )


def enterprise_of(user):
    """Return the enterprise organisation ``user`` is a member of, or None."""
    for membership in memberships_of(user):
        if (
            membership.role == Role.ENTERPRISE_MEMBER
            and membership.organization.kind == Organization.Kind.ENTERPRISE
        ):
            return membership.organization
    return None


def is_enterprise_member_of(user, organization):
    return organization.kind == Organization.Kind.ENTERPRISE and any(
        m.organization_id == organization.pk and m.role == Role.ENTERPRISE_MEMBER
        for m in memberships_of(user)
    )


def provider_of(user):
    """Return the provider whose office ``user`` works in, or None."""
    for membership in memberships_of(user):
        if (
            membership.role in PROVIDER_OFFICE_ROLES
            and membership.organization.kind == Organization.Kind.PROVIDER
        ):
            return membership.organization
    return None


def can_manage_offers(user):
    """Return whether ``user`` may open the fee, job and profile console pages.

    Provider office staff manage their own provider's rows; platform staff
    may look after every provider's (tenancy scoping decides which rows).
    """
    return provider_of(user) is not None or is_platform_staff(user)


def can_edit_profile(user, profile):
    """Return whether ``user`` may change ``profile``'s showcase."""
    if is_platform_staff(user):
        return True
    return any(
        m.role == Role.PROVIDER_ADMIN and m.organization_id == profile.organization_id
        for m in memberships_of(user)
    )
