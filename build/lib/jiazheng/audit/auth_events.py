"""Log sign-ins, sign-outs and failed sign-ins from Django's auth signals.

This is infrastructure logging, not a business rule: the handlers only write
to the system log, whatever part of the project signed the user in.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import DatabaseError

from jiazheng.audit.models import Outcome
from jiazheng.audit.services import client_ip, organization_id_of, record_event
from jiazheng.common.phone import is_mobile, mask_phone, normalize_mobile

logger = logging.getLogger(__name__)

MODULE = "accounts"


def mask_login(value):
    """Return the attempted login with most characters hidden."""
    value = str(value or "").strip()
    if is_mobile(value):
        return mask_phone(normalize_mobile(value))
    if len(value) <= 2:
        return "*" * len(value)
    return f"{value[0]}{'*' * min(len(value) - 2, 10)}{value[-1]}"[:64]


def _request_fields(request):
    if request is None:
        return {}
    return {
        "ip_address": client_ip(request),
        "method": request.method or "",
        "path": request.path,
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


def _record(**fields):
    try:
        record_event(**fields)
    except DatabaseError:
        logger.exception("system log entry not written", extra={"audit_module": MODULE})


def on_logged_in(sender, request, user, **kwargs):
    _record(
        user=user,
        organization_id=organization_id_of(user),
        module=MODULE,
        function="login",
        outcome=Outcome.SUCCESS,
        **_request_fields(request),
    )


def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    _record(
        user=user,
        organization_id=organization_id_of(user),
        module=MODULE,
        function="logout",
        outcome=Outcome.SUCCESS,
        **_request_fields(request),
    )


def _attempted_login(credentials):
    user_model = get_user_model()
    for key in ("username", user_model.USERNAME_FIELD, "phone"):
        if credentials.get(key):
            return str(credentials[key])
    return ""


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Log a failed attempt, never with the attempted login in clear.

    When the attempt names an existing account, the entry points at it, so
    that repeated failures against one account show up under that user.
    """
    attempted = _attempted_login(credentials or {})
    user_model = get_user_model()
    lookup = normalize_mobile(attempted) if is_mobile(attempted) else attempted
    user = (
        user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: lookup}
        ).first()
        if lookup
        else None
    )
    _record(
        user=user,
        username=mask_login(attempted),
        organization_id=organization_id_of(user) if user is not None else None,
        module=MODULE,
        function="login_failed",
        outcome=Outcome.FAILURE,
        **_request_fields(request),
    )
