"""Readable numbers from race-safe counters: DD202612030001, 〔2026〕12号.

Each counter is one row of Sequence, moved forward by a guarded
``UPDATE ... SET value = value + 1``. The update locks the row until the
caller's transaction ends, so two servers never get the same number, and a
rolled-back operation gives its number back instead of leaving a gap.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jiazheng.common.models import Sequence


def increment(key):
    """Add one to the counter ``key`` (created at 0 if new); return the new value."""
    with transaction.atomic():
        if not Sequence.objects.filter(key=key).update(value=F("value") + 1):
            try:
                # A savepoint, so that losing the race to create the row
                # leaves the caller's transaction usable.
                with transaction.atomic():
                    Sequence.objects.create(key=key, value=1)
                return 1
            except IntegrityError:
                Sequence.objects.filter(key=key).update(value=F("value") + 1)
        # The row is locked by the update above until the transaction ends,
        # so the value read here is the one this call produced.
        return Sequence.objects.values_list("value", flat=True).get(key=key)


def next_number(*, prefix, key=None, width=4, day=None):
    """Return the next number of the day for ``prefix``: DD202612030001.

    The counter restarts every day (local time); ``key`` names another
    counter when several prefixes must share one.
    """
    day = day or timezone.localdate()
    stamp = f"{day:%Y%m%d}"
    value = increment(key or f"{prefix}{stamp}")
    return f"{prefix}{stamp}{value:0{width}d}"


def next_yearly_number(*, key, year):
    """Return the next number of ``year`` in the series ``key`` (1, 2, ...).

    For document numbers such as 〔2026〕12号: the caller formats them.
    """
    return increment(f"{key}:{int(year)}")
