"""Card operations; every balance change goes through services.ledger."""

from jiazheng.cards.services.accounts import (
    edit_card,
    freeze,
    open_card,
    replace_card,
    set_pin,
    unfreeze,
)
from jiazheng.cards.services.expiry import expire_due_cards, reactivate
from jiazheng.cards.services.funds import (
    adjust,
    close_card,
    close_quote,
    refund_top_up,
    top_up,
)
from jiazheng.cards.services.packages import buy_package, use_visit
from jiazheng.cards.services.payments import pay
from jiazheng.cards.services.refunds import refund_payment

__all__ = [
    "adjust",
    "buy_package",
    "close_card",
    "close_quote",
    "edit_card",
    "expire_due_cards",
    "freeze",
    "open_card",
    "pay",
    "reactivate",
    "refund_payment",
    "refund_top_up",
    "replace_card",
    "set_pin",
    "top_up",
    "unfreeze",
    "use_visit",
]
