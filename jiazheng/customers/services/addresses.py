"""Addresses and contacts of a customer."""

import logging
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from jiazheng.accounts.services.signup import NAME_MAX, clean_text
from jiazheng.accounts.services.sms_codes import clean_phone
from jiazheng.common import regions
from jiazheng.common.errors import ServiceError
from jiazheng.customers.models import Customer, CustomerAddress, CustomerContact

logger = logging.getLogger(__name__)

LABEL_MAX = 32
DETAIL_MAX = 255
RELATION_MAX = 32
ADDRESSES_PER_CUSTOMER_MAX = 20
CONTACTS_PER_CUSTOMER_MAX = 10
COORDINATE_PLACES = Decimal("0.000001")


def _clean_region(region):
    if region is None or not regions.selectable_regions().filter(pk=region.pk).exists():
        raise ServiceError(
            _("请选择地址所在的区县。"), code="invalid_region", field="region"
        )
    return region


def _clean_coordinate(value, *, field, limit):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(COORDINATE_PLACES)
    except (InvalidOperation, ValueError) as exc:
        raise ServiceError(
            _("坐标格式不正确。"), code="invalid_coordinate", field=field
        ) from exc
    if not number.is_finite() or abs(number) > limit:
        raise ServiceError(_("坐标超出范围。"), code="invalid_coordinate", field=field)
    return number


def _clean_coordinates(latitude, longitude):
    latitude = _clean_coordinate(latitude, field="latitude", limit=90)
    longitude = _clean_coordinate(longitude, field="longitude", limit=180)
    if (latitude is None) != (longitude is None):
        raise ServiceError(
            _("经度和纬度需同时填写。"), code="incomplete_coordinates", field="latitude"
        )
    return latitude, longitude


def _lock(customer):
    # Every change to a customer's addresses locks the customer first, so
    # that "one default address" holds under concurrent edits.
    return Customer.objects.select_for_update().get(pk=customer.pk)


def _make_default(address):
    CustomerAddress.objects.filter(customer_id=address.customer_id).exclude(
        pk=address.pk
    ).filter(is_default=True).update(is_default=False)


@transaction.atomic
def add_address(
    *,
    customer,
    region,
    detail,
    label="",
    latitude=None,
    longitude=None,
    is_default=False,
):
    """Add a service address; the first one becomes the default."""
    region = _clean_region(region)
    detail = clean_text(detail, field="detail", max_length=DETAIL_MAX)
    label = clean_text(label, field="label", max_length=LABEL_MAX, required=False)
    latitude, longitude = _clean_coordinates(latitude, longitude)

    customer = _lock(customer)
    count = customer.addresses.count()
    if count >= ADDRESSES_PER_CUSTOMER_MAX:
        raise ServiceError(
            _("每位客户最多保存 %(max)d 个地址。")
            % {"max": ADDRESSES_PER_CUSTOMER_MAX},
            code="too_many_addresses",
        )
    if is_default:
        CustomerAddress.objects.filter(customer=customer, is_default=True).update(
            is_default=False
        )
    address = CustomerAddress.objects.create(
        customer=customer,
        region=region,
        detail=detail,
        label=label,
        latitude=latitude,
        longitude=longitude,
        is_default=bool(is_default) or count == 0,
    )
    logger.info(
        "customer address added",
        extra={"customer_id": customer.pk, "address_id": address.pk},
    )
    return address


@transaction.atomic
def update_address(
    *,
    address,
    region,
    detail,
    label="",
    latitude=None,
    longitude=None,
    is_default=False,
):
    """Change an address; making it the default clears the previous one."""
    region = _clean_region(region)
    detail = clean_text(detail, field="detail", max_length=DETAIL_MAX)
    label = clean_text(label, field="label", max_length=LABEL_MAX, required=False)
    latitude, longitude = _clean_coordinates(latitude, longitude)

    _lock(address.customer)
    address = CustomerAddress.objects.get(pk=address.pk)
    address.region = region
    address.detail = detail
    address.label = label
    address.latitude = latitude
    address.longitude = longitude
    if is_default and not address.is_default:
        _make_default(address)
        address.is_default = True
    address.save()
    return address


@transaction.atomic
def remove_address(*, address):
    """Delete an address; another one becomes the default if needed.

    An address that orders point at stays: removing it would rewrite where
    past services took place.
    """
    customer = _lock(address.customer)
    was_default = address.is_default
    try:
        with transaction.atomic():
            address.delete()
    except ProtectedError as exc:
        raise ServiceError(
            _("该地址已有订单使用，不能删除。"), code="address_in_use"
        ) from exc
    if was_default:
        successor = customer.addresses.order_by("pk").first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default"])
    logger.info("customer address removed", extra={"customer_id": customer.pk})


def _clean_contact(name, phone, relation):
    return (
        clean_text(name, field="name", max_length=NAME_MAX),
        clean_phone(phone),
        clean_text(relation, field="relation", max_length=RELATION_MAX, required=False),
    )


@transaction.atomic
def add_contact(*, customer, name, phone, relation=""):
    """Add a person to call about the customer's services."""
    name, phone, relation = _clean_contact(name, phone, relation)
    customer = _lock(customer)
    if customer.contacts.count() >= CONTACTS_PER_CUSTOMER_MAX:
        raise ServiceError(
            _("每位客户最多保存 %(max)d 个联系人。")
            % {"max": CONTACTS_PER_CUSTOMER_MAX},
            code="too_many_contacts",
        )
    return CustomerContact.objects.create(
        customer=customer, name=name, phone=phone, relation=relation
    )


@transaction.atomic
def update_contact(*, contact, name, phone, relation=""):
    contact.name, contact.phone, contact.relation = _clean_contact(
        name, phone, relation
    )
    contact.save()
    return contact


@transaction.atomic
def remove_contact(*, contact):
    contact.delete()
