"""Personnel records: departments, positions, employees and their history.

Every employee of the platform or of a provider has one record here; the
workers app extends it with the worker profile. ID numbers are kept only
encrypted, with a keyed hash to find duplicates and a masked copy to show.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.common.models import TimeStampedModel
from jiazheng.common.phone import mask_phone, validate_mobile

# The 56 ethnic groups with their GB/T 3304 codes, plus the two codes the
# standard keeps for people of no recognised group and naturalised citizens.
ETHNICITIES = (
    ("01", _("汉族")), ("02", _("蒙古族")), ("03", _("回族")), ("04", _("藏族")),
    ("05", _("维吾尔族")), ("06", _("苗族")), ("07", _("彝族")), ("08", _("壮族")),
    ("09", _("布依族")), ("10", _("朝鲜族")), ("11", _("满族")), ("12", _("侗族")),
    ("13", _("瑶族")), ("14", _("白族")), ("15", _("土家族")), ("16", _("哈尼族")),
    ("17", _("哈萨克族")), ("18", _("傣族")), ("19", _("黎族")), ("20", _("傈僳族")),
    ("21", _("佤族")), ("22", _("畲族")), ("23", _("高山族")), ("24", _("拉祜族")),
    ("25", _("水族")), ("26", _("东乡族")), ("27", _("纳西族")), ("28", _("景颇族")),
    ("29", _("柯尔克孜族")), ("30", _("土族")), ("31", _("达斡尔族")),
    ("32", _("仫佬族")), ("33", _("羌族")), ("34", _("布朗族")), ("35", _("撒拉族")),
    ("36", _("毛南族")), ("37", _("仡佬族")), ("38", _("锡伯族")), ("39", _("阿昌族")),
    ("40", _("普米族")), ("41", _("塔吉克族")), ("42", _("怒族")),
    ("43", _("乌孜别克族")), ("44", _("俄罗斯族")), ("45", _("鄂温克族")),
    ("46", _("德昂族")), ("47", _("保安族")), ("48", _("裕固族")), ("49", _("京族")),
    ("50", _("塔塔尔族")), ("51", _("独龙族")), ("52", _("鄂伦春族")),
    ("53", _("赫哲族")), ("54", _("门巴族")), ("55", _("珞巴族")), ("56", _("基诺族")),
    ("97", _("其他未识别民族")), ("98", _("外国人入籍")),
)  # fmt: skip


class Department(models.Model):
    """A department of an organisation; departments may nest."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name = models.CharField(_("名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="uniq_department_name"
            )
        ]

    def __str__(self):
        return self.name


class Position(models.Model):
    """A post in an organisation, for example 保洁员 or 人事专员."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    name = models.CharField(_("名称"), max_length=64)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="uniq_position_name"
            )
        ]

    def __str__(self):
        return self.name


class Employee(TimeStampedModel):
    """The personnel record of one person employed by one organisation."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在职")
        LEFT = "left", _("离职")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属组织"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(
        _("性别"), max_length=8, choices=Gender.choices, blank=True
    )
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, validators=[validate_mobile])
    id_number_encrypted = models.TextField(_("身份证号（密文）"), blank=True)
    id_number_hash = models.CharField(
        _("身份证号摘要"), max_length=64, blank=True, db_index=True
    )
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    ethnicity = models.CharField(
        _("民族"), max_length=2, choices=ETHNICITIES, blank=True
    )
    native_place = models.CharField(_("籍贯"), max_length=64, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
    )
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    left_on = models.DateField(_("离职日期"), null=True, blank=True)
    leaving_reason = models.CharField(_("离职原因"), max_length=255, blank=True)
    is_worker = models.BooleanField(_("服务人员"), default=False)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        ordering = ["organization", "name", "pk"]
        constraints = [
            # One record per person and organisation; people without a
            # number on file yet are not held to it.
            models.UniqueConstraint(
                fields=["organization", "id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="uniq_employee_id_number_per_org",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "ethnicity"]),
            models.Index(fields=["organization", "native_place"]),
            models.Index(fields=["organization", "birth_date"]),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


class PositionChange(models.Model):
    """One move of an employee between departments or positions."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("员工"),
        on_delete=models.CASCADE,
        related_name="position_changes",
    )
    from_department = models.ForeignKey(
        Department,
        verbose_name=_("原部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_department = models.ForeignKey(
        Department,
        verbose_name=_("新部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_position = models.ForeignKey(
        Position,
        verbose_name=_("原岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_position = models.ForeignKey(
        Position,
        verbose_name=_("新岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_on = models.DateField(_("变动日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("岗位变动")
        verbose_name_plural = _("岗位变动")
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.employee} {self.changed_on}"
