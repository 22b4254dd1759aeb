"""The PostgreSQL payment: one statement that locks, debits, chains and logs.

The card row is locked, read, debited, re-hashed and the entry and the
monthly roll-up are written in a single statement (the ``cards_pay``
function of migration 0004), so the lock is held for one round trip instead
of several. The canonical text hashed there must match
``models.ledger.entry_hash`` byte for byte; the verify command and the
tests check that it does.
"""

import json

from django.db import connection

from jiazheng.cards.models.ledger import _micros

# The statement lives in the cards_pay() function (migration 0004) so that
# PostgreSQL plans it once per connection and the client sends one short call.
PAY_SQL = """
SELECT id, seq, amount, principal_delta, bonus_delta, principal_after,
       bonus_after, created_at, prev_hash, entry_hash
FROM cards_pay(
    %(card)s, %(amount)s, %(operator)s, %(operator_text)s, %(key)s,
    %(micros)s, %(now)s, %(today)s, %(month)s, %(method)s, %(items)s::jsonb,
    %(reference)s, %(note)s
)
"""

RETURNED = (
    "id",
    "seq",
    "amount",
    "principal_delta",
    "bonus_delta",
    "principal_after",
    "bonus_after",
    "created_at",
    "prev_hash",
    "entry_hash",
)


def pay_in_one_statement(
    *,
    card_id,
    amount,
    operator_id,
    key,
    now,
    today,
    month,
    method,
    items,
    reference,
    note,
):
    """Debit a card in one statement; return the new entry's columns or None.

    The payment order (proportional, principal or bonus first) is read
    from the organisation's policy inside the statement.

    None means no row qualified: the card is not active, has expired or
    lacks the balance (the caller reads the card to say which). A repeated
    idempotency key raises IntegrityError from the unique index.
    """
    params = {
        "card": card_id,
        "amount": amount,
        "operator": operator_id,
        "operator_text": "" if operator_id is None else str(operator_id),
        "key": key or "",
        "micros": str(_micros(now)),
        "now": now,
        "today": today,
        "month": month,
        "method": method,
        "items": json.dumps(list(items), ensure_ascii=False),
        "reference": reference,
        "note": note,
    }
    with connection.cursor() as cursor:
        cursor.execute(PAY_SQL, params)
        row = cursor.fetchone()
    return dict(zip(RETURNED, row, strict=True)) if row else None
