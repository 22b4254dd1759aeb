"""The card ledger: append-only entries chained by SHA-256, and monthly totals."""

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.cards.models.cards import GENESIS_HASH, Card, VisitPackage

__all__ = ["GENESIS_HASH", "CardLedgerEntry", "CardMonthlySummary", "entry_hash"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CENT = Decimal("0.01")


class LedgerIsAppendOnly(Exception):
    """Someone tried to change or remove a ledger entry (a programming error)."""


class EntryKind(models.TextChoices):
    OPEN = "open", _("开卡")
    TOP_UP = "top_up", _("充值")
    PAYMENT = "payment", _("消费")
    PAYMENT_REFUND = "payment_refund", _("消费退款")
    TOP_UP_REFUND = "top_up_refund", _("充值退款")
    PACKAGE_PURCHASE = "package_purchase", _("购买次卡")
    VISIT = "visit", _("次卡消费")
    PACKAGE_RETURN = "package_return", _("次卡退回")
    TRANSFER_OUT = "transfer_out", _("补卡转出")
    TRANSFER_IN = "transfer_in", _("补卡转入")
    CLOSE_REFUND = "close_refund", _("退卡退款")
    CLOSE_FORFEIT = "close_forfeit", _("退卡结清赠送")
    EXPIRY = "expiry", _("过期")
    EXPIRY_REVERSAL = "expiry_reversal", _("过期余额恢复")
    ADJUSTMENT = "adjustment", _("余额调整")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    BANK_CARD = "bank_card", _("银行卡")
    ONLINE = "online", _("在线支付")
    BALANCE = "balance", _("卡内余额")


def _money(value):
    value = Decimal(value).quantize(_CENT)
    # Decimal keeps the sign of zero; PostgreSQL's numeric has none.
    return "0.00" if value == 0 else str(value)


def _micros(moment):
    return (moment - _EPOCH) // timedelta(microseconds=1)


def entry_hash(
    *,
    card_id,
    seq,
    kind,
    amount,
    principal_delta,
    bonus_delta,
    principal_after,
    bonus_after,
    visits_delta,
    package_id,
    operator_id,
    idempotency_key,
    created_at,
    prev_hash,
):
    """Return the SHA-256 of an entry's canonical fields and the previous hash.

    The same text is built in SQL by the PostgreSQL payment path
    (services/hot_path.py); the two must stay byte for byte the same.
    """
    text = "|".join(
        [
            str(card_id),
            str(seq),
            kind,
            _money(amount),
            _money(principal_delta),
            _money(bonus_delta),
            _money(principal_after),
            _money(bonus_after),
            str(visits_delta),
            "" if package_id is None else str(package_id),
            "" if operator_id is None else str(operator_id),
            idempotency_key or "",
            str(_micros(created_at)),
            prev_hash,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


class CardLedgerEntry(models.Model):
    """One change of a card's balance; never updated, never deleted.

    ``amount`` is the signed change of the balance (principal plus bonus);
    ``seq`` counts the card's entries from 1, and ``prev_hash`` is the
    previous entry's ``entry_hash`` (GENESIS_HASH for the first).
    """

    card = models.ForeignKey(
        Card,
        verbose_name=_("会员卡"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    seq = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=24, choices=EntryKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    principal_delta = models.DecimalField(
        _("本金变动"), max_digits=12, decimal_places=2
    )
    bonus_delta = models.DecimalField(_("赠送变动"), max_digits=12, decimal_places=2)
    principal_after = models.DecimalField(
        _("本金余额"), max_digits=12, decimal_places=2
    )
    bonus_after = models.DecimalField(_("赠送余额"), max_digits=12, decimal_places=2)
    visits_delta = models.SmallIntegerField(_("次数变动"), default=0)
    package = models.ForeignKey(
        VisitPackage,
        verbose_name=_("次卡"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    method = models.CharField(
        _("支付方式"), max_length=16, choices=PaymentMethod.choices, blank=True
    )
    items = models.JSONField(_("消费明细"), default=list, blank=True)
    reference = models.CharField(_("业务单号"), max_length=64, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    refund_of = models.ForeignKey(
        "self",
        verbose_name=_("原流水"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("时间"))
    prev_hash = models.CharField(_("上一条摘要"), max_length=64)
    entry_hash = models.CharField(_("摘要"), max_length=64)

    class Meta:
        verbose_name = _("会员卡流水")
        verbose_name_plural = _("会员卡流水")
        ordering = ["card", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["card", "seq"], name="cards_entry_seq"),
            models.UniqueConstraint(
                fields=["card", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="cards_entry_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at", "kind"]),
            models.Index(fields=["card", "created_at"]),
            models.Index(fields=["operator", "created_at"]),
        ]

    def __str__(self):
        return f"{self.card_id}#{self.seq} {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise LedgerIsAppendOnly("ledger entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("ledger entries are never deleted")

    def compute_hash(self):
        return entry_hash(
            card_id=self.card_id,
            seq=self.seq,
            kind=self.kind,
            amount=self.amount,
            principal_delta=self.principal_delta,
            bonus_delta=self.bonus_delta,
            principal_after=self.principal_after,
            bonus_after=self.bonus_after,
            visits_delta=self.visits_delta,
            package_id=self.package_id,
            operator_id=self.operator_id,
            idempotency_key=self.idempotency_key,
            created_at=self.created_at,
            prev_hash=self.prev_hash,
        )

    @property
    def balance_after(self):
        return self.principal_after + self.bonus_after


class CardMonthlySummary(models.Model):
    """Per card and month: payments and top-ups, kept as entries are written.

    Written under the card's row lock, so it never races; the monthly
    summary page reads it instead of scanning a million entries.
    """

    card = models.ForeignKey(
        Card,
        verbose_name=_("会员卡"),
        on_delete=models.PROTECT,
        related_name="monthly_summaries",
    )
    month = models.DateField(_("月份"))
    payment_count = models.PositiveIntegerField(_("消费次数"), default=0)
    payment_amount = models.DecimalField(
        _("消费金额"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    top_up_amount = models.DecimalField(
        _("充值金额"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    refund_amount = models.DecimalField(
        _("退款金额"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )

    class Meta:
        verbose_name = _("会员卡月汇总")
        verbose_name_plural = _("会员卡月汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["card", "month"], name="cards_monthly_summary_card_month"
            )
        ]
        indexes = [models.Index(fields=["month", "card"])]

    def __str__(self):
        return f"{self.card_id} {self.month:%Y-%m}"
