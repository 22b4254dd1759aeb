"""A company's request to become a provider, its documents and its history."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import Category
from jiazheng.common.credit_code import validate_credit_code
from jiazheng.common.html import reject_markup
from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.phone import is_mobile
from jiazheng.common.uploads import RandomUploadTo, private_storage

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def validate_contact_phone(value):
    """Accept a mainland mobile number or a landline such as 010-88886666."""
    value = str(value or "")
    if not (is_mobile(value) and value.isdigit()) and not LANDLINE_RE.match(value):
        raise ValidationError(
            _("请输入有效的手机号或固定电话（如 010-88886666）。"),
            code="invalid_phone",
        )


LATITUDE_VALIDATORS = [
    MinValueValidator(Decimal("-90")),
    MaxValueValidator(Decimal("90")),
]
LONGITUDE_VALIDATORS = [
    MinValueValidator(Decimal("-180")),
    MaxValueValidator(Decimal("180")),
]


class FranchiseApplication(TimeStampedModel):
    """An enterprise member's request to be approved as a provider (1.3.1)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("申请单位"),
        on_delete=models.PROTECT,
        related_name="franchise_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="franchise_applications",
    )
    company_name = models.CharField(
        _("企业名称"), max_length=128, validators=[reject_markup]
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, validators=[validate_credit_code]
    )
    legal_representative = models.CharField(
        _("法定代表人"), max_length=64, validators=[reject_markup]
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=20, validators=[validate_contact_phone]
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区县"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(
        _("详细地址"), max_length=255, validators=[reject_markup]
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("服务类别"), related_name="+"
    )
    introduction = models.TextField(
        _("企业简介"), max_length=2000, validators=[reject_markup]
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    reject_reason = models.TextField(_("未通过原因"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    provider = models.OneToOneField(
        Organization,
        verbose_name=_("加盟企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="franchise_application",
        help_text=_("审核通过后创建的加盟企业。"),
    )
    # Lets an API client retry a submission without creating a second one.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("加盟申请")
        verbose_name_plural = _("加盟申请")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One application under review per organisation, even under races.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status="submitted"),
                name="franchise_one_open_per_org",
            ),
            # A company becomes a provider once.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status="approved"),
                name="franchise_credit_code_approved_once",
            ),
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="franchise_idempotency_key",
            ),
        ]

    def __str__(self):
        return f"{self.company_name} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status == self.Status.SUBMITTED


class ApplicationDocument(models.Model):
    """A business licence or qualification certificate attached to an application."""

    class Kind(models.TextChoices):
        BUSINESS_LICENCE = "business_licence", _("营业执照")
        QUALIFICATION = "qualification", _("资质证明")

    application = models.ForeignKey(
        FranchiseApplication,
        verbose_name=_("加盟申请"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    file = models.FileField(
        _("文件"),
        storage=private_storage,
        upload_to=RandomUploadTo("franchise"),
        max_length=255,
    )
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ApplicationEvent(models.Model):
    """One status change of an application: who, when, from, to and why."""

    application = models.ForeignKey(
        FranchiseApplication,
        verbose_name=_("加盟申请"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_status = models.CharField(
        _("原状态"),
        max_length=16,
        choices=FranchiseApplication.Status.choices,
        blank=True,
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=FranchiseApplication.Status.choices
    )
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请记录")
        verbose_name_plural = _("申请记录")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"
