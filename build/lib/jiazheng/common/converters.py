"""URL converters shared by every app."""

import re


class IdConverter:
    """A primary key in a URL: 1 to 18 digits.

    Django's ``int`` converter takes any number of digits, and a number past
    the database's 64-bit range then fails inside the query as a server
    error; bounding it here makes such a URL a plain 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


ID_MAX = 10**18 - 1
_ID_RE = re.compile(IdConverter.regex)


def parse_id(value):
    """Return ``value`` as a primary key, or None when it cannot be one.

    For ids that arrive in query strings: ASCII digits only, and within the
    range the database can hold.
    """
    value = str(value or "")
    if _ID_RE.fullmatch(value):
        return int(value) or None
    return None
