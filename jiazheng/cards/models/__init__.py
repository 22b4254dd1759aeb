"""Membership cards: levels, policies, cards, visit packages and the ledger."""

from jiazheng.cards.models.cards import Card, CardLevel, VisitPackage
from jiazheng.cards.models.ledger import (
    GENESIS_HASH,
    CardLedgerEntry,
    CardMonthlySummary,
    EntryKind,
    LedgerIsAppendOnly,
    PaymentMethod,
)
from jiazheng.cards.models.settings import (
    BonusRule,
    CardApproval,
    CardItem,
    CardOperationLog,
    CardOperator,
    CardPolicy,
    MemberFeedback,
    PaymentOrder,
)

__all__ = [
    "GENESIS_HASH",
    "BonusRule",
    "Card",
    "CardApproval",
    "CardItem",
    "CardLedgerEntry",
    "CardLevel",
    "CardMonthlySummary",
    "CardOperationLog",
    "CardOperator",
    "CardPolicy",
    "EntryKind",
    "LedgerIsAppendOnly",
    "MemberFeedback",
    "PaymentMethod",
    "PaymentOrder",
    "VisitPackage",
]
