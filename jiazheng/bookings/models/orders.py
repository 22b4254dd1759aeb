"""Bookings as received, the orders made from them and every change of state."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import Region
from jiazheng.customers.models import Customer, CustomerAddress


class ServiceMode(models.TextChoices):
    NONE = "", _("不区分")
    LIVE_IN = "live_in", _("住家")
    DAY_TIME = "day_time", _("白班")


class Recurrence(models.TextChoices):
    NONE = "none", _("单次")
    WEEKLY = "weekly", _("每周")
    BIWEEKLY = "biweekly", _("每两周")
    MONTHLY = "monthly", _("每月")


class RecurringPlan(models.Model):
    """A standing arrangement: the same service, weekday and worker again.

    The create_recurring_orders command (and its beat task) books the next
    visit from ``next_date`` and moves ``next_date`` on.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.CASCADE,
        related_name="recurring_plans",
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recurring_plans",
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recurring_plans",
    )
    address = models.ForeignKey(
        CustomerAddress,
        verbose_name=_("服务地址"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recurrence = models.CharField(_("周期"), max_length=16, choices=Recurrence.choices)
    weekday = models.PositiveSmallIntegerField(_("星期"), help_text=_("0 为周一"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    service_mode = models.CharField(
        _("服务方式"), max_length=16, choices=ServiceMode.choices, blank=True
    )
    notes = models.TextField(_("备注"), blank=True)
    next_date = models.DateField(_("下次服务日期"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("周期服务计划")
        verbose_name_plural = _("周期服务计划")
        ordering = ["next_date", "pk"]
        indexes = [models.Index(fields=["active", "next_date"])]

    def __str__(self):
        return f"{self.customer} {self.item} {self.get_recurrence_display()}"


class Booking(models.Model):
    """A need as it arrived (online, by phone or by SMS), before pricing."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上预约")
        PHONE = "phone", _("电话预约")
        SMS = "sms", _("短信预约")

    number = models.CharField(_("预约编号"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Null means the customer let the platform choose the provider.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    address = models.ForeignKey(
        CustomerAddress,
        verbose_name=_("服务地址"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    service_mode = models.CharField(
        _("服务方式"), max_length=16, choices=ServiceMode.choices, blank=True
    )
    notes = models.TextField(_("备注"), blank=True)
    recurrence = models.CharField(
        _("周期"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE
    )
    preferred_worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("指定服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The API client's Idempotency-Key: a repeated POST returns this booking.
    idempotency_key = models.CharField(
        _("幂等键"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_slot_valid"
            ),
            models.UniqueConstraint(
                fields=["customer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="booking_idempotency_key_once_per_customer",
            ),
        ]

    def __str__(self):
        return self.number


class Order(models.Model):
    """An agreed service with a price; its status moves only via transition()."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        CONFIRMED = "confirmed", _("已确认")
        DISPATCHED = "dispatched", _("已派工")
        IN_SERVICE = "in_service", _("服务中")
        COMPLETED = "completed", _("已完成")
        REVIEWED = "reviewed", _("已评价")
        CANCELLED = "cancelled", _("已取消")

    number = models.CharField(_("订单编号"), max_length=20, unique=True)
    booking = models.OneToOneField(
        Booking, verbose_name=_("预约"), on_delete=models.PROTECT, related_name="order"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.ForeignKey(
        CustomerAddress,
        verbose_name=_("服务地址"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    service_mode = models.CharField(
        _("服务方式"), max_length=16, choices=ServiceMode.choices, blank=True
    )
    unit_price = models.DecimalField(_("单价（元）"), max_digits=12, decimal_places=2)
    quantity = models.DecimalField(_("数量"), max_digits=8, decimal_places=2)
    surcharge_percent = models.DecimalField(
        _("节假日加价（%）"), max_digits=5, decimal_places=2, default=0
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    survey_note = models.TextField(_("需求调查记录"), blank=True)
    excluded_workers = models.ManyToManyField(
        "workers.WorkerProfile",
        verbose_name=_("不再派的服务人员"),
        blank=True,
        related_name="+",
    )
    preferred_worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("指定服务人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(
        RecurringPlan,
        verbose_name=_("周期服务计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["region", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="order_slot_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(unit_price__gte=0) & Q(quantity__gt=0),
                name="order_amount_valid",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self):
        return self.status not in (
            self.Status.COMPLETED,
            self.Status.REVIEWED,
            self.Status.CANCELLED,
        )


class OrderEvent(models.Model):
    """One change of an order's status: from, to, who, when and why."""

    order = models.ForeignKey(
        Order, verbose_name=_("订单"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=Order.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=Order.Status.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("订单状态记录")
        verbose_name_plural = _("订单状态记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.order} {self.from_status}→{self.to_status}"
