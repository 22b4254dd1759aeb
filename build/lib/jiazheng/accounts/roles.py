"""Roles as auth groups, and the model permissions each role holds.

Each ``Role`` value is also the name of an auth ``Group``. ``ROLE_PERMISSIONS``
lists, per role, permission patterns: ``"app_label.codename"``, ``"app_label.*"``
(every permission of the app) or a prefix such as ``"app_label.view_*"``.
Patterns naming apps or models that do not exist (yet) match nothing, so the
mapping may mention apps before they are written.

Higher apps add their permissions in their AppConfig.ready() with
``grant(Role.X, "cards.view_card", ...)``. ``sync_roles()`` applies the
mapping; the 0003 migration and ``manage.py sync_roles`` run it, and so does
every ``migrate`` (see AccountsConfig.ready), after the permissions of newly
migrated apps exist.
"""

import fnmatch
import logging

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction

from jiazheng.accounts.models import Role

logger = logging.getLogger(__name__)

_VIEW_ACCOUNTS = (
    "accounts.view_user",
    "accounts.view_organization",
    "accounts.view_membership",
)
_OWN_VERIFICATION = (
    "accounts.add_identityverification",
    "accounts.view_identityverification",
)

ROLE_PERMISSIONS = {
    Role.PLATFORM_ADMIN: [
        "accounts.*",
        "auth.view_group",
        "auth.view_permission",
        "auth.change_group",
        "common.*",
        "notifications.*",
        "audit.view_*",
        "catalog.*",
        "providers.*",
    ],
    Role.DISPATCHER: [
        *_VIEW_ACCOUNTS,
        "accounts.view_identityverification",
        "accounts.change_identityverification",
        "catalog.view_*",
        "providers.view_*",
    ],
    Role.CASHIER: [*_VIEW_ACCOUNTS, "catalog.view_*"],
    Role.EDITOR: ["accounts.view_organization", "catalog.view_*"],
    Role.AUDITOR: [
        "accounts.view_*",
        "auth.view_*",
        "audit.view_*",
        "catalog.view_*",
        "providers.view_*",
    ],
    Role.OFFICE_STAFF: ["accounts.view_user", "accounts.view_organization"],
    Role.PROVIDER_ADMIN: [
        *_VIEW_ACCOUNTS,
        "accounts.add_user",
        "accounts.change_user",
        "accounts.add_membership",
        "accounts.change_membership",
        "accounts.change_organization",
        *_OWN_VERIFICATION,
    ],
    Role.PROVIDER_STAFF: [*_VIEW_ACCOUNTS],
    Role.WORKER: [*_OWN_VERIFICATION],
    Role.FAMILY_MEMBER: [*_OWN_VERIFICATION],
    Role.ENTERPRISE_MEMBER: [
        "accounts.view_organization",
        "accounts.change_organization",
        *_OWN_VERIFICATION,
    ],
}


def grant(role, *patterns):
    """Add permission patterns to a role (call from an AppConfig.ready())."""
    ROLE_PERMISSIONS.setdefault(Role(role), [])
    for pattern in patterns:
        if pattern not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(pattern)


def _matches(pattern, app_label, codename):
    pattern_app, _sep, pattern_codename = pattern.partition(".")
    return pattern_app == app_label and fnmatch.fnmatchcase(codename, pattern_codename)


def resolve(patterns, permissions):
    """Return the ``Permission`` rows among ``permissions`` matching patterns."""
    return [
        permission
        for permission in permissions
        if any(
            _matches(p, permission.content_type.app_label, permission.codename)
            for p in patterns
        )
    ]


def sync_roles(*, group_model, permission_model, prune=False):
    """Create one group per role and give it the permissions of the mapping.

    Permissions are only added unless ``prune`` is set, so a permission that
    an administrator gave a group by hand survives a later sync. Models are
    passed in so the data migration can use its historical ones.
    Return ``{role: number of permissions}``.
    """
    permissions = list(permission_model.objects.select_related("content_type"))
    counts = {}
    for role in Role:
        group, created = group_model.objects.get_or_create(name=role.value)
        wanted = resolve(ROLE_PERMISSIONS.get(role, ()), permissions)
        if prune:
            group.permissions.set(wanted)
        else:
            group.permissions.add(*wanted)
        counts[role.value] = len(wanted)
        if created:
            logger.info("role group created", extra={"role": role.value})
    return counts


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Give role groups the permissions of apps migrated after accounts.

    Django creates permissions on post_migrate, app by app; syncing once the
    last app's permissions exist keeps a fresh database complete without a
    separate ``manage.py sync_roles``. This is set-up, not a business rule.
    """
    # Django sends post_migrate only for apps with a models module.
    with_models = [c for c in global_apps.get_app_configs() if c.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    with transaction.atomic(using=using):
        sync_roles(group_model=Group, permission_model=Permission)
