"""A member's own profile."""

import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.accounts.services.signup import NAME_MAX, clean_text
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)


@transaction.atomic
def update_profile(*, user, name=None, email=None):
    """Change the user's name and e-mail address (``None`` leaves one as is)."""
    fields = []
    if name is not None:
        user.name = clean_text(name, field="name", max_length=NAME_MAX)
        fields.append("name")
    if email is not None:
        email = str(email).strip()
        if email:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ServiceError(
                    _("请输入有效的电子邮箱地址。"), code="invalid_email", field="email"
                ) from exc
        user.email = email
        fields.append("email")
    if fields:
        user.save(update_fields=fields)
        logger.info("profile updated", extra={"user_id": user.pk})
    return user
