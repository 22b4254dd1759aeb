"""Whose orders a dispatcher works on: the platform's or one provider's."""

from jiazheng.accounts.models import Organization
from jiazheng.accounts.tenancy import memberships_of
from jiazheng.bookings.queries import (
    ORDER_STAFF_PROVIDER_ROLES,
    is_platform_dispatcher,
)
from jiazheng.common.errors import NotAllowed


def dispatch_organization(user):
    """Return None for the platform's dispatchers, else the user's provider.

    A provider's staff dispatch only their own organisation's orders and
    workers; someone on the staff of several providers works on the first.
    """
    if is_platform_dispatcher(user):
        return None
    for membership in sorted(memberships_of(user), key=lambda m: m.pk):
        if (
            membership.role in ORDER_STAFF_PROVIDER_ROLES
            and membership.organization.kind == Organization.Kind.PROVIDER
        ):
            return membership.organization
    raise NotAllowed()
