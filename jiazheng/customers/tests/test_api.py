"""REST endpoints: a member's own record and addresses; staff's list."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.customers.models import Customer, CustomerAddress
from jiazheng.customers.tests.factories import (
    CustomerAddressFactory,
    CustomerFactory,
    CustomerTagFactory,
)

pytestmark = pytest.mark.django_db
ME = reverse("api:me-customer")
MY_ADDRESSES = reverse("api:me-address-list")
CUSTOMERS = reverse("api:customer-list")


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def member():
    return make_family_member(user=UserFactory(phone="13912345678", name="王芳"))


def test_a_member_reads_their_record_made_on_first_use(member):
    response = _api(member).get(ME)

    assert response.status_code == 200
    assert response.json()["phone"] == "13912345678"
    assert Customer.objects.get().user == member


def test_a_member_changes_their_name_but_not_their_number(member):
    response = _api(member).patch(
        ME, {"name": "王芳一家", "phone": "13800000000"}, format="json"
    )

    customer = Customer.objects.get()
    assert response.status_code == 200
    assert (customer.name, customer.phone) == ("王芳一家", "13912345678")


def test_markup_in_the_name_is_refused_with_a_stable_code(member):
    response = _api(member).patch(ME, {"name": "<script>x</script>"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "html_not_allowed"
    assert "name" in response.json()["errors"]


def test_staff_without_a_member_role_have_no_own_record():
    staff = make_platform_staff(Role.DISPATCHER)

    assert _api(staff).get(ME).status_code == 403
    assert _api(staff).get(MY_ADDRESSES).status_code == 403


def test_a_member_adds_lists_changes_and_removes_addresses(member):
    api = _api(member)

    created = api.post(
        MY_ADDRESSES,
        {"label": "家", "region": "110105", "detail": "建国路8号"},
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["is_default"] is True
    assert body["region_name"] == "北京市朝阳区"

    url = reverse("api:me-address-detail", args=[body["id"]])
    changed = api.patch(url, {"detail": "建国路9号"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["region"] == "110105"
    assert [a["detail"] for a in api.get(MY_ADDRESSES).json()["results"]] == [
        "建国路9号"
    ]

    assert api.delete(url).status_code == 204
    assert not CustomerAddress.objects.exists()


def test_a_bad_address_gets_a_json_error_and_nothing_saved(member):
    response = _api(member).post(
        MY_ADDRESSES, {"region": "110000", "detail": "建国路8号"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_region"
    assert not CustomerAddress.objects.exists()


def test_another_members_address_is_not_found(member):
    theirs = CustomerAddressFactory()
    url = reverse("api:me-address-detail", args=[theirs.pk])
    api = _api(member)

    assert api.get(url).status_code == 404
    assert api.patch(url, {"detail": "x"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert CustomerAddress.objects.filter(pk=theirs.pk).exists()


def test_dispatchers_list_and_search_customers():
    CustomerFactory(name="王芳家", phone="13912345678", tags=[CustomerTagFactory()])
    CustomerFactory(name="李强家", phone="13800001111")
    api = _api(make_platform_staff(Role.DISPATCHER))

    everyone = api.get(CUSTOMERS).json()
    found = api.get(CUSTOMERS, {"q": "5678"}).json()

    assert everyone["count"] == 2
    assert [c["name"] for c in found["results"]] == ["王芳家"]
    assert found["results"][0]["phone"] == "13912345678"


def test_dispatchers_create_a_customer_and_read_it():
    api = _api(make_platform_staff(Role.DISPATCHER))

    created = api.post(
        CUSTOMERS,
        {"kind": "family", "name": "王芳家", "phone": "13912345678", "tags": ["VIP"]},
        format="json",
    )
    detail = api.get(reverse("api:customer-detail", args=[created.json()["id"]]))

    assert created.status_code == 201
    assert detail.json()["tags"] == ["VIP"]
    assert detail.json()["addresses"] == []


def test_creating_a_customer_with_a_taken_number_is_a_clear_error():
    CustomerFactory(phone="13912345678")
    api = _api(make_platform_staff(Role.PLATFORM_ADMIN))

    response = api.post(
        CUSTOMERS,
        {"kind": "family", "name": "王芳家", "phone": "13912345678"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "customer_phone_taken"
    assert Customer.objects.count() == 1


def test_provider_staff_and_members_cannot_list_customers(member):
    customer = CustomerFactory()
    detail = reverse("api:customer-detail", args=[customer.pk])

    for user in (make_provider_staff(role=Role.PROVIDER_ADMIN), member):
        api = _api(user)
        assert api.get(CUSTOMERS).status_code == 403
        assert api.get(detail).status_code == 403
        assert api.post(CUSTOMERS, {}, format="json").status_code == 403
