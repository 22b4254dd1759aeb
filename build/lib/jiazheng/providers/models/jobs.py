"""Job postings of providers and the public's applications to them (1.3.3)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import Category
from jiazheng.common.html import reject_markup
from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.phone import mask_phone, validate_mobile


class JobPosting(TimeStampedModel):
    """A provider's vacancy, shown on the public job board while open."""

    class Status(models.TextChoices):
        OPEN = "open", _("招聘中")
        CLOSED = "closed", _("已结束")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("加盟企业"),
        on_delete=models.CASCADE,
        related_name="job_postings",
    )
    title = models.CharField(_("职位名称"), max_length=128, validators=[reject_markup])
    category = models.ForeignKey(
        Category,
        verbose_name=_("服务类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(
        _("职位描述"), max_length=4000, validators=[reject_markup]
    )
    requirements = models.TextField(
        _("任职要求"), max_length=2000, blank=True, validators=[reject_markup]
    )
    headcount = models.PositiveSmallIntegerField(
        _("招聘人数"), default=1, validators=[MinValueValidator(1)]
    )
    salary_min = models.DecimalField(
        _("月薪下限（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    salary_max = models.DecimalField(
        _("月薪上限（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("工作区县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("招聘信息")
        verbose_name_plural = _("招聘信息")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=F("salary_min")),
                name="job_posting_salary_range_valid",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class JobApplication(models.Model):
    """Someone from the public applying to a posting with a name and phone."""

    posting = models.ForeignKey(
        JobPosting,
        verbose_name=_("招聘信息"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    # Copied from the posting so that tenancy scoping needs no join.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("加盟企业"),
        on_delete=models.CASCADE,
        related_name="job_applications",
    )
    name = models.CharField(_("姓名"), max_length=64, validators=[reject_markup])
    phone = models.CharField(_("手机号"), max_length=11, validators=[validate_mobile])
    message = models.TextField(
        _("留言"), max_length=500, blank=True, validators=[reject_markup]
    )
    created_at = models.DateTimeField(_("投递时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("求职申请")
        verbose_name_plural = _("求职申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "phone"], name="job_application_once_per_phone"
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.posting}"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
