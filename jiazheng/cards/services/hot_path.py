"""The PostgreSQL payment: one call that checks, locks, debits, chains and logs.

``cards_pay()`` (migration 0005) looks up the idempotency key, locks the
card row, checks its state, PIN and balance, splits the debit by the
organisation's payment order, re-hashes, updates the card and writes the
monthly roll-up and the entry, all in one round trip; outside a
transaction it commits on its own, so the row lock lasts that one call.
The canonical text hashed there must match ``models.ledger.entry_hash``
byte for byte; the verify command and the tests check that it does.

When it does not pay it says why (``outcome``) and returns the card's
columns, so the caller can explain the refusal or check the PIN without
reading the card again.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from jiazheng.cards.models import Card
from jiazheng.cards.models.ledger import _micros

ZERO = Decimal("0.00")

PAY_SQL = """
SELECT * FROM cards_pay(
    %(card)s, %(amount)s, %(operator)s, %(key)s, %(micros)s, %(now)s,
    %(today)s, %(month)s, %(method)s, %(items)s::jsonb, %(reference)s,
    %(note)s, %(require_pin)s, %(pin_hash)s
)
"""

# The card's columns that cards_pay() returns with its answer.
_CARD_FIELDS = (
    "status",
    "expires_on",
    "replaced_by_id",
    "pin_hash",
    "pin_failures",
    "pin_locked_until",
    "organization_id",
    "customer_id",
    "number",
)
# The OUT parameters of cards_pay(), in order.
RETURNED = (
    "outcome",
    "entry_id",
    "seq",
    "principal_part",
    "principal_after",
    "bonus_after",
    "prev_hash",
    "entry_hash",
    *_CARD_FIELDS,
    "phone",
)


@dataclass
class PayResult:
    """What ``cards_pay()`` answered.

    ``outcome`` is ``paid``; ``done`` (the key was used before on this
    card); ``unusable`` (not active or expired); ``pin`` (the PIN must be
    checked first); ``insufficient``; or ``missing``. ``card`` holds the
    card's columns as the call saw them (balances after a payment);
    ``entry`` the new entry's columns when paid.
    """

    outcome: str
    card: Card
    entry: dict
    phone: str | None


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
    require_pin=False,
    pin_hash=None,
):
    """Call ``cards_pay()`` once and return a PayResult.

    A repeated idempotency key that another request committed while this
    one waited raises IntegrityError from the unique index.
    """
    params = {
        "card": card_id,
        "amount": amount,
        "operator": operator_id,
        "key": key or "",
        "micros": str(_micros(now)),
        "now": now,
        "today": today,
        "month": month,
        "method": method,
        "items": json.dumps(list(items), ensure_ascii=False),
        "reference": reference,
        "note": note,
        "require_pin": bool(require_pin),
        "pin_hash": pin_hash,
    }
    with connection.cursor() as cursor:
        cursor.execute(PAY_SQL, params)
        row = dict(zip(RETURNED, cursor.fetchone(), strict=True))
    card = Card(
        pk=card_id,
        principal_balance=row["principal_after"],
        bonus_balance=row["bonus_after"],
        **{name: row[name] for name in _CARD_FIELDS},
    )
    card._state.adding = False
    card._state.db = connection.alias
    entry = {}
    if row["outcome"] == "paid":
        principal = row["principal_part"]
        entry = {
            "id": row["entry_id"],
            "seq": row["seq"],
            "amount": -amount,
            # 0 - x, not -x: Decimal keeps a negative zero, PostgreSQL not.
            "principal_delta": ZERO - principal,
            "bonus_delta": ZERO - (amount - principal),
            "principal_after": row["principal_after"],
            "bonus_after": row["bonus_after"],
            "created_at": now,
            "prev_hash": row["prev_hash"],
            "entry_hash": row["entry_hash"],
        }
    return PayResult(row["outcome"], card, entry, row["phone"])
