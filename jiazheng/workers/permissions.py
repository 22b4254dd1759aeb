"""Who may see and manage workers.

Platform administrators and dispatchers see and manage every worker; a
provider's administrators and staff those of their own organisation.
Which rows a user reaches is tenancy's business (``tenancy.scope``).
"""

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import has_role, is_platform_staff, memberships_of

PLATFORM_ROLES = (Role.PLATFORM_ADMIN, Role.DISPATCHER)
PROVIDER_ROLES = (Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF)
CONSOLE_ROLES = PLATFORM_ROLES + PROVIDER_ROLES


def _platform_manager(user):
    return is_platform_staff(user) and has_role(user, *PLATFORM_ROLES)


def can_view_workers(user):
    """Tell whether the user may open the workers' console at all."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _platform_manager(user):
        return True
    return any(
        m.role in PROVIDER_ROLES and m.organization.kind != Organization.Kind.ENTERPRISE
        for m in memberships_of(user)
    )


def can_manage_workers_of(user, organization):
    """Tell whether the user may add and change the workers of ``organization``."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _platform_manager(user):
        return True
    return any(
        m.organization_id == organization.pk and m.role in PROVIDER_ROLES
        for m in memberships_of(user)
    )


def managed_organizations(user):
    """Return the organisations whose workers the user may create."""
    if _platform_manager(user):
        return Organization.objects.filter(
            kind__in=[Organization.Kind.PROVIDER, Organization.Kind.PLATFORM],
            is_active=True,
        )
    ids = {m.organization_id for m in memberships_of(user) if m.role in PROVIDER_ROLES}
    return Organization.objects.filter(
        pk__in=ids,
        kind__in=[Organization.Kind.PROVIDER, Organization.Kind.PLATFORM],
        is_active=True,
    )
