"""Write work orders (派工单): the one code path behind every assignment.

A single assignment, a grabbed order and "dispatch the day" all end here
with a list of (order, worker, evaluation) entries, one or two thousand of
them. The cost is a fixed number of queries whatever the length of the
list: the orders of "let the platform choose" take their worker's provider
(one UPDATE), the work orders get consecutive numbers (one counter move)
and are inserted in one statement, the orders move to dispatched with one
UPDATE and one INSERT of their history rows, and the SMS go to the outbox,
delivered after commit.

The caller locks the orders and the workers and checks the rules. On
PostgreSQL the exclusion constraint of migration 0002 is still the final
guard: when the database refuses the insert, the entries are inserted one
by one under savepoints and the refused ones are reported, not the batch.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live, notices
from jiazheng.bookings.models import (
    Order,
    WorkOrder,
)
from jiazheng.bookings.services import orders as order_states
from jiazheng.common.errors import ServiceError
from jiazheng.common.models import Sequence
from jiazheng.common.sequences import increment

logger = logging.getLogger(__name__)

WORK_ORDER_PREFIX = "PG"
NUMBER_WIDTH = 4
S = Order.Status


@dataclass
class Entry:
    """One assignment to write: the order, the worker and the verdict."""

    order: Order
    worker: object
    evaluation: object


@dataclass
class Refused:
    """An entry the database refused, with the error a caller would see."""

    entry: Entry
    error: ServiceError


def overlap_error():
    return ServiceError(
        _("该服务人员在此时段已有派工单，不能重复派工。"),
        code="worker_overlap",
        field="worker",
    )


class NumberBlock:
    """Consecutive work-order numbers of today, reserved in one counter move.

    The counter row stays locked until the transaction ends (see
    ``common.sequences``), so no one else can take numbers in between;
    ``give_back`` returns the unused tail so a refused insert leaves no gap.
    """

    def __init__(self, count, *, prefix=WORK_ORDER_PREFIX):
        stamp = f"{timezone.localdate():%Y%m%d}"
        self.key = f"{prefix}{stamp}"
        self.prefix = f"{prefix}{stamp}"
        # The first number through the shared counter (it creates the row
        # safely when the day's first work order is made), the rest at once.
        first = increment(self.key)
        if count > 1:
            Sequence.objects.filter(key=self.key).update(value=F("value") + count - 1)
        self.next_value = first
        self.last_value = first + count - 1

    def take(self):
        value = self.next_value
        self.next_value += 1
        return f"{self.prefix}{value:0{NUMBER_WIDTH}d}"

    def give_back(self):
        unused = self.last_value - self.next_value + 1
        if unused > 0:
            Sequence.objects.filter(key=self.key).update(value=F("value") - unused)
            self.last_value -= unused


def _work_order(entry, number, actor, via):
    order, worker = entry.order, entry.worker
    return WorkOrder(
        number=number,
        order=order,
        worker=worker,
        organization_id=worker.organization_id,
        starts_at=order.starts_at,
        ends_at=order.ends_at,
        assigned_by=actor,
        assigned_via=via,
        score=Decimal(str(entry.evaluation.score)).quantize(Decimal("0.01")),
        reasons=entry.evaluation.reasons,
    )


def _insert(entries, actor, via):
    """Insert the work orders; return (written entries with them, refused)."""
    numbers = NumberBlock(len(entries))
    rows = [_work_order(e, numbers.take(), actor, via) for e in entries]
    try:
        with transaction.atomic():
            WorkOrder.objects.bulk_create(rows)
        return list(zip(entries, rows, strict=True)), []
    except IntegrityError:
        logger.warning(
            "work orders refused by the database", extra={"count": len(rows)}
        )

    # Only a concurrent writer that skipped the worker lock gets here: find
    # out row by row which inserts the database refuses.
    numbers.next_value -= len(entries)
    written, refused = [], []
    for entry in entries:
        row = _work_order(entry, numbers.take(), actor, via)
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            numbers.next_value -= 1
            refused.append(Refused(entry, overlap_error()))
        else:
            written.append((entry, row))
    numbers.give_back()
    return written, refused


def _take_provider(entries):
    """Give each "let the platform choose" order its worker's provider."""
    chosen = [e for e in entries if e.order.organization_id is None]
    if not chosen:
        return
    now = timezone.now()
    for entry in chosen:
        entry.order.organization_id = entry.worker.organization_id
        entry.order.updated_at = now
    Order.objects.bulk_update(
        [e.order for e in chosen], ["organization", "updated_at"], batch_size=500
    )


def record_work_orders(entries, *, actor, via, publish=True):
    """Write the work orders of ``entries``; return (work orders, refused).

    The caller holds the locks on the orders and the workers and has checked
    every rule; ``publish=False`` leaves the live message to the caller (the
    day plan sends one for the whole day).
    """
    entries = list(entries)
    if not entries:
        return [], []
    written, refused = _insert(entries, actor, via)
    if not written:
        return [], refused

    _take_provider([entry for entry, _row in written])
    order_states.transition_many(
        [entry.order for entry, _row in written],
        S.DISPATCHED,
        actor,
        [
            _("派工单 %(number)s：%(worker)s")
            % {"number": row.number, "worker": entry.worker.name}
            for entry, row in written
        ],
    )
    work_orders = [row for _entry, row in written]
    for work_order in work_orders:
        notices.tell_assignment(work_order)
    for entry, row in written:
        if publish:
            live.publish(entry.order, "dispatched")
        logger.info(
            "order dispatched",
            extra={
                "order": entry.order.number,
                "work_order": row.number,
                "worker_id": entry.worker.pk,
                "via": via,
            },
        )
    return work_orders, refused
