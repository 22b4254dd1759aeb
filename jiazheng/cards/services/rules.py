"""Checks shared by the card operations: state, caps, approvals, valuation."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import Card, CardApproval
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan

CENT = Decimal("0.01")


def cap_for(card, policy):
    if card.kind == Card.Kind.ANONYMOUS:
        return policy.anonymous_cap
    return policy.named_cap


def ensure_within_cap(card, policy, new_balance):
    cap = cap_for(card, policy)
    if new_balance > cap:
        raise ServiceError(
            _("操作后余额 %(balance)s 将超过本卡上限 %(cap)s。")
            % {"balance": format_yuan(new_balance), "cap": format_yuan(cap)},
            code="over_cap",
            field="amount",
        )


def ensure_usable(card):
    """Refuse payments and top-ups on a card that is not open for them."""
    if card.status == Card.Status.FROZEN:
        raise ServiceError(
            _("此卡已冻结，不能使用。请先办理恢复。"), code="card_frozen"
        )
    if card.status == Card.Status.REPLACED:
        raise ServiceError(
            _("此卡已补卡作废，请使用新卡 %(number)s。")
            % {"number": card.replaced_by.number if card.replaced_by_id else ""},
            code="card_replaced",
        )
    if card.status == Card.Status.CLOSED:
        raise ServiceError(_("此卡已退卡，不能使用。"), code="card_closed")
    if card.expires_on and card.expires_on < timezone.localdate():
        raise ServiceError(
            _("此卡已于 %(day)s 过期，可办理延期或退卡。") % {"day": card.expires_on},
            code="card_expired",
        )


def insufficient(card, amount):
    """Return the ServiceError that explains why a debit did not happen.

    Raises the card's own refusal first (frozen, replaced, closed, expired).
    """
    ensure_usable(card)
    return ServiceError(
        _("余额不足：本次 %(amount)s，当前余额 %(balance)s。")
        % {"amount": format_yuan(amount), "balance": format_yuan(card.balance)},
        code="insufficient_balance",
        field="amount",
    )


def ensure_open(card):
    """Refuse refunds and closing on a replaced or closed card."""
    if card.status in (Card.Status.REPLACED, Card.Status.CLOSED):
        raise ServiceError(
            _("此卡已作废或已退卡，不能办理此业务。"), code="card_not_open"
        )


def require_approval(*, card, policy, action, amount, approval):
    """Refuse an amount above the threshold without a matching approval."""
    if amount <= policy.approval_threshold:
        return
    if (
        approval is not None
        and approval.status == CardApproval.Status.APPROVED
        and approval.card_id == card.pk
        and approval.action == action
        and approval.amount == amount
    ):
        return
    raise ServiceError(
        _("金额超过 %(limit)s，须由另一名职员复核。")
        % {"limit": format_yuan(policy.approval_threshold)},
        code="approval_required",
    )


def proportional_refund(card):
    """Return what closing the card pays back (法释〔2025〕4号).

    The value used is paid × used / (paid + given), so the refund is
    paid × balance / (paid + given), never more than the balance.
    """
    paid, given = card.total_topped_up, card.total_bonus_given
    balance = card.principal_balance + card.bonus_balance
    if paid + given <= 0:
        return card.principal_balance
    refund = (paid * balance / (paid + given)).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(refund, balance)
