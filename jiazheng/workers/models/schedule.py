"""When a worker can serve: weekly availability and leave."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiazheng.common.models import TimeStampedModel
from jiazheng.workers.models.profile import WorkerProfile


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("周一")
    TUESDAY = 1, _("周二")
    WEDNESDAY = 2, _("周三")
    THURSDAY = 3, _("周四")
    FRIDAY = 4, _("周五")
    SATURDAY = 5, _("周六")
    SUNDAY = 6, _("周日")


class WeeklyAvailability(models.Model):
    """A window of a weekday in which the worker takes work (local time).

    An end of 00:00 means midnight at the end of the day, so 20:00–00:00 on
    Monday and 00:00–06:00 on Tuesday together cover a night shift.
    """

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="availability",
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))

    class Meta:
        verbose_name = _("每周可服务时间")
        verbose_name_plural = _("每周可服务时间")
        ordering = ["worker", "weekday", "start_time"]
        indexes = [models.Index(fields=["worker", "weekday"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0) & Q(weekday__lte=6),
                name="weeklyavailability_weekday_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time"))
                | Q(end_time=datetime.time(0, 0)),
                name="weeklyavailability_start_before_end",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_weekday_display()} "
            f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        )


class Leave(TimeStampedModel):
    """A period in which the worker takes no work."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("事假")
        SICK = "sick", _("病假")
        ANNUAL = "annual", _("年假")
        OTHER = "other", _("其他")

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="leaves",
    )
    kind = models.CharField(
        _("类型"), max_length=16, choices=Kind.choices, default=Kind.PERSONAL
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    reason = models.CharField(_("事由"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["worker", "-starts_at", "-pk"]
        indexes = [models.Index(fields=["worker", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="leave_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None
