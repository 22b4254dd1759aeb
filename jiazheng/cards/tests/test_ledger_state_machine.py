"""Hypothesis drives cards through every operation and checks the ledger."""

import contextlib
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from jiazheng.accounts.tests.factories import OrganizationFactory
from jiazheng.cards import services
from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind
from jiazheng.cards.services.rules import cap_for
from jiazheng.cards.tests.factories import BonusRuleFactory, key, policy
from jiazheng.cards.verification import verify_card
from jiazheng.common.errors import ServiceError
from jiazheng.customers.tests.factories import CustomerFactory

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1500"), places=2)
ORDERS = ["proportional", "principal_first", "bonus_first"]


class CardLedgerMachine(RuleBasedStateMachine):
    cards = Bundle("cards")

    @initialize(order=st.sampled_from(ORDERS))
    def organisation(self, order):
        self.organization = OrganizationFactory()
        BonusRuleFactory(organization=self.organization)
        self.policy = policy(
            self.organization,
            payment_order=order,
            approval_threshold=Decimal("100000"),
        )
        # card pk -> expected balance, paid and given
        self.model = {}

    @rule(target=cards, named=st.booleans())
    def open(self, named):
        card = services.open_card(
            organization=self.organization,
            kind=Card.Kind.NAMED if named else Card.Kind.ANONYMOUS,
            customer=CustomerFactory() if named else None,
            operator=None,
        )
        self.model[card.pk] = [Decimal("0.00")] * 3
        return card.pk

    def _expect(self, pk):
        return self.model[pk]

    @rule(pk=cards, amount=amounts)
    def top_up(self, pk, amount):
        card = Card.objects.get(pk=pk)
        try:
            services.top_up(card=card, amount=amount, method="cash", operator=None)
        except ServiceError:
            return
        bonus = Decimal("100.00") if amount >= 1000 else Decimal("0.00")
        balance, paid, given = self._expect(pk)
        self.model[pk] = [balance + amount + bonus, paid + amount, given + bonus]

    @rule(pk=cards, amount=amounts)
    def pay(self, pk, amount):
        card = Card.objects.get(pk=pk)
        try:
            services.pay(
                card=card, amount=amount, items=[], operator=None, idempotency_key=key()
            )
        except ServiceError:
            assert card.status != Card.Status.ACTIVE or card.balance < amount, (
                "a payment the card could afford was refused"
            )
            return
        self.model[pk][0] -= amount

    @rule(pk=cards, share=st.integers(min_value=1, max_value=100))
    def refund_last_payment(self, pk, share):
        payment = (
            CardLedgerEntry.objects.filter(card_id=pk, kind=EntryKind.PAYMENT)
            .order_by("-seq")
            .first()
        )
        if payment is None:
            return
        amount = max(
            (-payment.amount * share / 100).quantize(Decimal("0.01")),
            Decimal("0.01"),
        )
        try:
            services.refund_payment(
                entry=payment, operator=None, reason="退", amount=amount
            )
        except ServiceError:
            return
        self.model[pk][0] += amount

    @rule(target=cards, pk=consumes(cards))
    def replace(self, pk):
        card = Card.objects.get(pk=pk)
        try:
            new = services.replace_card(card=card, operator=None, reason="遗失")
        except ServiceError:
            return pk
        self.model[new.pk] = list(self.model[pk])
        self.model[pk][0] = Decimal("0.00")
        return new.pk

    @rule(pk=cards)
    def freeze(self, pk):
        with contextlib.suppress(ServiceError):
            services.freeze(card=Card.objects.get(pk=pk), operator=None, reason="挂失")

    @rule(pk=cards)
    def unfreeze(self, pk):
        with contextlib.suppress(ServiceError):
            services.unfreeze(
                card=Card.objects.get(pk=pk), operator=None, reason="找回"
            )

    @rule(pk=cards)
    def close(self, pk):
        card = Card.objects.get(pk=pk)
        balance, paid, given = self._expect(pk)
        try:
            entry = services.close_card(card=card, operator=None, reason="退卡")
        except ServiceError:
            assert card.status in (Card.Status.CLOSED, Card.Status.REPLACED)
            return
        if paid + given:
            expected = (paid * balance / (paid + given)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        else:
            expected = balance
        assert -entry.amount == expected, "close must refund the proportional value"
        self.model[pk][0] = Decimal("0.00")

    @invariant()
    def balances_agree_with_the_ledger(self):
        if not hasattr(self, "model"):
            return
        for card in Card.objects.filter(pk__in=self.model):
            report = verify_card(card)
            assert report.ok, report.problems
            assert card.principal_balance >= 0 and card.bonus_balance >= 0
            assert card.balance <= cap_for(card, self.policy)
            assert card.balance == self.model[card.pk][0]


@pytest.mark.django_db
def test_card_ledger_state_machine():
    run_state_machine_as_test(
        CardLedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
