"""What each organisation sets for its cards: policy, bonuses, items, operators."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import TimeStampedModel

# The 2012 rules (单用途商业预付卡管理办法（试行）): these are ceilings and
# floors an organisation may tighten but never loosen.
NAMED_CAP_LIMIT = Decimal("5000.00")
ANONYMOUS_CAP_LIMIT = Decimal("1000.00")
ANONYMOUS_MIN_VALIDITY_YEARS = 3


class PaymentOrder(models.TextChoices):
    PROPORTIONAL = "proportional", _("本金与赠送金按比例扣减")
    PRINCIPAL_FIRST = "principal_first", _("先扣本金")
    BONUS_FIRST = "bonus_first", _("先扣赠送金")


class CardPolicy(TimeStampedModel):
    """One organisation's card rules; the defaults are the 2012 rules."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_policy",
    )
    named_cap = models.DecimalField(
        _("记名卡余额上限"), max_digits=12, decimal_places=2, default=NAMED_CAP_LIMIT
    )
    anonymous_cap = models.DecimalField(
        _("不记名卡余额上限"),
        max_digits=12,
        decimal_places=2,
        default=ANONYMOUS_CAP_LIMIT,
    )
    anonymous_validity_years = models.PositiveSmallIntegerField(
        _("不记名卡有效期（年）"), default=ANONYMOUS_MIN_VALIDITY_YEARS
    )
    named_validity_years = models.PositiveSmallIntegerField(
        _("记名卡有效期（年）"),
        null=True,
        blank=True,
        help_text=_("留空表示记名卡不设有效期。"),
    )
    payment_order = models.CharField(
        _("扣款顺序"),
        max_length=16,
        choices=PaymentOrder.choices,
        default=PaymentOrder.PROPORTIONAL,
    )
    cooling_off_days = models.PositiveSmallIntegerField(
        _("未消费充值全额退款期（天）"), default=7
    )
    approval_threshold = models.DecimalField(
        _("需复核的退款或调整金额"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("500.00"),
    )
    pin_max_attempts = models.PositiveSmallIntegerField(
        _("支付密码最多错误次数"), default=5
    )
    pin_lock_minutes = models.PositiveSmallIntegerField(
        _("支付密码锁定时长（分钟）"), default=30
    )

    class Meta:
        verbose_name = _("会员卡规则")
        verbose_name_plural = _("会员卡规则")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(named_cap__gt=0, named_cap__lte=NAMED_CAP_LIMIT),
                name="cards_policy_named_cap_within_rules",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    anonymous_cap__gt=0, anonymous_cap__lte=ANONYMOUS_CAP_LIMIT
                ),
                name="cards_policy_anonymous_cap_within_rules",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    anonymous_validity_years__gte=ANONYMOUS_MIN_VALIDITY_YEARS
                ),
                name="cards_policy_anonymous_validity_within_rules",
            ),
        ]

    def __str__(self):
        return str(self.organization)


class BonusRule(TimeStampedModel):
    """A top-up bonus (OP-10): paying at least ``min_amount`` gives ``bonus``."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_bonus_rules",
    )
    name = models.CharField(_("名称"), max_length=64)
    min_amount = models.DecimalField(_("充值满"), max_digits=12, decimal_places=2)
    bonus = models.DecimalField(_("赠送"), max_digits=12, decimal_places=2)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("充值赠送规则")
        verbose_name_plural = _("充值赠送规则")
        ordering = ["organization", "-min_amount"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__gt=0, bonus__gte=0),
                name="cards_bonus_rule_positive",
            )
        ]

    def __str__(self):
        return self.name


class CardItem(TimeStampedModel):
    """A priced item a card pays for (4.3), linked to a catalogue item."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_items",
    )
    name = models.CharField(_("名称"), max_length=64)
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    price = models.DecimalField(_("价格"), max_digits=12, decimal_places=2)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("消费项目")
        verbose_name_plural = _("消费项目")
        ordering = ["organization", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="cards_item_price_positive"
            )
        ]

    def __str__(self):
        return self.name


class CardOperator(TimeStampedModel):
    """A staff member who works the card counter (4.2)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_operators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="card_operator_profiles",
    )
    name = models.CharField(_("姓名"), max_length=64)
    phone = models.CharField(_("电话"), max_length=20)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("操作员")
        verbose_name_plural = _("操作员")
        ordering = ["organization", "name"]

    def __str__(self):
        return self.name


class CardOperationLog(models.Model):
    """Who did what to which card or card setting (4.4), with old and new values."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("发卡组织"),
        on_delete=models.CASCADE,
        related_name="card_operations",
    )
    card = models.ForeignKey(
        "cards.Card",
        verbose_name=_("会员卡"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operations",
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=32, db_index=True)
    summary = models.CharField(_("摘要"), max_length=255)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会员卡操作日志")
        verbose_name_plural = _("会员卡操作日志")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "created_at"]),
            models.Index(fields=["operator", "created_at"]),
        ]

    def __str__(self):
        return self.summary


class CardApproval(TimeStampedModel):
    """A refund or adjustment waiting for a second staff member's approval."""

    class Action(models.TextChoices):
        CLOSE = "close", _("退卡退款")
        REFUND_TOP_UP = "refund_top_up", _("充值退款")
        REFUND_PAYMENT = "refund_payment", _("消费退款")
        ADJUST = "adjust", _("余额调整")

    class Status(models.TextChoices):
        PENDING = "pending", _("待复核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")

    card = models.ForeignKey(
        "cards.Card",
        verbose_name=_("会员卡"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    params = models.JSONField(_("参数"), default=dict)
    reason = models.CharField(_("原因"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退款与调整复核")
        verbose_name_plural = _("退款与调整复核")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.amount}"


class MemberFeedback(TimeStampedModel):
    """A member's feedback about their card (5.1)."""

    card = models.ForeignKey(
        "cards.Card",
        verbose_name=_("会员卡"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("内容"), max_length=2000)

    class Meta:
        verbose_name = _("会员反馈")
        verbose_name_plural = _("会员反馈")
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:30]
