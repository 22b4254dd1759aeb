"""Addresses and contacts of a customer."""

from decimal import Decimal

import pytest

from jiazheng.common.errors import ServiceError
from jiazheng.common.models import Region
from jiazheng.customers import services
from jiazheng.customers.models import CustomerAddress, CustomerContact
from jiazheng.customers.tests.factories import (
    CustomerAddressFactory,
    CustomerContactFactory,
    CustomerFactory,
    district,
)

pytestmark = pytest.mark.django_db


def _add(customer, **overrides):
    values = {"region": district(), "detail": "建国路8号院2号楼301"}
    return services.add_address(customer=customer, **{**values, **overrides})


def test_the_first_address_becomes_the_default():
    customer = CustomerFactory()

    first = _add(customer)
    second = _add(customer, detail="光华路1号")

    assert first.is_default
    assert not second.is_default
    assert first.full_address == "北京市朝阳区建国路8号院2号楼301"


def test_a_new_default_address_replaces_the_old_one():
    customer = CustomerFactory()
    first = _add(customer)

    second = _add(customer, detail="光华路1号", is_default=True)

    first.refresh_from_db()
    assert second.is_default
    assert not first.is_default


def test_coordinates_are_kept_to_six_places():
    address = _add(CustomerFactory(), latitude="39.9087211", longitude=116.397)

    address.refresh_from_db()
    assert address.latitude == Decimal("39.908721")
    assert address.longitude == Decimal("116.397000")


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"region": None}, "invalid_region", "region"),
        ({"detail": ""}, "required", "detail"),
        ({"detail": "<a href=x>家</a>"}, "html_not_allowed", "detail"),
        ({"latitude": "abc", "longitude": "116"}, "invalid_coordinate", "latitude"),
        ({"latitude": "91", "longitude": "116"}, "invalid_coordinate", "latitude"),
        ({"latitude": "39.9"}, "incomplete_coordinates", "latitude"),
        ({"latitude": "NaN", "longitude": "116"}, "invalid_coordinate", "latitude"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_is_saved(overrides, code, field):
    customer = CustomerFactory()

    with pytest.raises(ServiceError) as info:
        _add(customer, **overrides)

    assert (info.value.code, info.value.field) == (code, field)
    assert not CustomerAddress.objects.exists()


def test_an_address_must_be_in_a_district_not_a_whole_province():
    province = Region.objects.get(code="110000")

    with pytest.raises(ServiceError) as info:
        _add(CustomerFactory(), region=province)

    assert info.value.code == "invalid_region"


def test_removing_the_default_address_promotes_another():
    customer = CustomerFactory()
    first = _add(customer)
    second = _add(customer, detail="光华路1号")

    services.remove_address(address=first)

    second.refresh_from_db()
    assert second.is_default
    assert list(customer.addresses.all()) == [second]


def test_update_address_can_make_it_the_default():
    customer = CustomerFactory()
    first = _add(customer)
    second = _add(customer, detail="光华路1号")

    services.update_address(
        address=second,
        region=district("110108", "海淀区"),
        detail="中关村大街1号",
        is_default=True,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    assert second.full_address == "北京市海淀区中关村大街1号"


def test_contacts_are_added_with_a_normalised_number():
    customer = CustomerFactory()

    contact = services.add_contact(
        customer=customer, name="李阿姨", phone="137 2000 0001", relation="保姆"
    )

    assert contact.phone == "13720000001"


def test_a_contact_with_a_bad_number_is_refused():
    customer = CustomerFactory()

    with pytest.raises(ServiceError) as info:
        services.add_contact(customer=customer, name="李阿姨", phone="12345")

    assert info.value.code == "invalid_phone"
    assert not CustomerContact.objects.exists()


def test_contacts_can_be_changed_and_removed():
    contact = CustomerContactFactory()

    services.update_contact(contact=contact, name="张叔", phone="13720009999")
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == ("张叔", "13720009999")

    services.remove_contact(contact=contact)
    assert not CustomerContact.objects.exists()


def test_the_address_factory_makes_a_usable_address():
    address = CustomerAddressFactory()

    assert address.region.level == Region.Level.DISTRICT
    assert address.full_address.startswith("北京市朝阳区")
