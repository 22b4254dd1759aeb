"""Identity check backends: does this name go with this ID number?

``settings.IDENTITY_BACKEND`` selects one:

- ``"local"`` (default): checks the number itself (format, region, birth
  date, check digit). It cannot confirm the name, so every request goes to
  manual review by platform staff, who compare it with the ID photo.
- ``"provider_api"``: posts the name and number to a verification service
  (a licensed 二要素 provider or a gateway in front of one) configured by
  ``IDENTITY_API_URL``, ``IDENTITY_API_KEY`` and ``IDENTITY_API_TIMEOUT``.
- a dotted path to a class with the same ``check`` method.

The provider API contract (the gateway adapts a vendor's own format to it)::

    POST <IDENTITY_API_URL>
    Authorization: Bearer <IDENTITY_API_KEY>
    Content-Type: application/json
    {"name": "张三", "id_number": "11010519491231002X"}

    200 {"result": "match" | "mismatch" | "not_found", "message": "..."}

``match`` approves without manual review; ``mismatch`` and ``not_found``
reject; any other answer, an HTTP error or a timeout sends the request to
manual review, so an outage never blocks or wrongly rejects anyone.
"""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jiazheng.common.idcard import parse_id_number

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdentityResult:
    """``ok``: True confirmed, False refuted, None unknown."""

    ok: bool | None
    needs_manual_review: bool
    message: str = ""


class IdentityBackend:
    """Base class: ``check(name, id_number) -> IdentityResult``."""

    name = "base"

    def check(self, name, id_number):
        raise NotImplementedError


class LocalIdentityBackend(IdentityBackend):
    """Check the number alone; a person must compare name and photo."""

    name = "local"

    def check(self, name, id_number):
        try:
            parse_id_number(id_number)
        except ValidationError as exc:
            return IdentityResult(
                ok=False, needs_manual_review=False, message=exc.messages[0]
            )
        return IdentityResult(
            ok=None,
            needs_manual_review=True,
            message=_("号码校验通过，姓名与证件照片待人工核对。"),
        )


class ProviderApiIdentityBackend(IdentityBackend):
    """Ask an HTTP verification service whether name and number match."""

    name = "provider_api"
    REFUTED = {"mismatch", "not_found"}

    def __init__(self, *, url=None, api_key=None, timeout=None, session=None):
        self.url = url or getattr(settings, "IDENTITY_API_URL", "")
        self.api_key = api_key or getattr(settings, "IDENTITY_API_KEY", "")
        self.timeout = timeout or getattr(settings, "IDENTITY_API_TIMEOUT", 10)
        if not self.url or not self.api_key:
            raise ImproperlyConfigured(
                "IDENTITY_BACKEND=provider_api needs IDENTITY_API_URL and "
                "IDENTITY_API_KEY."
            )
        self.session = session or requests.Session()

    def check(self, name, id_number):
        try:
            response = self.session.post(
                self.url,
                json={"name": name, "id_number": id_number},
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=self.timeout,
            )
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError):
            # Never log the request: it holds the name and number.
            logger.warning("identity service unavailable", exc_info=True)
            return IdentityResult(
                ok=None,
                needs_manual_review=True,
                message=_("核验服务暂不可用，已转人工审核。"),
            )

        result = answer.get("result") if isinstance(answer, dict) else None
        message = (
            str(answer.get("message", ""))[:200] if isinstance(answer, dict) else ""
        )
        if result == "match":
            return IdentityResult(
                ok=True,
                needs_manual_review=False,
                message=message or _("姓名与身份证号一致。"),
            )
        if result in self.REFUTED:
            return IdentityResult(
                ok=False,
                needs_manual_review=False,
                message=message or _("姓名与身份证号不一致。"),
            )
        logger.warning(
            "identity service gave an unknown answer", extra={"result": result}
        )
        return IdentityResult(
            ok=None,
            needs_manual_review=True,
            message=_("核验服务返回无法识别的结果，已转人工审核。"),
        )


BACKENDS = {
    "local": LocalIdentityBackend,
    "provider_api": ProviderApiIdentityBackend,
}


def get_identity_backend():
    """Return an instance of the backend named by settings.IDENTITY_BACKEND."""
    key = settings.IDENTITY_BACKEND
    backend_class = BACKENDS.get(key)
    if backend_class is None:
        try:
            backend_class = import_string(key)
        except ImportError as exc:
            raise ImproperlyConfigured(f"Unknown IDENTITY_BACKEND {key!r}.") from exc
    return backend_class()
