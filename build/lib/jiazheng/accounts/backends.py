"""Authentication by a one-time SMS login code.

Called through ``django.contrib.auth.authenticate(request, username=phone,
sms_code=...)`` (``phone=`` works too) so that django-axes counts failures
and Django's login signals fire. Passing the number as ``username`` lets
axes lock out by number and address, as it does for password logins.
"""

from django.contrib.auth.backends import BaseBackend

from jiazheng.accounts.models import SmsCodePurpose, User
from jiazheng.accounts.services.sms_codes import verify_code
from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import normalize_mobile

# Views read this attribute of the request to say why a code was refused.
SMS_CODE_ERROR_ATTR = "sms_code_error"


class SmsCodeBackend(BaseBackend):
    def authenticate(self, request, phone=None, sms_code=None, username=None, **kwargs):
        phone = phone or username
        if not phone or not sms_code:
            return None
        phone = normalize_mobile(phone)
        try:
            verify_code(phone=phone, purpose=SmsCodePurpose.LOGIN, code=sms_code)
        except ServiceError as exc:
            if request is not None:
                setattr(request, SMS_CODE_ERROR_ATTR, exc)
            return None
        user = User.objects.filter(phone=phone).first()
        if user is None or not user.is_active:
            return None
        return user

    def get_user(self, user_id):
        user = User.objects.filter(pk=user_id).first()
        if user is None or not user.is_active:
            return None
        return user
