"""Write entries to the system log."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.utils.module_loading import import_string

from jiazheng.audit.models import Outcome, SystemLogEntry

logger = logging.getLogger(__name__)

USER_AGENT_MAX = 255
PATH_MAX = 255


def outcome_for_status(status_code):
    """Return the outcome a response status means."""
    if status_code in (401, 403):
        return Outcome.DENIED
    if status_code >= 500:
        return Outcome.ERROR
    if status_code >= 400:
        return Outcome.FAILURE
    return Outcome.SUCCESS


def _valid_ip(value):
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """Return the address the request came from, or None.

    X-Forwarded-For is read only when TRUST_X_FORWARDED_FOR is on; otherwise
    any client could write an address of its choice into the log. The last
    entry is the one the nearest (trusted) proxy appended: the ones before it
    are whatever the client sent.
    """
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = _valid_ip(hops[-1])
            if address:
                return address
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def record_event(
    *,
    user=None,
    username="",
    organization_id=None,
    module,
    function,
    outcome,
    ip_address=None,
    method="",
    path="",
    status_code=None,
    duration_ms=None,
    user_agent="",
    detail="",
):
    """Add one entry to the system log and return it.

    The caller passes what it already knows; ``username`` defaults to the
    user's display name (which never shows a phone number in clear).
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not username:
        username = str(user)
    return SystemLogEntry.objects.create(
        user=user,
        username=username[:64],
        organization_id=organization_id,
        module=module[:64],
        function=function[:128],
        method=method[:10],
        path=path[:PATH_MAX],
        ip_address=_valid_ip(ip_address),
        outcome=outcome,
        status_code=status_code,
        duration_ms=duration_ms,
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        detail=(detail or "")[:255],
    )


def organization_id_of(user):
    """Return the id of the organisation the user acts for, or None.

    The log sits below accounts in the layers, so the project names the
    function that knows the answer in settings.AUDIT_ORGANIZATION_RESOLVER
    (``accounts.tenancy.primary_organization_id``).
    """
    resolver = _organization_resolver()
    if resolver is None or not getattr(user, "is_authenticated", False):
        return None
    return resolver(user)


@functools.cache
def _organization_resolver():
    path = getattr(settings, "AUDIT_ORGANIZATION_RESOLVER", "")
    return import_string(path) if path else None
