"""Changing a password, and resetting a forgotten one by SMS code."""

import logging

from axes.utils import reset as reset_lockout
from django.db import transaction
from django.utils.translation import gettext as _

from jiazheng.accounts.models import SmsCodePurpose, User
from jiazheng.accounts.services.signup import check_password
from jiazheng.accounts.services.sms_codes import clean_phone, verify_code
from jiazheng.common.errors import ServiceError

logger = logging.getLogger(__name__)


def reset_password(*, phone, code, new_password):
    """Set a new password for the owner of ``phone`` who proved it by SMS.

    An unknown number fails like a wrong code. A lockout of the number by
    repeated failed logins is lifted: the person has just proved who they
    are.
    """
    phone = clean_phone(phone)
    user = User.objects.filter(phone=phone, is_active=True).first()
    check_password(new_password, user=user, field="new_password")
    verify_code(phone=phone, purpose=SmsCodePurpose.RESET_PASSWORD, code=code)
    if user is None:
        raise ServiceError(_("验证码错误"), code="code_invalid", field="code")

    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
    reset_lockout(username=phone)
    logger.info("password reset by sms", extra={"user_id": user.pk})
    return user


@transaction.atomic
def change_password(*, user, old_password, new_password):
    """Change the password of a signed-in user who knows the current one."""
    if not user.check_password(old_password):
        raise ServiceError(
            _("当前密码不正确。"), code="wrong_password", field="old_password"
        )
    check_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    logger.info("password changed", extra={"user_id": user.pk})
    return user
