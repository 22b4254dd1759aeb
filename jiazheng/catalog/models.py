"""The service catalogue: the category tree of 1.4.1 and its service items."""

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
