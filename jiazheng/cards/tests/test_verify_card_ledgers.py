from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from jiazheng.cards import services
from jiazheng.cards.models import CardLedgerEntry, LedgerIsAppendOnly
from jiazheng.cards.tests.factories import key, open_card
from jiazheng.conftest import is_postgres

pytestmark = pytest.mark.django_db


def _card_with_history():
    card = open_card(balance="500")
    for amount in ("10", "20", "30"):
        services.pay(
            card=card, amount=amount, items=[], operator=None, idempotency_key=key()
        )
    return card


def _raw(sql, params=()):
    """Run SQL with the append-only trigger off, as an attacker with DB access."""
    with connection.cursor() as cursor:
        if is_postgres():
            # Deferred foreign-key checks would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE cards_cardledgerentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS cards_ledger_append_only")
        cursor.execute(sql, params)


def _verify():
    out = StringIO()
    call_command("verify_card_ledgers", stdout=out, verbosity=0)
    return out.getvalue()


def test_intact_ledgers_pass():
    _card_with_history()
    assert "all intact" in _verify()


def test_edited_amount_is_found():
    card = _card_with_history()
    _raw(
        "UPDATE cards_cardledgerentry SET amount = -1, principal_delta = -1 "
        "WHERE card_id = %s AND seq = 3",
        [card.pk],
    )

    with pytest.raises(CommandError):
        _verify()


def test_deleted_entry_is_found():
    card = _card_with_history()
    _raw("DELETE FROM cards_cardledgerentry WHERE card_id = %s AND seq = 2", [card.pk])

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_card_ledgers", stdout=out, verbosity=0)
    assert "sequence" in out.getvalue()


def test_reordered_entries_are_found():
    card = _card_with_history()
    for old, new in ((2, 1000), (3, 2), (1000, 3)):
        _raw(
            "UPDATE cards_cardledgerentry SET seq = %s WHERE card_id = %s AND seq = %s",
            [new, card.pk, old],
        )

    with pytest.raises(CommandError):
        _verify()


def test_balance_that_differs_from_the_entries_is_found():
    card = _card_with_history()
    _raw(
        "UPDATE cards_card SET principal_balance = principal_balance + 1 WHERE id = %s",
        [card.pk],
    )

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_card_ledgers", stdout=out, verbosity=0)
    assert "differs from the sum" in out.getvalue()


def test_code_and_database_refuse_to_change_an_entry():
    card = _card_with_history()
    entry = CardLedgerEntry.objects.filter(card=card).first()

    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        CardLedgerEntry.objects.filter(pk=entry.pk).update(amount=0)
