"""The one tenancy mechanism: which organisations' rows a user may see.

Every view and API endpoint that shows organisation-owned rows goes through
``scope()`` or ``get_scoped_or_404()`` (or the mixins built on them). Platform
staff see every organisation; everyone else sees only the organisations they
hold an active membership in.

A user's roles are those of their active memberships plus the auth groups
named after a role that they belong to. Family members hold their role
through the group alone: they have no organisation, so they see no
organisation's rows. Models register here with the URLs that show
them, so that one test can walk them all (web/tests/test_tenancy_walk.py).
"""

from dataclasses import dataclass

from django.http import Http404

from jiazheng.accounts.models import (
    PLATFORM_STAFF_ROLES,
    Membership,
    Organization,
    Role,
)

_MEMBERSHIP_CACHE_ATTR = "_jiazheng_memberships"
_GROUP_ROLES_CACHE_ATTR = "_jiazheng_group_roles"
_ROLE_VALUES = frozenset(Role.values)


def memberships_of(user):
    """Return the user's active memberships, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _MEMBERSHIP_CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(
                user=user, is_active=True, organization__is_active=True
            ).select_related("organization")
        )
        setattr(user, _MEMBERSHIP_CACHE_ATTR, cached)
    return cached


def forget_memberships(user):
    """Drop the per-request caches after a membership or group changed."""
    for attr in (_MEMBERSHIP_CACHE_ATTR, _GROUP_ROLES_CACHE_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def group_roles_of(user):
    """Return the roles the user holds through Role-named auth groups."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _GROUP_ROLES_CACHE_ATTR, None)
    if cached is None:
        names = user.groups.filter(name__in=_ROLE_VALUES).values_list("name", flat=True)
        cached = frozenset(names)
        setattr(user, _GROUP_ROLES_CACHE_ATTR, cached)
    return cached


def primary_organization_id(user):
    """Return the organisation the user joined first (for the system log)."""
    memberships = memberships_of(user)
    if not memberships:
        return None
    return min(memberships, key=lambda m: m.pk).organization_id


def roles_of(user):
    """Return the user's role values: memberships' roles and role groups."""
    return {m.role for m in memberships_of(user)} | set(group_roles_of(user))


def has_role(user, *roles):
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_of(user) & set(roles))


def is_platform_staff(user):
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.role in PLATFORM_STAFF_ROLES
        and m.organization.kind == Organization.Kind.PLATFORM
        for m in memberships_of(user)
    )


def organization_ids_for(user):
    """Return the ids of organisations whose rows the user may see.

    ``None`` means every organisation (platform staff).
    """
    if is_platform_staff(user):
        return None
    return {m.organization_id for m in memberships_of(user)}


def scope(queryset, user, *, field="organization"):
    """Restrict ``queryset`` to the rows of organisations the user may see."""
    ids = organization_ids_for(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def get_scoped_or_404(queryset, user, *, field="organization", **lookups):
    """Fetch one row the user may see, or raise 404 (never 403: no leaks)."""
    try:
        return scope(queryset, user, field=field).get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


class TenantScopedQuerysetMixin:
    """For class-based views and DRF views: scope ``get_queryset()``."""

    tenant_field = "organization"

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user, field=self.tenant_field)


@dataclass(frozen=True)
class TenantRoute:
    """URL names that list, show and change one organisation-owned model.

    Detail and change URLs take the row's primary key as ``pk``.
    """

    model: type
    console_list: str | None = None
    console_detail: str | None = None
    console_change: str | None = None
    api_list: str | None = None
    api_detail: str | None = None


_ROUTES = {}


def register(model, **urls):
    """Declare where an organisation-owned model is shown (call in ready())."""
    _ROUTES[model] = TenantRoute(model=model, **urls)


def registered_routes():
    return dict(_ROUTES)
