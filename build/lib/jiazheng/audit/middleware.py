"""Record requests of signed-in users to the system log."""

import logging
import time

from django.db import DatabaseError

from jiazheng.audit.services import (
    client_ip,
    organization_id_of,
    outcome_for_status,
    record_event,
)

logger = logging.getLogger(__name__)

LOGGED_PREFIXES = ("/console/", "/office/", "/api/")


def _module_and_function(request):
    """Return the app namespace and URL name the request resolved to.

    Every API view shares the "api" namespace, so for those the app the view
    lives in (jiazheng.<app>.…) is added: "api:catalog".
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    namespace = match.namespaces[0] if match.namespaces else ""
    module = namespace
    if namespace == "api":
        parts = (getattr(match.func, "__module__", "") or "").split(".")
        if len(parts) > 1 and parts[0] == "jiazheng":
            module = f"api:{parts[1]}"
    return module, match.url_name or ""


class SystemLogMiddleware:
    """Log every console, office and API request made by a signed-in user.

    The user is read after the response: DRF authenticates tokens inside the
    view and copies the user onto the underlying request, so token-signed
    API calls are seen here as well as session ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(LOGGED_PREFIXES):
            return self.get_response(request)

        started = time.monotonic()
        response = self.get_response(request)
        duration_ms = int((time.monotonic() - started) * 1000)

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        module, function = _module_and_function(request)
        try:
            record_event(
                user=user,
                organization_id=organization_id_of(user),
                module=module,
                function=function,
                outcome=outcome_for_status(response.status_code),
                ip_address=client_ip(request),
                method=request.method,
                path=request.path,
                status_code=response.status_code,
                duration_ms=duration_ms,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except DatabaseError:
            # A log that cannot be written must not turn the user's
            # completed request into an error page.
            logger.exception(
                "system log entry not written", extra={"audit_module": module}
            )
        return response
