"""Members' feedback about their cards (3.6 item 5)."""

import logging

from django.utils.translation import gettext as _

from jiazheng.cards.models import MemberFeedback
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)


def send_feedback(*, card, author, text):
    """Record a member's feedback on one of their own cards."""
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("请填写反馈内容。"), code="required", field="text")
    if card.customer is None or card.customer.user_id != author.pk:
        raise ServiceError(_("只能对自己的会员卡反馈。"), code="not_yours")
    feedback = MemberFeedback.objects.create(card=card, author=author, text=text)
    logger.info("card feedback", extra={"card_id": card.pk, "feedback_id": feedback.pk})
    return feedback
