"""Operations that change users, organisations and memberships."""

import logging

from django.contrib.auth.models import Group
from django.db import transaction

from jiazheng.accounts.models import Membership, Organization, Role
from jiazheng.accounts.tenancy import forget_memberships

logger = logging.getLogger(__name__)


@transaction.atomic
def create_organization(
    *,
    kind,
    name,
    credit_code="",
    legal_representative="",
    contact_phone="",
    region=None,
    address="",
    latitude=None,
    longitude=None,
):
    """Create an organisation: the platform, a provider or an enterprise member."""
    organization = Organization.objects.create(
        kind=kind,
        name=name,
        credit_code=credit_code,
        legal_representative=legal_representative,
        contact_phone=contact_phone,
        region=region,
        address=address,
        latitude=latitude,
        longitude=longitude,
    )
    logger.info(
        "organization created",
        extra={"organization_id": organization.pk, "kind": kind},
    )
    return organization


@transaction.atomic
def add_member(*, user, organization, role):
    """Give ``user`` the ``role`` in ``organization`` (idempotent).

    The user also joins the role's auth group, which carries the role's model
    permissions (accounts.roles).
    """
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    join_role_group(user=user, role=role)
    return membership


def join_role_group(*, user, role):
    """Put ``user`` in the auth group named after ``role``."""
    group, _created = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    forget_memberships(user)
