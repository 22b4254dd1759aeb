"""The service catalogue: the category tree of 1.4.1 and its service items."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiazheng.common.models import TimeStampedModel


class Category(TimeStampedModel):
    """A node of the category tree: a top-level group or a category in it."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_hot = models.BooleanField(_("热门"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务分类")
        verbose_name_plural = _("服务分类")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Unit(models.TextChoices):
    HOUR = "hour", _("每小时")
    VISIT = "visit", _("每次")
    DAY = "day", _("每天")
    MONTH = "month", _("每月")
    SQUARE_METRE = "sqm", _("每平方米")


class ServiceItem(TimeStampedModel):
    """A concrete service with a unit and the platform's guidance price range."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    unit = models.CharField(_("计价单位"), max_length=8, choices=Unit.choices)
    guidance_price_min = models.DecimalField(
        _("指导价下限"), max_digits=12, decimal_places=2
    )
    guidance_price_max = models.DecimalField(
        _("指导价上限"), max_digits=12, decimal_places=2
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["category__sort_order", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guidance_price_min__gte=0)
                & Q(guidance_price_max__gte=F("guidance_price_min")),
                name="serviceitem_guidance_range_valid",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def guidance_range_display(self):
        """Return the range as people read it: ¥40.00–¥60.00 / 每小时."""
        low = f"¥{self.guidance_price_min:.2f}"
        high = f"¥{self.guidance_price_max:.2f}"
        amount = low if low == high else f"{low}–{high}"
        return f"{amount} / {self.get_unit_display()}"

    def clean(self):
        if (
            self.guidance_price_min is not None
            and self.guidance_price_max is not None
            and self.guidance_price_max < self.guidance_price_min
        ):
            raise ValidationError(
                {"guidance_price_max": _("指导价上限不能低于下限。")},
                code="invalid_range",
            )


class CatalogChange(models.Model):
    """One change to the catalogue: who changed which row, from what to what."""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("服务分类")
        ITEM = "item", _("服务项目")
        HOLIDAY = "holiday", _("节假日")
        PRICING_RULE = "pricing_rule", _("价格规则")

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        ACTIVATE = "activate", _("启用")
        DEACTIVATE = "deactivate", _("停用")
        DELETE = "delete", _("删除")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_kind = models.CharField(_("对象类型"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    object_code = models.CharField(_("对象代码"), max_length=64)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    changes = models.JSONField(
        _("变更内容"),
        default=dict,
        help_text=_("字段名到 [原值, 新值] 的映射。"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("目录变更记录")
        verbose_name_plural = _("目录变更记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_kind", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.get_object_kind_display()} {self.object_code} {self.action}"


class Holiday(models.Model):
    """A day of the State Council's holiday schedule.

    ``is_workday`` False is a statutory day off (a day of the holiday period,
    weekends inside it included); True is a make-up working day (调休上班) on
    what would otherwise be a weekend.
    """

    class Source(models.TextChoices):
        SEEDED = "seeded", _("数据包导入")
        MANUAL = "manual", _("手工维护")

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("节日名称"), max_length=64)
    is_workday = models.BooleanField(
        _("调休上班"),
        default=False,
        help_text=_("勾选表示调休上班日；不勾选表示法定节假日放假。"),
    )
    source = models.CharField(
        _("来源"), max_length=8, choices=Source.choices, default=Source.MANUAL
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class PricingRule(models.Model):
    """The centre's price and order-timing rules; one row (pk 1) holds them."""

    SINGLETON_PK = 1

    holiday_surcharge_percent = models.DecimalField(
        _("法定节假日加价（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        help_text=_("法定节假日放假当天的服务加价比例，0–300。"),
    )
    weekend_surcharge_percent = models.DecimalField(
        _("周末加价（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("普通周末（非调休上班日）的服务加价比例，0–300。"),
    )
    cancellation_free_hours = models.PositiveSmallIntegerField(
        _("免费取消时限（小时）"),
        default=24,
        help_text=_("距服务开始不少于这么多小时取消订单不收费。"),
    )
    auto_confirm_hours = models.PositiveSmallIntegerField(
        _("自动确认完成（小时）"),
        default=48,
        help_text=_("服务完成后客户未确认，超过这么多小时自动确认。"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("价格规则")
        verbose_name_plural = _("价格规则")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="pricingrule_singleton"),
            models.CheckConstraint(
                condition=Q(holiday_surcharge_percent__gte=0)
                & Q(holiday_surcharge_percent__lte=300)
                & Q(weekend_surcharge_percent__gte=0)
                & Q(weekend_surcharge_percent__lte=300),
                name="pricingrule_percent_range",
            ),
        ]

    def __str__(self):
        return str(_("价格规则"))
