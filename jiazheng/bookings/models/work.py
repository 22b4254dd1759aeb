"""Work orders (派工单), grab offers (抢单) and replacement requests (换人)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.bookings.models.orders import Order


class WorkOrder(models.Model):
    """One worker assigned to one order's time slot.

    On PostgreSQL an exclusion constraint (migration 0002) refuses two active
    work orders of one worker whose [starts_at, ends_at) ranges overlap.
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("已派工")
        CHECKED_IN = "checked_in", _("已签到")
        CHECKED_OUT = "checked_out", _("已签退")
        DONE = "done", _("已完工")
        CANCELLED = "cancelled", _("已取消")
        REPLACED = "replaced", _("已换人")

    class Via(models.TextChoices):
        DISPATCHER = "dispatcher", _("调度派工")
        GRAB = "grab", _("抢单")
        DAY_PLAN = "day_plan", _("按日批量派工")
        AUTO = "auto", _("自动派工")

    number = models.CharField(_("派工单号"), max_length=20, unique=True)
    order = models.ForeignKey(
        Order,
        verbose_name=_("订单"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    worker = models.ForeignKey(
        "workers.WorkerProfile",
        verbose_name=_("服务人员"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("派工人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_via = models.CharField(
        _("派工方式"), max_length=16, choices=Via.choices, default=Via.DISPATCHER
    )
    score = models.DecimalField(
        _("匹配得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完工时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("派工单")
        verbose_name_plural = _("派工单")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["worker", "starts_at"]),
            models.Index(fields=["organization", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="workorder_slot_valid"
            )
        ]

    def __str__(self):
        return self.number

    @property
    def is_active(self):
        return self.status in ACTIVE_WORK_ORDER_STATUSES


ACTIVE_WORK_ORDER_STATUSES = (
    WorkOrder.Status.ASSIGNED,
    WorkOrder.Status.CHECKED_IN,
    WorkOrder.Status.CHECKED_OUT,
)


class GrabOffer(models.Model):
    """An order a provider offered to its free, qualified workers (抢单)."""

    order = models.OneToOneField(
        Order,
        verbose_name=_("订单"),
        on_delete=models.CASCADE,
        related_name="grab_offer",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("服务企业"),
        on_delete=models.CASCADE,
        related_name="grab_offers",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抢单")
        verbose_name_plural = _("抢单")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return str(self.order)


class ReplacementRequest(models.Model):
    """A customer's request to replace the assigned worker (换人)."""

    order = models.ForeignKey(
        Order,
        verbose_name=_("订单"),
        on_delete=models.CASCADE,
        related_name="replacement_requests",
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("派工单"),
        on_delete=models.CASCADE,
        related_name="replacement_requests",
    )
    reason = models.CharField(_("原因"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("换人申请")
        verbose_name_plural = _("换人申请")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.order} {self.reason}"
