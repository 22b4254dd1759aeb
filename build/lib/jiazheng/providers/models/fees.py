"""A provider's own price for a catalogue service item (收费标准, 1.3.2)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.html import reject_markup
from jiazheng.common.models import TimeStampedModel


class ProviderServiceItem(TimeStampedModel):
    """A fee standard: one provider's price for one service item."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("加盟企业"),
        on_delete=models.CASCADE,
        related_name="service_items",
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="provider_items",
    )
    price = models.DecimalField(
        _("收费标准（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.TextField(
        _("服务说明"), max_length=1000, blank=True, validators=[reject_markup]
    )
    is_published = models.BooleanField(_("已发布"), default=True, db_index=True)

    class Meta:
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        ordering = ["item__category__sort_order", "item__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "item"], name="provider_item_once_per_org"
            ),
            models.CheckConstraint(
                condition=Q(price__gt=0), name="provider_item_price_positive"
            ),
        ]

    def __str__(self):
        return f"{self.item} {self.price}"

    @property
    def unit(self):
        return self.item.unit

    def get_unit_display(self):
        return self.item.get_unit_display()
