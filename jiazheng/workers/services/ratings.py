"""A worker's star rating, a Bayesian average of the reviews' stars."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jiazheng.common.errors import ServiceError
from jiazheng.workers.models import (
    RATING_PRIOR_MEAN,
    RATING_PRIOR_WEIGHT,
    WorkerProfile,
)

logger = logging.getLogger(__name__)


def bayesian_average(*, total, count):
    """Return (m·C + Σstars) / (C + n), to two places.

    m = RATING_PRIOR_MEAN (4.00) and C = RATING_PRIOR_WEIGHT (5): a new
    worker shows 4.00; after one five-star review (4·5 + 5) / 6 = 4.17;
    after many reviews the average approaches their plain mean.
    """
    value = (RATING_PRIOR_MEAN * RATING_PRIOR_WEIGHT + Decimal(total)) / Decimal(
        RATING_PRIOR_WEIGHT + count
    )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def record_rating(*, worker, stars):
    """Add one review's stars (1–5) to the worker's rating.

    Bookings calls this when a review is saved, inside its transaction. The
    totals grow in one guarded UPDATE, which also locks the row until the
    commit, so concurrent reviews never lose a count; the average is then
    computed from the locked totals.
    """
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ServiceError(
            _("评分须为 1 到 5 星。"), code="invalid_stars", field="stars"
        )
    updated = WorkerProfile.objects.filter(pk=worker.pk).update(
        rating_total=F("rating_total") + stars, rating_count=F("rating_count") + 1
    )
    if not updated:
        raise ServiceError(_("服务人员不存在。"), code="not_found", status=404)
    total, count = WorkerProfile.objects.values_list(
        "rating_total", "rating_count"
    ).get(pk=worker.pk)
    average = bayesian_average(total=total, count=count)
    WorkerProfile.objects.filter(pk=worker.pk).update(rating_average=average)

    worker.rating_total, worker.rating_count = total, count
    worker.rating_average = average
    logger.info(
        "worker rated",
        extra={"worker_id": worker.pk, "stars": stars, "rating": str(average)},
    )
    return worker
