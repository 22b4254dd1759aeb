"""Customer records: creation by staff, by a caller's number, at sign-up.

One customer per mainland mobile number. The unique index on
``Customer.phone`` is the guard: two requests racing to create the same
number both try, one insert fails, and the loser reads the winner's row.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.services.signup import NAME_MAX, clean_text
from jiazheng.accounts.services.sms_codes import clean_phone
from jiazheng.accounts.tenancy import memberships_of
from jiazheng.common.errors import ServiceError
from jiazheng.customers.models import Customer, CustomerTag

logger = logging.getLogger(__name__)

NOTE_MAX = 1000
TAG_MAX = 32
TAGS_PER_CUSTOMER_MAX = 20


def _clean_kind(kind):
    if kind not in Customer.Kind.values:
        raise ServiceError(_("请选择客户类型。"), code="invalid_kind", field="kind")
    return kind


def _clean_source(source):
    if source not in Customer.Source.values:
        raise ServiceError(_("客户来源无效。"), code="invalid_source", field="source")
    return source


def _clean_enterprise(enterprise):
    if enterprise is not None and enterprise.kind != Organization.Kind.ENTERPRISE:
        raise ServiceError(
            _("所选组织不是企业会员。"), code="invalid_enterprise", field="enterprise"
        )
    return enterprise


def _phone_taken():
    return ServiceError(
        _("该手机号已有客户档案。"), code="customer_phone_taken", field="phone"
    )


def clean_tag_names(names):
    """Return the distinct tag names, stripped, refusing markup and long ones."""
    if isinstance(names, str):
        names = names.replace("，", ",").split(",")
    cleaned = []
    for name in names or ():
        name = clean_text(name, field="tags", max_length=TAG_MAX, required=False)
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > TAGS_PER_CUSTOMER_MAX:
        raise ServiceError(
            _("标签不能超过 %(max)d 个。") % {"max": TAGS_PER_CUSTOMER_MAX},
            code="too_many_tags",
            field="tags",
        )
    return cleaned


def _tags_for(names):
    tags = []
    for name in names:
        # get_or_create may race with another request creating the same tag;
        # the unique name makes the loser fetch the winner's row.
        try:
            with transaction.atomic():
                tag, _created = CustomerTag.objects.get_or_create(name=name)
        except IntegrityError:
            tag = CustomerTag.objects.get(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def create_customer(
    *,
    kind,
    name,
    phone,
    source,
    created_by=None,
    user=None,
    enterprise=None,
    note="",
    tags=(),
):
    """Create a customer; refuse a number that already has a record."""
    kind = _clean_kind(kind)
    name = clean_text(name, field="name", max_length=NAME_MAX)
    phone = clean_phone(phone)
    source = _clean_source(source)
    enterprise = _clean_enterprise(enterprise)
    note = clean_text(note, field="note", max_length=NOTE_MAX, required=False)
    tag_names = clean_tag_names(tags)

    if Customer.objects.filter(phone=phone).exists():
        raise _phone_taken()
    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                kind=kind,
                name=name,
                phone=phone,
                source=source,
                created_by=created_by,
                user=user,
                enterprise=enterprise,
                note=note,
            )
    except IntegrityError as exc:
        # Another request created the same number (or linked this user)
        # between the check and the insert.
        raise _phone_taken() from exc
    if tag_names:
        customer.tags.set(_tags_for(tag_names))
    logger.info(
        "customer created",
        extra={"customer_id": customer.pk, "source": source, "kind": kind},
    )
    return customer


@transaction.atomic
def update_customer(
    *, customer, actor, name, kind, note="", phone=None, enterprise=None, tags=None
):
    """Change a customer's details; the number only while no member owns it.

    A member's number is their login, so it changes with their account, not
    here.
    """
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    customer.kind = _clean_kind(kind)
    customer.name = clean_text(name, field="name", max_length=NAME_MAX)
    customer.note = clean_text(note, field="note", max_length=NOTE_MAX, required=False)
    customer.enterprise = _clean_enterprise(enterprise)
    if phone is not None:
        phone = clean_phone(phone)
        if phone != customer.phone:
            if customer.user_id:
                raise ServiceError(
                    _("该客户已注册会员，手机号需由会员本人在账号中修改。"),
                    code="customer_phone_locked",
                    field="phone",
                )
            if Customer.objects.filter(phone=phone).exclude(pk=customer.pk).exists():
                raise _phone_taken()
            customer.phone = phone
    tag_names = clean_tag_names(tags) if tags is not None else None

    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as exc:
        raise _phone_taken() from exc
    if tag_names is not None:
        customer.tags.set(_tags_for(tag_names))
    logger.info(
        "customer updated",
        extra={"customer_id": customer.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return customer


@transaction.atomic
def set_tags(*, customer, names):
    """Replace the customer's tags with ``names`` (created when new)."""
    customer.tags.set(_tags_for(clean_tag_names(names)))
    return customer


def get_or_create_customer_for_caller(*, phone, name, kind, created_by):
    """Return the caller's customer, creating one taken by phone if new.

    Returns ``(customer, created)``. An existing record is returned as it
    is: the caller's number identifies them, the name they give on the
    phone does not overwrite what is on file.
    """
    phone = clean_phone(phone)
    existing = Customer.objects.filter(phone=phone).first()
    if existing is not None:
        return existing, False
    try:
        customer = create_customer(
            kind=kind,
            name=name,
            phone=phone,
            source=Customer.Source.PHONE,
            created_by=created_by,
        )
    except ServiceError as exc:
        if exc.code != "customer_phone_taken":
            raise
        # A second call-in with the same number won the race.
        return Customer.objects.get(phone=phone), False
    return customer, True


def _member_kind_and_enterprise(user):
    """Return (kind, enterprise) for a member: company if they act for one."""
    for membership in memberships_of(user):
        if (
            membership.role == Role.ENTERPRISE_MEMBER
            and membership.organization.kind == Organization.Kind.ENTERPRISE
        ):
            return Customer.Kind.COMPANY, membership.organization
    return Customer.Kind.FAMILY, None


def _default_name(user, enterprise):
    if enterprise is not None:
        return enterprise.name[:NAME_MAX]
    return (user.name or user.masked_phone)[:NAME_MAX]


def _take_over(*, customer, user, kind, enterprise):
    """Link an existing record (taken by phone or SMS) to the new member.

    Its addresses, orders and cards stay with it: that is the point of one
    record per number.
    """
    previous_user_id = customer.user_id
    customer.user = user
    if enterprise is not None:
        customer.kind = kind
        customer.enterprise = customer.enterprise or enterprise
    customer.save(update_fields=["user", "kind", "enterprise", "updated_at"])
    logger.info(
        "customer taken over at sign-up",
        extra={
            "customer_id": customer.pk,
            "user_id": user.pk,
            "previous_user_id": previous_user_id,
        },
    )
    return customer


@transaction.atomic
def attach_user(*, user):
    """Give a member their customer record: take over or create it.

    Called by accounts after a sign-up (settings.ACCOUNTS_SIGNUP_HOOKS),
    inside the sign-up's transaction, and by ``queries.customer_for_user``
    for members who signed up before this existed.
    """
    own = Customer.objects.filter(user=user).first()
    if own is not None:
        return own
    kind, enterprise = _member_kind_and_enterprise(user)

    # Lock the record of the number, if any, so that two sign-ups or a
    # sign-up and a staff edit do not both change it.
    existing = Customer.objects.select_for_update().filter(phone=user.phone).first()
    if existing is not None:
        return _take_over(
            customer=existing, user=user, kind=kind, enterprise=enterprise
        )
    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                kind=kind,
                name=_default_name(user, enterprise),
                phone=user.phone,
                source=Customer.Source.SIGNUP,
                user=user,
                enterprise=enterprise,
            )
    except IntegrityError:
        # Staff created the number's record a moment ago: take it over.
        existing = Customer.objects.select_for_update().get(phone=user.phone)
        return _take_over(
            customer=existing, user=user, kind=kind, enterprise=enterprise
        )
    logger.info(
        "customer created at sign-up",
        extra={"customer_id": customer.pk, "user_id": user.pk},
    )
    return customer
