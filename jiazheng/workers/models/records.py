"""A worker's certificates, health certificates, background checks and trial work."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import TimeStampedModel
from jiazheng.common.uploads import RandomUploadTo, private_storage
from jiazheng.workers.models.profile import WorkerProfile


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
