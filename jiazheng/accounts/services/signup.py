"""Sign-up of family members (1.2.2) and enterprise members (1.2.1)."""

import logging

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jiazheng.accounts.models import Organization, Role, SmsCodePurpose, User
from jiazheng.accounts.services.organizations import (
    add_member,
    create_organization,
    join_role_group,
)
from jiazheng.accounts.services.sms_codes import clean_phone, verify_code
from jiazheng.common.credit_code import normalize_credit_code, validate_credit_code
from jiazheng.common.errors import ServiceError
from jiazheng.common.html import reject_markup

logger = logging.getLogger(__name__)

NAME_MAX = 64
COMPANY_NAME_MAX = 128


def clean_text(value, *, field, max_length, required=True):
    """Return ``value`` stripped, refusing markup, blanks and overlong text."""
    value = str(value or "").strip()
    if required and not value:
        raise ServiceError(_("此项为必填项。"), code="required", field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("不能超过 %(max)d 个字符。") % {"max": max_length},
            code="too_long",
            field=field,
        )
    try:
        reject_markup(value)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.code, field=field) from exc
    return value


def check_password(password, *, user, field="password"):
    """Run Django's password validators; raise ServiceError on the field."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ServiceError(
            " ".join(exc.messages), code="password_invalid", field=field
        ) from exc


def run_signup_hooks(*, user):
    """Call the functions of settings.ACCOUNTS_SIGNUP_HOOKS for a new member.

    Higher apps that keep a record per member (customers) are named there;
    accounts cannot import them (layers). They run inside the sign-up's
    transaction, so a failure undoes the sign-up too.
    """
    for path in getattr(settings, "ACCOUNTS_SIGNUP_HOOKS", ()):
        import_string(path)(user=user)


def _refuse_registered(phone):
    if User.objects.filter(phone=phone).exists():
        raise ServiceError(_("该手机号已注册"), code="phone_registered", field="phone")


def _create_user(*, phone, name, password):
    try:
        with transaction.atomic():
            return User.objects.create_user(phone=phone, password=password, name=name)
    except IntegrityError as exc:
        # Two sign-ups with the same number at once: the second one loses.
        raise ServiceError(
            _("该手机号已注册"), code="phone_registered", field="phone"
        ) from exc


def sign_up_family_member(*, phone, code, name, password):
    """Register a household: a user in the family member group."""
    phone = clean_phone(phone)
    name = clean_text(name, field="name", max_length=NAME_MAX)
    _refuse_registered(phone)
    check_password(password, user=User(phone=phone, name=name))
    # Counted and committed on its own (see verify_code); every other check
    # comes first so that a typo elsewhere does not burn the code.
    verify_code(phone=phone, purpose=SmsCodePurpose.SIGNUP, code=code)

    with transaction.atomic():
        user = _create_user(phone=phone, name=name, password=password)
        join_role_group(user=user, role=Role.FAMILY_MEMBER)
        run_signup_hooks(user=user)
    logger.info("family member signed up", extra={"user_id": user.pk})
    return user


def sign_up_enterprise_member(
    *, phone, code, name, password, company_name, credit_code=""
):
    """Register a company: its user, its organisation and the membership."""
    phone = clean_phone(phone)
    name = clean_text(name, field="name", max_length=NAME_MAX)
    company_name = clean_text(
        company_name, field="company_name", max_length=COMPANY_NAME_MAX
    )
    credit_code = normalize_credit_code(credit_code)
    if credit_code:
        try:
            validate_credit_code(credit_code)
        except ValidationError as exc:
            raise ServiceError(
                exc.messages[0], code=exc.code, field="credit_code"
            ) from exc
    _refuse_registered(phone)
    check_password(password, user=User(phone=phone, name=name))
    verify_code(phone=phone, purpose=SmsCodePurpose.SIGNUP, code=code)

    with transaction.atomic():
        user = _create_user(phone=phone, name=name, password=password)
        organization = create_organization(
            kind=Organization.Kind.ENTERPRISE,
            name=company_name,
            credit_code=credit_code,
            contact_phone=phone,
        )
        add_member(user=user, organization=organization, role=Role.ENTERPRISE_MEMBER)
        run_signup_hooks(user=user)
    logger.info(
        "enterprise member signed up",
        extra={"user_id": user.pk, "organization_id": organization.pk},
    )
    return user
