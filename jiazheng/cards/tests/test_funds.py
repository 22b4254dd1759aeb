from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from jiazheng.cards import services
from jiazheng.cards.models import Card, CardApproval, CardLevel, EntryKind
from jiazheng.cards.services import approvals
from jiazheng.cards.services.policy import update_policy
from jiazheng.cards.tests.factories import (
    BonusRuleFactory,
    key,
    make_cashier,
    open_card,
    policy,
)
from jiazheng.cards.verification import verify_card
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.notifications.backends import locmem

pytestmark = pytest.mark.django_db


def test_top_up_adds_the_bonus_of_the_best_rule_reached():
    card = open_card()
    BonusRuleFactory(
        organization=card.organization, min_amount=Decimal("500"), bonus=Decimal("30")
    )
    BonusRuleFactory(organization=card.organization)

    entry = services.top_up(card=card, amount="1200", method="cash", operator=None)

    assert (entry.principal_delta, entry.bonus_delta) == (
        Decimal("1200.00"),
        Decimal("100.00"),
    )
    card.refresh_from_db()
    assert card.balance == Decimal("1300.00")


def test_top_up_over_the_named_cap_is_refused_with_the_cap_named():
    card = open_card(balance="4900")

    with pytest.raises(ServiceError) as excinfo:
        services.top_up(card=card, amount="100.01", method="cash", operator=None)

    assert excinfo.value.code == "over_cap"
    assert "¥5,000.00" in str(excinfo.value.message)


def test_anonymous_card_is_capped_at_1000_and_valid_three_years():
    card = open_card(kind=Card.Kind.ANONYMOUS, holder_name="")

    with pytest.raises(ServiceError):
        services.top_up(card=card, amount="1000.01", method="cash", operator=None)

    assert card.expires_on >= timezone.localdate() + timedelta(days=3 * 365)


def test_named_card_needs_a_customer():
    cashier = make_cashier()
    with pytest.raises(ServiceError) as excinfo:
        services.open_card(
            organization=cashier.memberships.first().organization,
            kind=Card.Kind.NAMED,
            operator=cashier,
        )
    assert excinfo.value.code == "customer_required"


def test_policy_cannot_loosen_the_2012_rules():
    card = open_card()
    rules = policy(card.organization)

    for values in (
        {"named_cap": Decimal("5000.01")},
        {"anonymous_cap": Decimal("2000")},
        {"anonymous_validity_years": 2},
    ):
        with pytest.raises(ServiceError):
            update_policy(policy=rules, operator=None, **values)


def test_online_top_up_needs_a_payment_reference():
    card = open_card()
    with pytest.raises(ServiceError) as excinfo:
        services.top_up(card=card, amount="100", method="online", operator=None)
    assert excinfo.value.field == "reference"


def test_cumulative_top_up_upgrades_the_level():
    card = open_card(balance="3000")
    assert card.level.code == CardLevel.Code.SENIOR


def test_unused_top_up_is_refunded_in_full_within_the_cooling_off_period():
    card = open_card(balance="100")
    BonusRuleFactory(
        organization=card.organization, min_amount=Decimal("200"), bonus=Decimal("20")
    )
    entry = services.top_up(card=card, amount="200", method="cash", operator=None)

    services.refund_top_up(entry=entry, operator=None, reason="不想要了")

    card.refresh_from_db()
    assert card.balance == Decimal("100.00")
    assert card.total_topped_up == Decimal("100.00")


def test_top_up_cannot_be_refunded_after_the_cooling_off_period_or_once_spent():
    card = open_card()
    with freeze_time(timezone.now() - timedelta(days=8)):
        old = services.top_up(card=card, amount="100", method="cash", operator=None)
    spent = services.top_up(card=card, amount="100", method="cash", operator=None)
    services.pay(card=card, amount="1", items=[], operator=None, idempotency_key=key())

    for entry in (old, spent):
        with pytest.raises(ServiceError) as excinfo:
            services.refund_top_up(entry=entry, operator=None, reason="退")
        assert excinfo.value.code == "not_refundable"


def test_close_refunds_paid_times_balance_over_paid_plus_given():
    # given 1000 paid, 100 given, 550 spent: 550 left
    card = open_card()
    BonusRuleFactory(organization=card.organization)
    services.top_up(card=card, amount="1000", method="cash", operator=None)
    services.pay(
        card=card, amount="550", items=[], operator=None, idempotency_key=key()
    )
    policy(card.organization, approval_threshold=Decimal("1000"))

    # when
    entry = services.close_card(card=card, operator=None, reason="搬家")

    # then: 1000 × 550 / 1100 = 500 back, 50 of bonus forfeited
    card.refresh_from_db()
    assert entry.amount == Decimal("-500.00")
    assert card.status == Card.Status.CLOSED
    assert card.balance == 0
    assert verify_card(card).ok
    with pytest.raises(ServiceError):
        services.top_up(card=card, amount="1", method="cash", operator=None)


def test_close_above_the_threshold_needs_a_second_person():
    card = open_card(balance="800")
    cashier, manager = make_cashier(card.organization), make_cashier(card.organization)

    with pytest.raises(ServiceError) as excinfo:
        services.close_card(card=card, operator=cashier, reason="退卡")
    assert excinfo.value.code == "approval_required"
    request = approvals.request_approval(
        card=card,
        action=CardApproval.Action.CLOSE,
        amount=Decimal("800.00"),
        reason="退卡",
        requested_by=cashier,
    )
    with pytest.raises(NotAllowed):
        approvals.decide(approval=request, approver=cashier, approve=True)
    entry = approvals.decide(approval=request, approver=manager, approve=True)

    assert entry.kind == EntryKind.CLOSE_REFUND
    assert entry.amount == Decimal("-800.00")


def test_visit_package_is_consumed_one_visit_at_a_time_and_refused_when_used_up():
    card = open_card(balance="600")
    item = ServiceItemFactory()
    package = services.buy_package(
        card=card,
        service_item=item,
        visits=2,
        price="300",
        valid_days=90,
        operator=None,
    )

    services.use_visit(package=package, operator=None)
    services.use_visit(package=package, operator=None)
    with pytest.raises(ServiceError) as excinfo:
        services.use_visit(package=package, operator=None)

    assert excinfo.value.code == "package_used_up"
    card.refresh_from_db()
    assert card.balance == Decimal("300.00")
    assert verify_card(card).ok


def test_close_gives_back_unused_visits_before_valuing_the_balance():
    card = open_card(balance="600")
    package = services.buy_package(
        card=card,
        service_item=ServiceItemFactory(),
        visits=4,
        price="400",
        valid_days=90,
        operator=None,
    )
    services.use_visit(package=package, operator=None)

    entry = services.close_card(card=card, operator=None, reason="退卡")

    assert entry.amount == Decimal("-500.00")


def test_freeze_and_unfreeze_need_a_reason():
    card = open_card()
    with pytest.raises(ServiceError):
        services.freeze(card=card, operator=None, reason=" ")
    services.freeze(card=card, operator=None, reason="挂失")
    services.unfreeze(card=card, operator=None, reason="找回")
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    assert card.operations.filter(action="unfreeze").exists()


def test_edit_logs_old_and_new_values():
    card = open_card()
    services.edit_card(card=card, operator=None, note="常客")
    log = card.operations.get(action="edit")
    assert log.changes == {"note": ["", "常客"]}


def test_member_gets_an_sms_after_a_top_up(django_capture_on_commit_callbacks):
    card = open_card()
    BonusRuleFactory(organization=card.organization)

    with django_capture_on_commit_callbacks(execute=True):
        services.top_up(card=card, amount="1000", method="cash", operator=None)

    [message] = locmem.outbox
    assert "1000.00" in message.body and "1100.00" in message.body
