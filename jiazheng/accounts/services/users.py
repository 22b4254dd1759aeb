"""Accounts that the platform itself creates: demo data and imports."""

import logging

from django.db import transaction

from jiazheng.accounts.models import Role, User
from jiazheng.accounts.services.organizations import add_member, join_role_group
from jiazheng.accounts.services.signup import (
    NAME_MAX,
    _create_user,
    check_password,
    clean_text,
    run_signup_hooks,
)
from jiazheng.accounts.services.sms_codes import clean_phone

logger = logging.getLogger(__name__)


@transaction.atomic
def create_user(
    *, phone, name, password, role=None, organization=None, is_superuser=False
):
    """Create a user without an SMS code, optionally with a role.

    With an ``organization`` the role is a membership in it; without one it
    is only the role's group (family members).
    """
    phone = clean_phone(phone)
    name = clean_text(name, field="name", max_length=NAME_MAX)
    check_password(password, user=User(phone=phone, name=name))

    user = _create_user(phone=phone, name=name, password=password)
    if is_superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    if role and organization is not None:
        add_member(user=user, organization=organization, role=role)
    elif role:
        join_role_group(user=user, role=role)
    if role in (Role.FAMILY_MEMBER, Role.ENTERPRISE_MEMBER):
        run_signup_hooks(user=user)
    logger.info("user created by the platform", extra={"user_id": user.pk})
    return user
