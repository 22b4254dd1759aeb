"""Loading workers for dispatch: same answers as workers' own queries."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jiazheng.bookings.dispatch.candidates import FreeCheck
from jiazheng.workers.queries import is_available
from jiazheng.workers.tests.factories import (
    BareWorkerFactory,
    LeaveFactory,
    WeeklyAvailabilityFactory,
)

BASE = datetime.datetime(
    2026, 12, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)

windows = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 22), st.integers(1, 24)),
    max_size=6,
)
slots = st.tuples(st.integers(0, 24 * 8), st.integers(1, 30))


class FreeCheckAgreesWithWorkers(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(windows=windows, slot=slots, leave=st.one_of(st.none(), slots))
    def test_free_check_gives_the_same_answer_as_is_available(
        self, windows, slot, leave
    ):
        # given a worker with weekly windows and maybe a leave
        worker = BareWorkerFactory()
        rows = []
        for weekday, start, length in windows:
            end = min(start + length, 24)
            end_time = datetime.time(0) if end == 24 else datetime.time(end)
            WeeklyAvailabilityFactory(
                worker=worker,
                weekday=weekday,
                start_time=datetime.time(start),
                end_time=end_time,
            )
            rows.append((weekday, datetime.time(start), end_time))
        leaves = []
        if leave is not None:
            leave_start = BASE + datetime.timedelta(hours=leave[0])
            leave_end = leave_start + datetime.timedelta(hours=leave[1])
            LeaveFactory(worker=worker, starts_at=leave_start, ends_at=leave_end)
            leaves.append((leave_start, leave_end))
        starts_at = BASE + datetime.timedelta(hours=slot[0])
        ends_at = starts_at + datetime.timedelta(hours=slot[1])
        worker.refresh_from_db()

        # then the bulk check and the workers app agree
        expected = is_available(worker, starts_at, ends_at)
        assert FreeCheck(rows, leaves)(starts_at, ends_at) is expected


@pytest.mark.django_db
def test_free_check_refuses_a_slot_outside_the_windows():
    check = FreeCheck([(0, datetime.time(8), datetime.time(18))], [])
    monday_nine = timezone.make_aware(datetime.datetime(2026, 12, 7, 9))

    assert check(monday_nine, monday_nine + datetime.timedelta(hours=3))
    assert not check(monday_nine, monday_nine + datetime.timedelta(hours=10))
