"""Card operations; every balance change goes through services.ledger."""

from jiazheng.cards.services.accounts import (
    edit_card,
    freeze,
    open_card,
    replace_card,
    set_pin,
    unfreeze,
)
from jiazheng.cards.services.funds import (
    adjust,
    close_card,
    close_quote,
    refund_top_up,
    top_up,
)
from jiazheng.cards.services.payments import (
    buy_package,
    pay,
    refund_payment,
    use_visit,
)

__all__ = [
    "adjust",
    "buy_package",
    "close_card",
    "close_quote",
    "edit_card",
    "freeze",
    "open_card",
    "pay",
    "refund_payment",
    "refund_top_up",
    "replace_card",
    "set_pin",
    "top_up",
    "unfreeze",
    "use_visit",
]
