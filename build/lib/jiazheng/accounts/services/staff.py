"""Staff accounts that an organisation's administrator creates."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.accounts.models import (
    PLATFORM_STAFF_ROLES,
    PROVIDER_ROLES,
    Organization,
    Role,
    User,
)
from jiazheng.accounts.services.organizations import add_member
from jiazheng.accounts.services.signup import NAME_MAX, check_password, clean_text
from jiazheng.accounts.services.sms_codes import clean_phone
from jiazheng.accounts.tenancy import has_role, is_platform_staff, memberships_of
from jiazheng.common.errors import NotAllowed, ServiceError

logger = logging.getLogger(__name__)

ROLES_BY_KIND = {
    Organization.Kind.PLATFORM: PLATFORM_STAFF_ROLES,
    Organization.Kind.PROVIDER: PROVIDER_ROLES,
    Organization.Kind.ENTERPRISE: frozenset({Role.ENTERPRISE_MEMBER}),
}


def can_manage_staff(actor, organization):
    """Platform admins manage every organisation; provider admins their own."""
    if is_platform_staff(actor) and has_role(actor, Role.PLATFORM_ADMIN):
        return True
    return any(
        m.organization_id == organization.pk and m.role == Role.PROVIDER_ADMIN
        for m in memberships_of(actor)
    )


def assignable_roles(organization):
    """Return the roles a member of ``organization`` may hold."""
    return sorted(ROLES_BY_KIND.get(organization.kind, ()), key=list(Role).index)


@transaction.atomic
def create_staff_account(*, actor, organization, phone, name, role, password=""):
    """Create (or reuse) the user behind ``phone`` and add them to the staff.

    Without a password the account signs in by SMS code until its owner sets
    one through password reset.
    """
    if not can_manage_staff(actor, organization):
        raise NotAllowed()
    if role not in ROLES_BY_KIND.get(organization.kind, ()):
        raise ServiceError(
            _("该组织不能设置此角色。"), code="invalid_role", field="role"
        )
    phone = clean_phone(phone)
    name = clean_text(name, field="name", max_length=NAME_MAX)

    user = User.objects.select_for_update().filter(phone=phone).first()
    if user is None:
        user = User(phone=phone, name=name)
        if password:
            check_password(password, user=user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    membership = add_member(user=user, organization=organization, role=role)
    logger.info(
        "staff account added",
        extra={
            "user_id": user.pk,
            "organization_id": organization.pk,
            "role": role,
            "actor_id": actor.pk,
        },
    )
    return membership
