"""Users, organisations and memberships: who someone is and whom they act for."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.phone import mask_phone, validate_mobile
from jiazheng.common.uploads import RandomUploadTo, private_storage


class Role(models.TextChoices):
    """The roles of the requirements page; each is also an auth group."""

    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    DISPATCHER = "dispatcher", _("客服调度")
    CASHIER = "cashier", _("收银财务")
    EDITOR = "editor", _("内容编辑")
    AUDITOR = "auditor", _("审计员")
    OFFICE_STAFF = "office_staff", _("中心职员")
    PROVIDER_ADMIN = "provider_admin", _("加盟企业管理员")
    PROVIDER_STAFF = "provider_staff", _("加盟企业职员")
    WORKER = "worker", _("服务人员")
    FAMILY_MEMBER = "family_member", _("家庭会员")
    ENTERPRISE_MEMBER = "enterprise_member", _("企业会员")


PLATFORM_STAFF_ROLES = frozenset(
    {
        Role.PLATFORM_ADMIN,
        Role.DISPATCHER,
        Role.CASHIER,
        Role.EDITOR,
        Role.AUDITOR,
        Role.OFFICE_STAFF,
    }
)
PROVIDER_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF, Role.WORKER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, phone, password, **extra_fields):
        if not phone:
            raise ValueError("phone is required")
        user = self.model(phone=phone, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra_fields)

    def create_superuser(self, phone, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(phone, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, by mainland mobile number."""

    phone = models.CharField(
        _("手机号"), max_length=11, unique=True, validators=[validate_mobile]
    )
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    is_staff = models.BooleanField(
        _("可进入管理后台"),
        default=False,
        help_text=_("仅超级用户使用 Django admin；平台职员通过角色进入控制台。"),
    )
    is_real_name_verified = models.BooleanField(_("已实名认证"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.name or self.masked_phone

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class Organization(TimeStampedModel):
    """The platform itself, a franchise provider or an enterprise member."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("服务中心")
        PROVIDER = "provider", _("加盟企业")
        ENTERPRISE = "enterprise", _("企业会员")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=128)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在区县"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("详细地址"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.name


class Membership(TimeStampedModel):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="uniq_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"


class SmsCodePurpose(models.TextChoices):
    SIGNUP = "signup", _("注册")
    LOGIN = "login", _("登录")
    RESET_PASSWORD = "reset_password", _("重置密码")


class SmsCode(models.Model):
    """A one-time code sent by SMS; only its keyed hash is stored."""

    phone = models.CharField(_("手机号"), max_length=11)
    purpose = models.CharField(_("用途"), max_length=16, choices=SmsCodePurpose.choices)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("请求地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [
            models.Index(fields=["phone", "purpose", "created_at"]),
            models.Index(fields=["phone", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self):
        return f"{mask_phone(self.phone)} {self.get_purpose_display()}"


class IdentityVerification(TimeStampedModel):
    """A real-name verification request (OP-1): name, ID number, ID photo.

    The ID number is stored only encrypted, with a keyed hash to find
    duplicates and its masked form to show; one number can be approved for
    one account only.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="identity_verifications",
    )
    real_name = models.CharField(_("真实姓名"), max_length=64)
    id_number_encrypted = models.TextField(_("身份证号（密文）"))
    id_number_hash = models.CharField(_("身份证号摘要"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18)
    id_photo = models.FileField(
        _("身份证照片"),
        storage=private_storage,
        upload_to=RandomUploadTo("identity"),
        max_length=255,
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    backend = models.CharField(_("核验方式"), max_length=32, blank=True)
    backend_ok = models.BooleanField(_("核验一致"), null=True, blank=True)
    backend_message = models.CharField(_("核验结果"), max_length=255, blank=True)
    reviewer = models.ForeignKey(
        User,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reject_reason = models.CharField(_("驳回原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("实名认证")
        verbose_name_plural = _("实名认证")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=models.Q(status="approved"),
                name="uniq_approved_id_number",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="uniq_open_verification_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.real_name} {self.id_number_masked}"
