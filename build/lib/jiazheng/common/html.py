"""HTML in user input: a small allow-list for rich text, none elsewhere."""

import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4"}
RICH_TEXT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Something that a browser would read as a tag: "<" followed by a letter, "/"
# or "!" ("a < b" and "<3" stay allowed in plain text).
TAG_RE = re.compile(r"<\s*[a-zA-Z/!?]")


def clean_rich_text(html):
    """Return ``html`` with everything outside the allow-list removed.

    Links keep only their href (http, https, mailto, tel) and get
    rel="noopener noreferrer"; scripts and styles are dropped with their
    content.
    """
    return nh3.clean(
        str(html or ""),
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def reject_markup(value):
    """Refuse HTML tags in a plain-text field."""
    if value and TAG_RE.search(str(value)):
        raise ValidationError(
            _("此处只能填写纯文本，不能包含尖括号标记（如 <b>）。"),
            code="html_not_allowed",
        )
