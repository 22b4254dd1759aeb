"""A provider's star rating, a Bayesian average of its reviews' stars."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jiazheng.common.errors import ServiceError
from jiazheng.providers.models import ProviderProfile
from jiazheng.providers.models.showcase import RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT

logger = logging.getLogger(__name__)


def bayesian_average(*, total, count):
    """Return (m·C + Σstars) / (C + n) to two places (m = 4.00, C = 5).

    A provider without reviews shows 4.00; one five-star review makes 4.17;
    with many reviews the figure approaches their plain mean.
    """
    value = (RATING_PRIOR_MEAN * RATING_PRIOR_WEIGHT + Decimal(total)) / Decimal(
        RATING_PRIOR_WEIGHT + count
    )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def record_provider_rating(*, organization, stars):
    """Add one review's provider stars (1–5) to the provider's rating.

    The totals grow in one guarded UPDATE that also locks the row until the
    commit, so concurrent reviews never lose a count; the average is then
    computed from the locked totals. A provider without a showcase profile
    gets one, since its rating has to live somewhere.
    """
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ServiceError(
            _("评分须为 1 到 5 星。"), code="invalid_stars", field="provider_stars"
        )
    ProviderProfile.objects.get_or_create(organization=organization)
    ProviderProfile.objects.filter(organization=organization).update(
        rating_total=F("rating_total") + stars, rating_count=F("rating_count") + 1
    )
    total, count = ProviderProfile.objects.values_list(
        "rating_total", "rating_count"
    ).get(organization=organization)
    average = bayesian_average(total=total, count=count)
    ProviderProfile.objects.filter(organization=organization).update(
        rating_average=average
    )
    logger.info(
        "provider rated",
        extra={"organization_id": organization.pk, "stars": stars, "count": count},
    )
    return average
