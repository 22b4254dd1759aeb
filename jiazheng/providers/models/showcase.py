"""The public face of an approved provider (OP-7)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import Category
from jiazheng.common.models import Region, TimeStampedModel
from jiazheng.common.uploads import RandomUploadTo

# The Bayesian star rating: every provider starts as if RATING_PRIOR_WEIGHT
# reviews had given RATING_PRIOR_MEAN stars, so one early review cannot put a
# newcomer at the top of the ranking.
RATING_PRIOR_MEAN = Decimal("4.00")
RATING_PRIOR_WEIGHT = 5


class ProviderProfile(TimeStampedModel):
    """What customers see of a provider: introduction, services, districts."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("加盟企业"),
        on_delete=models.CASCADE,
        related_name="provider_profile",
        limit_choices_to={"kind": Organization.Kind.PROVIDER},
    )
    # Stored already sanitised (clean_rich_text), so templates may mark it safe.
    introduction = models.TextField(_("企业介绍"), blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("服务类别"), blank=True, related_name="providers"
    )
    districts = models.ManyToManyField(
        Region,
        verbose_name=_("服务区县"),
        blank=True,
        related_name="+",
    )
    logo = models.ImageField(
        _("标志"), upload_to=RandomUploadTo("provider-logos"), blank=True
    )
    founded_year = models.PositiveSmallIntegerField(
        _("成立年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    is_featured = models.BooleanField(_("推荐"), default=False, db_index=True)
    # Kept up to date by services.ratings.record_provider_rating: a Bayesian
    # average, so that one five-star review does not top the ranking.
    rating_average = models.DecimalField(
        _("星级评分"), max_digits=3, decimal_places=2, default=RATING_PRIOR_MEAN
    )
    rating_count = models.PositiveIntegerField(_("评价数"), default=0)
    rating_total = models.PositiveIntegerField(_("评价星数合计"), default=0)

    class Meta:
        verbose_name = _("加盟企业展示")
        verbose_name_plural = _("加盟企业展示")
        ordering = ["-is_featured", "organization__name"]

    def __str__(self):
        return str(self.organization)
