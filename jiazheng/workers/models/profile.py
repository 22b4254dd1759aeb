"""The worker profile (服务人员档案) on top of the hr employee record."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import Region, TimeStampedModel
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
