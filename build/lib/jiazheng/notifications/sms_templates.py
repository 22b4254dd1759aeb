"""SMS texts by key: the platform's own and those other apps register.

An app registers its texts in its AppConfig.ready():

    register_template("order_dispatched", ORDER_DISPATCHED_TEXT)

Texts are lazy translations with ``{param}`` placeholders; they are rendered
in the site's default language, since a provider's approved SMS templates are
in Chinese whatever language the person triggering the message uses.
"""

import string

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

_templates = {}
_secret_params = {}
REDACTED = "******"


class UnknownTemplate(LookupError):
    """No SMS text is registered under this key (a programming error)."""


def register_template(key, text, *, secret_params=()):
    """Register ``text`` under ``key``; registering the same key again replaces it.

    ``secret_params`` name parameters (a verification code) that the outbox
    keeps only until the message is delivered or given up.
    """
    _templates[key] = text
    _secret_params[key] = frozenset(secret_params)


def redacted(key, params):
    """Return ``params`` and the rendered text with the secret ones masked."""
    secret = _secret_params.get(key, frozenset())
    if not secret & params.keys():
        return None
    masked = {
        name: REDACTED if name in secret else value for name, value in params.items()
    }
    return masked, render(key, **masked)


def get_template(key):
    try:
        return _templates[key]
    except KeyError:
        raise UnknownTemplate(f"no SMS template registered as {key!r}") from None


def placeholders(key):
    """Return the names of the ``{param}`` placeholders of a template."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(get_template(key))
    parsed = string.Formatter().parse(text)
    return {field for _literal, field, _spec, _conv in parsed if field}


def render(key, **params):
    """Return the text of template ``key`` with ``params`` filled in.

    A missing parameter raises KeyError: a message with a hole in it must
    never be sent.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(get_template(key))
    missing = placeholders(key) - params.keys()
    if missing:
        raise KeyError(f"SMS template {key!r} needs {', '.join(sorted(missing))}")
    return text.format(**params)


register_template(
    "verification_code",
    _("您的验证码是{code}，5分钟内有效。"),
    secret_params=("code",),
)
