"""Who may work with personnel records, and on which organisations.

The platform's admins and office staff see every organisation's records; a
provider's admin sees their own provider's. Rows are always fetched through
``tenancy.scope`` first; the role filter below narrows further, so that a
provider admin who is also plain staff elsewhere sees only the provider
they administer.
"""

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import (
    get_scoped_or_404,
    has_role,
    is_platform_staff,
    memberships_of,
    scope,
)

PLATFORM_HR_ROLES = (Role.PLATFORM_ADMIN, Role.OFFICE_STAFF)
HR_ROLES = (*PLATFORM_HR_ROLES, Role.PROVIDER_ADMIN)


def sees_every_organization(user):
    return is_platform_staff(user) and has_role(user, *PLATFORM_HR_ROLES)


def managed_organization_ids(user):
    """Return the organisations whose personnel ``user`` manages (None: all)."""
    if sees_every_organization(user):
        return None
    return {
        m.organization_id
        for m in memberships_of(user)
        if m.role == Role.PROVIDER_ADMIN
        and m.organization.kind == Organization.Kind.PROVIDER
    }


def may_use_hr(user):
    ids = managed_organization_ids(user)
    return ids is None or bool(ids)


def hr_scope(queryset, user, *, field="organization"):
    """Return the rows of ``queryset`` that ``user`` manages."""
    queryset = scope(queryset, user, field=field)
    ids = managed_organization_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def hr_get_or_404(queryset, user, **lookups):
    """Fetch one managed row or raise 404."""
    return get_scoped_or_404(hr_scope(queryset, user), user, **lookups)


def employer_organizations(user):
    """Return the organisations ``user`` may hire into."""
    organizations = Organization.objects.filter(
        kind__in=(Organization.Kind.PLATFORM, Organization.Kind.PROVIDER),
        is_active=True,
    )
    return hr_scope(organizations, user, field="pk")
