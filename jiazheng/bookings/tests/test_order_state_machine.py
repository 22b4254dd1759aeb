"""A Hypothesis state machine over order states and who tries each move."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.bookings.models import Order
from jiazheng.bookings.services import transition
from jiazheng.bookings.services.orders import ALLOWED
from jiazheng.bookings.tests.factories import OrderFactory, member_with_customer
from jiazheng.common.errors import ServiceError

pytestmark = pytest.mark.django_db

ACTORS = ["customer", "provider", "other_provider", "platform", "system"]
CAPACITY = {
    "customer": "customer",
    "provider": "provider",
    "platform": "platform",
    "system": "system",
    "other_provider": None,
}


class OrderMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        member, customer = member_with_customer()
        self.order = OrderFactory(booking__customer=customer)
        self.actors = {
            "customer": member,
            "provider": make_provider_staff(organization=self.order.organization),
            "other_provider": make_provider_staff(),
            "platform": make_platform_staff(Role.DISPATCHER),
            "system": None,
        }
        self.status = Order.Status.SUBMITTED
        self.moves = 0

    @rule(to=st.sampled_from(Order.Status.values), who=st.sampled_from(ACTORS))
    def try_move(self, to, who):
        allowed = ALLOWED.get((self.status, to), frozenset())
        expected = CAPACITY[who] in allowed
        try:
            transition(self.order, to, self.actors[who], "测试")
        except ServiceError:
            assert not expected, (self.status, to, who)
        else:
            assert expected, (self.status, to, who)
            self.status = to
            self.moves += 1

    @invariant()
    def status_and_events_agree(self):
        self.order.refresh_from_db()
        assert self.order.status == self.status
        events = list(self.order.events.order_by("pk"))
        assert len(events) == self.moves
        previous = Order.Status.SUBMITTED
        for event in events:
            assert event.from_status == previous
            previous = event.to_status

    @invariant()
    def finished_orders_stay_finished(self):
        if self.status in (Order.Status.CANCELLED, Order.Status.REVIEWED):
            assert not any(src == self.status for src, _dst in ALLOWED)


def test_order_states_move_only_as_the_table_allows():
    OrderMachine.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    OrderMachine.TestCase().runTest()
