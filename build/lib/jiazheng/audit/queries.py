"""Reads of the system log shared by the console page and its export."""

import datetime

from django.db.models import Q
from django.utils import timezone

from jiazheng.audit.models import SystemLogEntry


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_entries(
    *,
    user_query=None,
    module=None,
    function=None,
    outcome=None,
    ip=None,
    date_from=None,
    date_to=None,
):
    """Return log entries matching the filters, newest first.

    ``user_query`` matches the recorded name or the user's name, or the
    user's full phone number exactly (so a number is findable without being
    shown). ``date_from`` and ``date_to`` are dates, both included, in the
    local time zone.
    """
    entries = SystemLogEntry.objects.select_related("user")
    if user_query:
        user_query = user_query.strip()
        entries = entries.filter(
            Q(username__icontains=user_query)
            | Q(user__name__icontains=user_query)
            | Q(user__phone=user_query)
        )
    if module:
        entries = entries.filter(module=module)
    if function:
        entries = entries.filter(function=function)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if ip:
        entries = entries.filter(ip_address=ip)
    if date_from:
        entries = entries.filter(created_at__gte=_start_of_day(date_from))
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        entries = entries.filter(created_at__lt=_start_of_day(next_day))
    return entries.order_by("-created_at", "-pk")


def known_modules():
    """Return the module names present in the log, for a filter's choices."""
    return list(
        SystemLogEntry.objects.order_by("module")
        .values_list("module", flat=True)
        .distinct()
    )
