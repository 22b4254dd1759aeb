"""Cards, their levels and the visit packages they hold."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import TimeStampedModel
from jiazheng.common.money import format_yuan
from jiazheng.customers.models import Customer

GENESIS_HASH = "0" * 64


class CardLevel(TimeStampedModel):
    """Normal, senior or VIP (4.1), with a discount and an optional upgrade."""

    class Code(models.TextChoices):
        NORMAL = "normal", _("普通")
        SENIOR = "senior", _("高级")
        VIP = "vip", _("VIP")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_levels",
    )
    code = models.CharField(_("级别"), max_length=16, choices=Code.choices)
    name = models.CharField(_("名称"), max_length=32)
    discount_percent = models.DecimalField(
        _("折扣（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        help_text=_("100 表示不打折，95 表示九五折。"),
    )
    upgrade_at = models.DecimalField(
        _("累计充值满此金额自动升级"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rank = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("会员级别")
        verbose_name_plural = _("会员级别")
        ordering = ["organization", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="cards_level_code_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(discount_percent__gt=0, discount_percent__lte=100),
                name="cards_level_discount_range",
            ),
        ]

    def __str__(self):
        return self.name


class Card(TimeStampedModel):
    """A stored-value card; its balances are the sums of its ledger entries."""

    class Kind(models.TextChoices):
        NAMED = "named", _("记名卡")
        ANONYMOUS = "anonymous", _("不记名卡")

    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        FROZEN = "frozen", _("已冻结")
        REPLACED = "replaced", _("已补卡作废")
        CLOSED = "closed", _("已退卡")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    number = models.CharField(_("卡号"), max_length=20, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards",
    )
    holder_name = models.CharField(_("持卡人"), max_length=64, blank=True)
    level = models.ForeignKey(
        CardLevel,
        verbose_name=_("级别"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=Status.choices,
        default=Status.ACTIVE,
        db_index=True,
    )
    principal_balance = models.DecimalField(
        _("本金余额"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    bonus_balance = models.DecimalField(
        _("赠送余额"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    # The hash of the newest entry and the number of entries: read under the
    # card's row lock, so two payments can never chain onto the same entry.
    last_entry_hash = models.CharField(
        _("末条流水摘要"), max_length=64, default=GENESIS_HASH
    )
    entry_count = models.PositiveIntegerField(_("流水条数"), default=0)
    total_topped_up = models.DecimalField(
        _("累计充值"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    total_bonus_given = models.DecimalField(
        _("累计赠送"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    pin_hash = models.CharField(_("支付密码"), max_length=128, blank=True)
    pin_failures = models.PositiveSmallIntegerField(_("密码错误次数"), default=0)
    pin_locked_until = models.DateTimeField(_("密码锁定至"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("补发新卡"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    note = models.CharField(_("备注"), max_length=255, blank=True)
    status_reason = models.CharField(_("状态原因"), max_length=255, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开卡人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("退卡时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会员卡")
        verbose_name_plural = _("会员卡")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database itself refuses an overdraft, whatever the code does.
            models.CheckConstraint(
                condition=models.Q(principal_balance__gte=0),
                name="cards_card_principal_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(bonus_balance__gte=0),
                name="cards_card_bonus_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="anonymous") | models.Q(customer__isnull=False),
                name="cards_named_card_has_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "level"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self):
        return self.number

    @property
    def balance(self):
        return self.principal_balance + self.bonus_balance

    @property
    def balance_display(self):
        return format_yuan(self.balance)

    @property
    def holder_display(self):
        if self.customer_id:
            return self.customer.name
        return self.holder_name or str(_("不记名"))

    @property
    def has_pin(self):
        return bool(self.pin_hash)


class VisitPackage(TimeStampedModel):
    """A 次卡 on a card: N visits of one catalogue item, bought from the balance.

    The principal and bonus parts of the price are kept so that unused
    visits are given back in the same parts when the card is closed.
    """

    card = models.ForeignKey(
        Card,
        verbose_name=_("会员卡"),
        on_delete=models.PROTECT,
        related_name="packages",
    )
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visits_total = models.PositiveSmallIntegerField(_("总次数"))
    visits_left = models.PositiveSmallIntegerField(_("剩余次数"))
    price = models.DecimalField(_("价格"), max_digits=12, decimal_places=2)
    principal_part = models.DecimalField(_("本金部分"), max_digits=12, decimal_places=2)
    bonus_part = models.DecimalField(_("赠送部分"), max_digits=12, decimal_places=2)
    expires_on = models.DateField(_("有效期至"))
    is_returned = models.BooleanField(_("已退回"), default=False)

    class Meta:
        verbose_name = _("次卡")
        verbose_name_plural = _("次卡")
        ordering = ["card", "expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visits_left__lte=models.F("visits_total")),
                name="cards_package_visits_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.service_item} ×{self.visits_total}"
