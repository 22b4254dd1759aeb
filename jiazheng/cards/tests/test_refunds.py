"""Refunds of payments made on a card that was later replaced."""

from decimal import Decimal

import pytest

from jiazheng.cards import services
from jiazheng.cards.models import Card, CardApproval, CardLedgerEntry, EntryKind
from jiazheng.cards.services import approvals
from jiazheng.cards.tests.factories import key, make_cashier, open_card, policy
from jiazheng.cards.verification import verify_card
from jiazheng.common.errors import ServiceError

pytestmark = pytest.mark.django_db


def _paid_then_replaced(balance="300", amount="120"):
    card = open_card(balance=balance)
    cashier = make_cashier(card.organization)
    payment = services.pay(
        card=card, amount=amount, items=[], operator=cashier, idempotency_key=key()
    )
    payment = CardLedgerEntry.objects.get(pk=payment.pk)
    new = services.replace_card(card=card, operator=cashier, reason="遗失")
    return card, new, payment, cashier


def test_refund_of_a_payment_on_a_replaced_card_goes_to_the_new_card():
    old, new, payment, cashier = _paid_then_replaced()

    refund = services.refund_payment(
        entry=payment, operator=cashier, reason="服务取消", idempotency_key="r-1"
    )

    assert refund.card_id == new.pk
    assert refund.kind == EntryKind.PAYMENT_REFUND
    assert refund.refund_of_id == payment.pk
    assert refund.amount == Decimal("120.00")
    assert old.number in refund.note
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.balance == Decimal("300.00")
    assert old.balance == 0 and old.status == Card.Status.REPLACED
    assert verify_card(new).ok and verify_card(old).ok


def test_refund_follows_a_chain_of_replacements_to_the_live_card():
    old, middle, payment, cashier = _paid_then_replaced()
    live = services.replace_card(card=middle, operator=cashier, reason="又遗失")

    refund = services.refund_payment(entry=payment, operator=cashier, reason="取消")

    assert refund.card_id == live.pk
    live.refresh_from_db()
    assert live.balance == Decimal("300.00")


def test_refund_on_the_new_card_is_idempotent_even_after_another_replacement():
    old, new, payment, cashier = _paid_then_replaced()
    first = services.refund_payment(
        entry=payment, operator=cashier, reason="取消", amount="20", idempotency_key="k"
    )
    newer = services.replace_card(card=new, operator=cashier, reason="又遗失")

    again = services.refund_payment(
        entry=payment, operator=cashier, reason="取消", amount="20", idempotency_key="k"
    )

    assert again.pk == first.pk
    newer.refresh_from_db()
    assert newer.balance == Decimal("200.00")
    assert CardLedgerEntry.objects.filter(refund_of=payment).count() == 1


def test_refunds_across_the_old_and_new_card_never_exceed_the_payment():
    card = open_card(balance="300")
    cashier = make_cashier(card.organization)
    payment = services.pay(
        card=card, amount="120", items=[], operator=cashier, idempotency_key=key()
    )
    payment = CardLedgerEntry.objects.get(pk=payment.pk)
    # 100 refunded while the old card was live, then the card is replaced
    services.refund_payment(
        entry=payment, operator=cashier, reason="部分", amount="100"
    )
    new = services.replace_card(card=card, operator=cashier, reason="遗失")

    with pytest.raises(ServiceError) as excinfo:
        services.refund_payment(
            entry=payment, operator=cashier, reason="再退", amount="20.01"
        )
    services.refund_payment(entry=payment, operator=cashier, reason="余下")

    assert excinfo.value.code == "over_refund"
    assert "20.00" in str(excinfo.value.message)
    new.refresh_from_db()
    assert new.balance == Decimal("300.00")
    with pytest.raises(ServiceError):
        services.refund_payment(entry=payment, operator=cashier, reason="第三次")


def test_refund_to_a_closed_replacement_card_is_refused():
    old, new, payment, cashier = _paid_then_replaced()
    services.close_card(card=new, operator=cashier, reason="不用了")

    with pytest.raises(ServiceError) as excinfo:
        services.refund_payment(entry=payment, operator=cashier, reason="取消")

    assert excinfo.value.code == "card_not_open"


def test_approved_refund_of_a_replaced_cards_payment_lands_on_the_new_card():
    old, new, payment, cashier = _paid_then_replaced(balance="2000", amount="800")
    policy(old.organization, approval_threshold=Decimal("500.00"))
    approval = approvals.request_approval(
        card=old,
        action=CardApproval.Action.REFUND_PAYMENT,
        amount=Decimal("800.00"),
        reason="服务取消",
        requested_by=cashier,
        params={"entry_id": payment.pk, "amount": None},
    )

    refund = approvals.decide(
        approval=approval, approver=make_cashier(old.organization), approve=True
    )

    assert refund.card_id == new.pk
    new.refresh_from_db()
    assert new.balance == Decimal("2000.00")
