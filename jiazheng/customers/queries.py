"""Reads of customer records that several callers need."""

import re

from django.db.models import Q

from jiazheng.accounts.models import Role
from jiazheng.accounts.tenancy import has_role, is_platform_staff
from jiazheng.common.phone import normalize_mobile
from jiazheng.customers.models import Customer
from jiazheng.customers.services import attach_user

# The platform roles that work with customer records and see their numbers
# in full: they take calls and dispatch.
CUSTOMER_STAFF_ROLES = (Role.PLATFORM_ADMIN, Role.DISPATCHER)
MEMBER_ROLES = (Role.FAMILY_MEMBER, Role.ENTERPRISE_MEMBER)

_LAST_DIGITS_RE = re.compile(r"^\d{4}$")
_FULL_NUMBER_RE = re.compile(r"^\d{11}$")


def customer_for_phone(phone):
    """Return the customer with this mobile number, or None."""
    phone = normalize_mobile(phone)
    if not _FULL_NUMBER_RE.match(phone):
        return None
    return Customer.objects.filter(phone=phone).first()


def customer_for_user(user):
    """Return the signed-in member's customer, creating it if missing."""
    return attach_user(user=user)


def may_see_phones(user):
    """Return whether ``user`` sees customers' numbers unmasked."""
    return is_platform_staff(user) and has_role(user, *CUSTOMER_STAFF_ROLES)


def is_member(user):
    return user.is_authenticated and has_role(user, *MEMBER_ROLES)


def search_customers(*, query="", kind="", tag=None, queryset=None):
    """Return customers matching a console search.

    Eleven digits find the number exactly, four digits its last four,
    anything else part of the name.
    """
    queryset = Customer.objects.all() if queryset is None else queryset
    query = (query or "").strip()
    if query:
        digits = normalize_mobile(query)
        if _FULL_NUMBER_RE.match(digits):
            queryset = queryset.filter(phone=digits)
        elif _LAST_DIGITS_RE.match(digits):
            queryset = queryset.filter(phone__endswith=digits)
        else:
            queryset = queryset.filter(Q(name__icontains=query))
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.filter(tags=tag)
    return queryset
