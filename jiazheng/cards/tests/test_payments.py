from decimal import Decimal

import pytest

from jiazheng.cards import services
from jiazheng.cards.models import Card, CardLedgerEntry, CardMonthlySummary
from jiazheng.cards.tests.factories import key, make_cashier, open_card, policy
from jiazheng.cards.verification import verify_card
from jiazheng.common.errors import ServiceError
from jiazheng.notifications.backends import locmem

pytestmark = pytest.mark.django_db(transaction=False)

LINES = [{"name": "日常保洁", "quantity": 1, "price": "80.00", "amount": "80.00"}]


def test_payment_debits_the_balance_and_texts_the_member_after_commit(
    django_capture_on_commit_callbacks,
):
    card = open_card(balance="500")

    with django_capture_on_commit_callbacks(execute=True):
        entry = services.pay(
            card=card,
            amount="80",
            items=LINES,
            operator=None,
            idempotency_key=key(),
        )

    card.refresh_from_db()
    assert card.balance == Decimal("420.00")
    assert entry.balance_after == Decimal("420.00")
    assert entry.items[0]["name"] == "日常保洁"
    [message] = locmem.outbox
    assert "80.00" in message.body and "420.00" in message.body
    assert verify_card(card).ok


def test_same_idempotency_key_charges_once():
    card = open_card(balance="500")
    same = key()

    first = services.pay(
        card=card, amount="80", items=[], operator=None, idempotency_key=same
    )
    second = services.pay(
        card=card, amount="80", items=[], operator=None, idempotency_key=same
    )

    card.refresh_from_db()
    assert first.pk == second.pk
    assert card.balance == Decimal("420.00")


@pytest.mark.parametrize("amount", ["0", "-5", "1.001", "abc", "1e3"])
def test_bad_amounts_are_refused_and_change_nothing(amount):
    card = open_card(balance="100")

    with pytest.raises(ServiceError) as excinfo:
        services.pay(
            card=card, amount=amount, items=[], operator=None, idempotency_key=key()
        )

    assert excinfo.value.code == "invalid_amount"
    card.refresh_from_db()
    assert card.balance == Decimal("100.00")


def test_payment_over_the_balance_is_refused_with_the_balance_named():
    card = open_card(balance="100")

    with pytest.raises(ServiceError) as excinfo:
        services.pay(
            card=card, amount="100.01", items=[], operator=None, idempotency_key=key()
        )

    assert excinfo.value.code == "insufficient_balance"
    assert "¥100.00" in str(excinfo.value.message)
    assert CardLedgerEntry.objects.filter(card=card).count() == 1


def test_frozen_card_refuses_payment_with_a_clear_message():
    card = open_card(balance="100")
    services.freeze(card=card, operator=make_cashier(card.organization), reason="挂失")

    with pytest.raises(ServiceError) as excinfo:
        services.pay(
            card=card, amount="10", items=[], operator=None, idempotency_key=key()
        )

    assert excinfo.value.code == "card_frozen"
    assert "冻结" in str(excinfo.value.message)


def test_payment_draws_principal_and_bonus_in_proportion_by_default():
    card = open_card(balance=None)
    from jiazheng.cards.tests.factories import BonusRuleFactory

    BonusRuleFactory(organization=card.organization)
    services.top_up(card=card, amount="1000", method="cash", operator=None)

    services.pay(
        card=card, amount="110", items=[], operator=None, idempotency_key=key()
    )

    card.refresh_from_db()
    assert card.principal_balance == Decimal("900.00")
    assert card.bonus_balance == Decimal("90.00")


def test_principal_first_order_spends_principal_before_bonus():
    card = open_card()
    from jiazheng.cards.tests.factories import BonusRuleFactory

    BonusRuleFactory(organization=card.organization)
    policy(card.organization, payment_order="principal_first")
    services.top_up(card=card, amount="1000", method="cash", operator=None)

    services.pay(
        card=card, amount="1050", items=[], operator=None, idempotency_key=key()
    )

    card.refresh_from_db()
    assert (card.principal_balance, card.bonus_balance) == (
        Decimal("0.00"),
        Decimal("50.00"),
    )


def test_wrong_pin_is_refused_and_locks_after_five_tries():
    card = open_card(balance="100", pin="123456")

    for _ in range(5):
        with pytest.raises(ServiceError) as excinfo:
            services.pay(
                card=card,
                amount="10",
                items=[],
                operator=None,
                idempotency_key=key(),
                pin="000000",
            )
        assert excinfo.value.code == "wrong_pin"
    with pytest.raises(ServiceError) as excinfo:
        services.pay(
            card=card,
            amount="10",
            items=[],
            operator=None,
            idempotency_key=key(),
            pin="123456",
        )

    assert excinfo.value.code == "pin_locked"
    card.refresh_from_db()
    assert card.balance == Decimal("100.00")


def test_right_pin_pays():
    card = open_card(balance="100", pin="123456")

    services.pay(
        card=card,
        amount="10",
        items=[],
        operator=None,
        idempotency_key=key(),
        pin="123456",
    )

    card.refresh_from_db()
    assert card.balance == Decimal("90.00")


def test_refund_of_a_payment_goes_back_to_the_same_card():
    card = open_card(balance="300")
    cashier = make_cashier(card.organization)
    payment = services.pay(
        card=card, amount="120", items=[], operator=cashier, idempotency_key=key()
    )

    services.refund_payment(
        entry=payment, operator=cashier, reason="服务取消", amount="20"
    )
    services.refund_payment(entry=payment, operator=cashier, reason="服务取消")
    with pytest.raises(ServiceError):
        services.refund_payment(entry=payment, operator=cashier, reason="再退")

    card.refresh_from_db()
    assert card.balance == Decimal("300.00")
    assert verify_card(card).ok


def test_monthly_summary_counts_payments_as_they_are_written():
    card = open_card(balance="300")

    for amount in ("10", "20.50"):
        services.pay(
            card=card, amount=amount, items=[], operator=None, idempotency_key=key()
        )

    summary = CardMonthlySummary.objects.get(card=card)
    assert summary.payment_count == 2
    assert summary.payment_amount == Decimal("30.50")
    assert summary.top_up_amount == Decimal("300.00")


def test_replaced_card_refuses_payment_and_names_the_new_card():
    card = open_card(balance="300")
    new = services.replace_card(
        card=card, operator=make_cashier(card.organization), reason="遗失"
    )

    with pytest.raises(ServiceError) as excinfo:
        services.pay(
            card=card, amount="1", items=[], operator=None, idempotency_key=key()
        )

    assert excinfo.value.code == "card_replaced"
    assert new.number in str(excinfo.value.message)
    new.refresh_from_db()
    assert new.balance == Decimal("300.00")
    assert Card.objects.get(pk=card.pk).balance == 0
    assert verify_card(new).ok and verify_card(Card.objects.get(pk=card.pk)).ok
