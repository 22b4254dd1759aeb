"""A customer reviews a completed order once (1.3.4)."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiazheng.bookings.models import Order, Review
from jiazheng.bookings.queries import last_worker
from jiazheng.bookings.services.orders import CUSTOMER, capacities, transition
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.common.html import reject_markup
from jiazheng.providers.services.ratings import record_provider_rating
from jiazheng.workers.services.ratings import record_rating

logger = logging.getLogger(__name__)

REVIEW_TAGS = (
    gettext_lazy("准时"),
    gettext_lazy("细心"),
    gettext_lazy("专业"),
    gettext_lazy("态度好"),
    gettext_lazy("干净整洁"),
    gettext_lazy("沟通顺畅"),
    gettext_lazy("迟到"),
    gettext_lazy("不够仔细"),
)
TEXT_MAX = 1000


def _clean_stars(value, field):
    try:
        stars = int(value)
    except (TypeError, ValueError):
        stars = 0
    if (
        isinstance(value, bool)
        or str(stars) != str(value).strip()
        or not 1 <= stars <= 5
    ):
        raise ServiceError(_("请选择 1 到 5 星。"), code="invalid_stars", field=field)
    return stars


def _clean_tags(tags):
    allowed = {str(tag) for tag in REVIEW_TAGS}
    tags = [str(tag).strip() for tag in (tags or [])]
    unknown = [tag for tag in tags if tag not in allowed]
    if unknown:
        raise ServiceError(
            _("未知的标签：%(tags)s") % {"tags": "、".join(unknown)},
            code="invalid_tags",
            field="tags",
        )
    return list(dict.fromkeys(tags))


def _clean_text(text):
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ServiceError(
            _("评价内容不能超过 %(max)d 字。") % {"max": TEXT_MAX},
            code="text_too_long",
            field="text",
        )
    try:
        reject_markup(text)
    except ValidationError as exc:
        raise ServiceError(
            _("评价内容不能包含网页代码。"), code="invalid_text", field="text"
        ) from exc
    return text


@transaction.atomic
def review_order(*, order, actor, worker_stars, provider_stars, text="", tags=()):
    """Save the customer's review, update both ratings, mark the order reviewed."""
    worker_stars = _clean_stars(worker_stars, "worker_stars")
    provider_stars = _clean_stars(provider_stars, "provider_stars")
    text = _clean_text(text)
    tags = _clean_tags(tags)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if CUSTOMER not in capacities(order, actor):
        logger.warning("review refused", extra={"order": order.number})
        raise NotAllowed(_("只有下单的客户可以评价这个订单。"))
    if (
        order.status == Order.Status.REVIEWED
        or Review.objects.filter(order=order).exists()
    ):
        raise ServiceError(_("这个订单已经评价过了。"), code="already_reviewed")
    if order.status != Order.Status.COMPLETED:
        raise ServiceError(_("服务完成并确认后才能评价。"), code="not_completed")

    worker = last_worker(order)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order,
                customer=order.customer,
                worker=worker,
                organization=order.organization,
                worker_stars=worker_stars,
                provider_stars=provider_stars,
                text=text,
                tags=tags,
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("这个订单已经评价过了。"), code="already_reviewed"
        ) from exc
    if worker is not None:
        record_rating(worker=worker, stars=worker_stars)
    record_provider_rating(organization=order.organization, stars=provider_stars)
    transition(order, Order.Status.REVIEWED, actor, _("客户已评价"))
    logger.info("order reviewed", extra={"order": order.number})
    return review
