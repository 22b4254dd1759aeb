"""Check a card's ledger: the chain of hashes, the order and the sums."""

from dataclasses import dataclass, field
from decimal import Decimal

from jiazheng.cards.models import GENESIS_HASH, CardLedgerEntry
from jiazheng.cards.models.ledger import entry_hash

_FIELDS = (
    "id",
    "seq",
    "kind",
    "amount",
    "principal_delta",
    "bonus_delta",
    "principal_after",
    "bonus_after",
    "visits_delta",
    "package_id",
    "operator_id",
    "idempotency_key",
    "created_at",
    "prev_hash",
    "entry_hash",
)


@dataclass
class LedgerReport:
    card_id: int
    number: str
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify_card(card):
    """Return a LedgerReport listing every inconsistency of ``card``'s ledger.

    An edited entry no longer matches its hash; a deleted one leaves a gap
    in the sequence and a break in the chain; reordered entries break the
    chain too (the sequence number is part of what is hashed).
    """
    report = LedgerReport(card_id=card.pk, number=card.number)
    expected_prev = GENESIS_HASH
    principal = bonus = Decimal("0.00")
    expected_seq = 1
    rows = (
        CardLedgerEntry.objects.filter(card_id=card.pk)
        .order_by("seq", "id")
        .values_list(*_FIELDS)
    )
    for row in rows.iterator(chunk_size=2000):
        values = dict(zip(_FIELDS, row, strict=True))
        seq = values["seq"]
        if seq != expected_seq:
            report.problems.append(
                f"entry {values['id']}: sequence {seq}, expected {expected_seq}"
            )
        if values["prev_hash"] != expected_prev:
            report.problems.append(
                f"entry {values['id']} (#{seq}): chain broken before it"
            )
        computed = entry_hash(
            card_id=card.pk,
            **{
                name: values[name]
                for name in _FIELDS
                if name not in ("id", "entry_hash")
            },
        )
        if computed != values["entry_hash"]:
            report.problems.append(f"entry {values['id']} (#{seq}): content edited")
        if values["amount"] != values["principal_delta"] + values["bonus_delta"]:
            report.problems.append(f"entry {values['id']} (#{seq}): parts differ")
        principal += values["principal_delta"]
        bonus += values["bonus_delta"]
        if (values["principal_after"], values["bonus_after"]) != (principal, bonus):
            report.problems.append(
                f"entry {values['id']} (#{seq}): balance after differs from sum"
            )
        expected_prev = values["entry_hash"]
        expected_seq = seq + 1

    if expected_seq - 1 != card.entry_count:
        report.problems.append(
            f"card has {card.entry_count} entries recorded, ledger has "
            f"{expected_seq - 1}"
        )
    if card.last_entry_hash != expected_prev:
        report.problems.append("card's last hash differs from the ledger's")
    if (card.principal_balance, card.bonus_balance) != (principal, bonus):
        report.problems.append(
            f"card balance {card.principal_balance}+{card.bonus_balance} differs "
            f"from the sum of entries {principal}+{bonus}"
        )
    return report
