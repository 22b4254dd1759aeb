"""A customer's review of a completed order (1.3.4)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.bookings.models.orders import Order
from jiazheng.customers.models import Customer

STARS = [MinValueValidator(1), MaxValueValidator(5)]


class Review(models.Model):
    """Stars for the worker and the provider, words and tags; one per order."""

    order = models.OneToOneField(
        Order, verbose_name=_("订单"), on_delete=models.CASCADE, related_name="review"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    worker_stars = models.PositiveSmallIntegerField(_("服务人员评分"), validators=STARS)
    provider_stars = models.PositiveSmallIntegerField(_("企业评分"), validators=STARS)
    text = models.TextField(_("评价内容"), max_length=1000, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worker_stars__gte=1)
                & Q(worker_stars__lte=5)
                & Q(provider_stars__gte=1)
                & Q(provider_stars__lte=5),
                name="review_stars_range",
            )
        ]

    def __str__(self):
        return f"{self.order} {self.provider_stars}★"
