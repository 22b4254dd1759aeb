"""Customers: the families and companies that book services (3.1.1).

Customers are platform-level records with no ``organization``: the
platform's staff see all of them, a provider's staff see a customer only
through that provider's orders (the bookings app scopes that).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.phone import mask_phone, validate_mobile


class CustomerTag(models.Model):
    """A free label staff put on customers, for example 老客户 or 需回访."""

    name = models.CharField(_("名称"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("客户标签")
        verbose_name_plural = _("客户标签")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Customer(TimeStampedModel):
    """A family or a company, known by one verified mainland mobile number."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("家庭")
        COMPANY = "company", _("企业")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("注册")
        PHONE = "phone", _("电话")
        SMS = "sms", _("短信")
        STAFF = "staff", _("职员录入")

    kind = models.CharField(
        _("类型"), max_length=16, choices=Kind.choices, default=Kind.FAMILY
    )
    name = models.CharField(_("名称"), max_length=64)
    # One customer per number: the unique index is what makes concurrent
    # sign-ups and call-ins with the same number end up on one record.
    phone = models.CharField(
        _("手机号"), max_length=11, unique=True, validators=[validate_mobile]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会员账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    enterprise = models.ForeignKey(
        Organization,
        verbose_name=_("企业会员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Organization.Kind.ENTERPRISE},
        related_name="customers",
    )
    tags = models.ManyToManyField(
        CustomerTag, verbose_name=_("标签"), blank=True, related_name="customers"
    )
    note = models.TextField(_("备注"), blank=True)
    source = models.CharField(
        _("来源"), max_length=16, choices=Source.choices, default=Source.STAFF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = _("客户")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "created_at"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class CustomerAddress(models.Model):
    """A service address of a customer: district, street detail, coordinates."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    label = models.CharField(_("名称"), max_length=32, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区县"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    detail = models.CharField(_("详细地址"), max_length=255)
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_default = models.BooleanField(_("默认地址"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("客户地址")
        verbose_name_plural = _("客户地址")
        ordering = ["-is_default", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(is_default=True),
                name="uniq_default_address_per_customer",
            )
        ]

    def __str__(self):
        return f"{self.region.full_name}{self.detail}"

    @property
    def full_address(self):
        return f"{self.region.full_name}{self.detail}"


class CustomerContact(models.Model):
    """Another person to call about a customer's services."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("客户"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("姓名"), max_length=64)
    phone = models.CharField(_("手机号"), max_length=11, validators=[validate_mobile])
    relation = models.CharField(_("关系"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
