"""Worker profiles on top of the hr employee record, and their records.

A worker (服务人员 / 阿姨) is an employee of a provider or of the platform
with the profile below. Only the profile carries the organisation; the
records (certificates, checks, availability, leave) reach it through
their worker.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.uploads import RandomUploadTo, private_storage
from jiazheng.hr.models import Employee

# The Bayesian star rating: every worker starts as if PRIOR_WEIGHT reviews
# had given PRIOR_MEAN stars, so one early review cannot make a newcomer
# the best or the worst worker on the platform.
RATING_PRIOR_MEAN = Decimal("4.00")
RATING_PRIOR_WEIGHT = 5

# Compound surnames written in full in public names (欧阳阿姨, not 欧阿姨).
COMPOUND_SURNAMES = frozenset(
    (
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
        "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门",
        "呼延", "万俟", "申屠", "轩辕", "澹台", "闻人", "赫连",
    )
)  # fmt: skip


class ServiceMode(models.TextChoices):
    LIVE_IN = "live_in", _("住家")
    DAY_TIME = "day_time", _("白班（不住家）")
    BOTH = "both", _("住家或白班均可")


class WorkerProfile(TimeStampedModel):
    """What dispatch needs to know about one worker."""

    employee = models.OneToOneField(
        Employee,
        verbose_name=_("员工档案"),
        on_delete=models.PROTECT,
        related_name="worker_profile",
    )
    # A copy of the employee's organisation, so that tenancy and dispatch
    # filter one table.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="workers",
    )
    skills = models.ManyToManyField(
        ServiceItem, verbose_name=_("服务技能"), blank=True, related_name="workers"
    )
    years_experience = models.PositiveSmallIntegerField(_("从业年限"), default=0)
    service_mode = models.CharField(
        _("服务方式"),
        max_length=16,
        choices=ServiceMode.choices,
        default=ServiceMode.DAY_TIME,
    )
    districts = models.ManyToManyField(
        Region, verbose_name=_("服务区域"), blank=True, related_name="+"
    )
    home_latitude = models.DecimalField(
        _("住址纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    home_longitude = models.DecimalField(
        _("住址经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    rating_average = models.DecimalField(
        _("星级评分"), max_digits=3, decimal_places=2, default=RATING_PRIOR_MEAN
    )
    rating_count = models.PositiveIntegerField(_("评价数"), default=0)
    rating_total = models.PositiveIntegerField(_("评价星数合计"), default=0)
    is_active = models.BooleanField(_("可接单"), default=True)
    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    deactivation_reason = models.CharField(_("停用原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("服务人员")
        verbose_name_plural = _("服务人员")
        ordering = ["organization", "employee__name", "pk"]
        indexes = [models.Index(fields=["organization", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_average__gte=0) & Q(rating_average__lte=5),
                name="workerprofile_rating_in_range",
            ),
            models.CheckConstraint(
                condition=Q(home_latitude__isnull=True)
                | (Q(home_latitude__gte=-90) & Q(home_latitude__lte=90)),
                name="workerprofile_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(home_longitude__isnull=True)
                | (Q(home_longitude__gte=-180) & Q(home_longitude__lte=180)),
                name="workerprofile_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.employee.name

    @property
    def name(self):
        return self.employee.name

    @property
    def public_name(self):
        """Return the name shown to the public: surname + 阿姨 or 师傅."""
        name = self.employee.name.strip()
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        if self.employee.gender == Employee.Gender.MALE:
            return _("%(surname)s师傅") % {"surname": surname}
        return _("%(surname)s阿姨") % {"surname": surname}


class Certificate(TimeStampedModel):
    """A vocational certificate: 育婴员, 养老护理员 and the like."""

    class Kind(models.TextChoices):
        HOUSEKEEPING = "housekeeping", _("家政服务员")
        CHILDCARE = "childcare", _("育婴员")
        MATERNITY = "maternity", _("母婴护理员")
        ELDERLY_CARE = "elderly_care", _("养老护理员")
        NURSING = "nursing", _("医疗护理员")
        NUTRITION = "nutrition", _("公共营养师")
        COOK = "cook", _("中式烹调师")
        OTHER = "other", _("其他")

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    kind = models.CharField(_("证书类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("证书名称"), max_length=64, blank=True)
    number = models.CharField(_("证书编号"), max_length=64)
    issued_by = models.CharField(_("发证机关"), max_length=128, blank=True)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    scan = models.FileField(
        _("证书扫描件"),
        storage=private_storage,
        upload_to=RandomUploadTo("workers/certificates"),
        max_length=255,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("职业证书")
        verbose_name_plural = _("职业证书")
        ordering = ["worker", "kind", "-issued_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class HealthCertificate(TimeStampedModel):
    """A health certificate (健康证); without a valid one no dispatch."""

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="health_certificates",
    )
    number = models.CharField(_("证件编号"), max_length=64)
    issued_by = models.CharField(_("发证机构"), max_length=128, blank=True)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    scan = models.FileField(
        _("健康证扫描件"),
        storage=private_storage,
        upload_to=RandomUploadTo("workers/health"),
        max_length=255,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("健康证")
        verbose_name_plural = _("健康证")
        ordering = ["worker", "-expires_on", "-pk"]
        indexes = [
            models.Index(fields=["expires_on"]),
            models.Index(fields=["worker", "expires_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("issued_on")),
                name="healthcertificate_expires_after_issue",
            )
        ]

    def __str__(self):
        return f"{self.number} ({self.expires_on})"

    def is_valid_on(self, day):
        return self.issued_on <= day <= self.expires_on

    @property
    def is_expired(self):
        return self.expires_on < timezone.localdate()


class CheckResult(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")


class BackgroundCheck(TimeStampedModel):
    """The result of a background check (无犯罪记录等)."""

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="background_checks",
    )
    result = models.CharField(_("结果"), max_length=8, choices=CheckResult.choices)
    checked_on = models.DateField(_("核查日期"))
    checked_by = models.CharField(_("核查机构"), max_length=128, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("背景调查")
        verbose_name_plural = _("背景调查")
        ordering = ["worker", "-checked_on", "-pk"]

    def __str__(self):
        return f"{self.checked_on} {self.get_result_display()}"


class TrialWork(TimeStampedModel):
    """The result of a trial day (试工) before a worker is taken on."""

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="trial_works",
    )
    result = models.CharField(_("结果"), max_length=8, choices=CheckResult.choices)
    date = models.DateField(_("试工日期"))
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("试工项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("评语"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("试工记录")
        verbose_name_plural = _("试工记录")
        ordering = ["worker", "-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.get_result_display()}"


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


class WorkerChange(models.Model):
    """One change to a worker: who did what, when, from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("建档")
        UPDATE = "update", _("修改资料")
        DEACTIVATE = "deactivate", _("停止接单")
        ACTIVATE = "activate", _("恢复接单")
        CERTIFICATE = "certificate", _("登记证书")
        HEALTH_CERTIFICATE = "health_certificate", _("登记健康证")
        BACKGROUND_CHECK = "background_check", _("登记背景调查")
        TRIAL_WORK = "trial_work", _("登记试工")
        AVAILABILITY = "availability", _("设置每周可服务时间")
        LEAVE = "leave", _("登记请假")
        CANCEL_LEAVE = "cancel_leave", _("撤销请假")

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices)
    changes = models.JSONField(
        _("变更内容"),
        default=dict,
        blank=True,
        help_text=_("字段名到 [原值, 新值] 的映射，或所登记记录的摘要。"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务人员变更记录")
        verbose_name_plural = _("服务人员变更记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "created_at"])]

    def __str__(self):
        return f"{self.worker} {self.get_action_display()}"
