"""Reads of users, organisations and verifications shared by several views."""

from django.db.models import Q

from jiazheng.accounts.models import (
    IdentityVerification,
    Membership,
    Organization,
    Role,
    User,
)
from jiazheng.accounts.tenancy import has_role, is_platform_staff, memberships_of


def latest_verification(user):
    """Return the user's most recent verification request, or None."""
    return (
        IdentityVerification.objects.filter(user=user).order_by("-created_at").first()
    )


def managed_organization_ids(user):
    """Return ids of organisations whose staff ``user`` manages.

    ``None`` means every organisation (platform admins).
    """
    if is_platform_staff(user) and has_role(user, Role.PLATFORM_ADMIN):
        return None
    return {
        m.organization_id for m in memberships_of(user) if m.role == Role.PROVIDER_ADMIN
    }


def users_visible_to(user, *, role=None, search=""):
    """Return the users ``user`` may list in the console, newest first.

    Platform staff see everyone; a provider admin sees the members of their
    own organisations only.
    """
    users = User.objects.all()
    if not is_platform_staff(user):
        ids = managed_organization_ids(user) or set()
        users = users.filter(
            memberships__organization_id__in=ids, memberships__is_active=True
        )
    if role:
        users = users.filter(
            Q(memberships__role=role, memberships__is_active=True)
            | Q(groups__name=role)
        )
    search = (search or "").strip()
    if search:
        users = users.filter(Q(phone__contains=search) | Q(name__icontains=search))
    return users.distinct().order_by("-date_joined", "-pk")


def memberships_in(user_ids, organization_ids=None):
    """Return active memberships of the given users, optionally limited."""
    memberships = Membership.objects.filter(
        user_id__in=user_ids, is_active=True
    ).select_related("organization")
    if organization_ids is not None:
        memberships = memberships.filter(organization_id__in=organization_ids)
    return memberships


def organizations_for_console(*, kind=None, search=""):
    """Return organisations for the platform's console list."""
    organizations = Organization.objects.all()
    if kind:
        organizations = organizations.filter(kind=kind)
    search = (search or "").strip()
    if search:
        organizations = organizations.filter(
            Q(name__icontains=search) | Q(credit_code__icontains=search)
        )
    return organizations.order_by("kind", "name")


def pending_verifications():
    return IdentityVerification.objects.filter(
        status=IdentityVerification.Status.PENDING
    ).select_related("user")
