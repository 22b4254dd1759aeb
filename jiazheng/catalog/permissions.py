"""Who may read and who may change the catalogue in the console and the API.

Reading the catalogue is public on the portal; the console pages are for the
platform's staff, and only its administrators and editors change anything.
"""

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import is_platform_staff, memberships_of

EDITOR_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.EDITOR})


def can_view_catalog_console(user):
    """Return whether ``user`` may open the catalogue pages of the console."""
    return is_platform_staff(user)


def can_edit_catalog(user):
    """Return whether ``user`` may change categories and items.

    The role must be held in the platform organisation itself: an "editor"
    membership in a provider does not reach the platform's catalogue.
    """
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role in EDITOR_ROLES and m.organization.kind == Organization.Kind.PLATFORM
        for m in memberships_of(user)
    )


def can_edit_pricing(user):
    """Return whether ``user`` may change the holiday table and the price rule.

    Surcharges and cancellation terms are the centre's commercial decisions,
    so only its administrators make them; editors and dispatchers read them.
    """
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role == Role.PLATFORM_ADMIN
        and m.organization.kind == Organization.Kind.PLATFORM
        for m in memberships_of(user)
    )
