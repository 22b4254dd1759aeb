"""Console pages for customer records."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.customers.models import Customer, CustomerAddress, CustomerContact
from jiazheng.customers.tests.factories import (
    CustomerAddressFactory,
    CustomerContactFactory,
    CustomerFactory,
    CustomerTagFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("customers_console:customer_list")


@pytest.fixture
def dispatcher(client):
    user = make_platform_staff(Role.DISPATCHER)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_provider_staff(role=Role.PROVIDER_ADMIN),
        lambda: make_provider_staff(role=Role.PROVIDER_STAFF),
        lambda: make_platform_staff(Role.EDITOR),
        make_family_member,
    ],
    ids=["provider_admin", "provider_staff", "editor", "family"],
)
def test_people_other_than_admins_and_dispatchers_cannot_open_customers(
    client, make_user
):
    customer = CustomerFactory()
    client.force_login(make_user())

    for url in (
        LIST,
        reverse("customers_console:customer_detail", args=[customer.pk]),
        reverse("customers_console:customer_export"),
        reverse("customers_console:customer_create"),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_finds_customers_by_the_last_four_digits(client, dispatcher):
    CustomerFactory(name="王芳家", phone="13912345678")
    CustomerFactory(name="李强家", phone="13800001111")

    content = client.get(LIST, {"q": "5678"}).content.decode()

    assert "王芳家" in content
    assert "13912345678" in content  # dispatchers see numbers in full
    assert "李强家" not in content


def test_the_list_finds_by_full_number_and_by_name(client, dispatcher):
    CustomerFactory(name="王芳家", phone="13912345678")
    CustomerFactory(name="李强家", phone="13800001111")

    by_number = client.get(LIST, {"q": "138 0000 1111"}).content.decode()
    by_name = client.get(LIST, {"q": "王芳"}).content.decode()

    assert "李强家" in by_number and "王芳家" not in by_number
    assert "王芳家" in by_name and "李强家" not in by_name


def test_the_list_filters_by_kind_and_tag(client, dispatcher):
    vip = CustomerTagFactory(name="VIP")
    CustomerFactory(name="王芳家", tags=[vip])
    CustomerFactory(name="华信科技", kind=Customer.Kind.COMPANY)
    CustomerFactory(name="李强家")

    by_tag = client.get(LIST, {"tag": vip.pk}).content.decode()
    by_kind = client.get(LIST, {"kind": "company"}).content.decode()

    assert "王芳家" in by_tag and "李强家" not in by_tag
    assert "华信科技" in by_kind and "王芳家" not in by_kind


def test_the_list_pages(client, dispatcher):
    for n in range(35):
        CustomerFactory(name=f"客户{n:02d}")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 30
    assert len(second.context["page"].object_list) == 5


def test_export_returns_the_filtered_list_as_xlsx(client, dispatcher):
    CustomerFactory(name="王芳家", phone="13912345678")
    CustomerFactory(name="=HYPERLINK(1)", phone="13912340000")
    CustomerFactory(name="李强家", phone="13800001111")

    response = client.get(reverse("customers_console:customer_export"), {"q": "139"})
    # "139" is neither a number nor its last four: it searches names.
    everyone = client.get(reverse("customers_console:customer_export"))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert len(list(load_workbook(io.BytesIO(response.content)).active.rows)) == 1
    rows = list(load_workbook(io.BytesIO(everyone.content)).active.values)
    names = {row[2] for row in rows[1:]}
    assert names == {"王芳家", "'=HYPERLINK(1)", "李强家"}


def test_staff_create_a_customer_from_the_console(client, dispatcher):
    response = client.post(
        reverse("customers_console:customer_create"),
        {"kind": "family", "name": "王芳家", "phone": "13912345678", "tags": "VIP"},
    )

    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "customers_console:customer_detail", args=[customer.pk]
    )
    assert customer.created_by == dispatcher
    assert customer.source == Customer.Source.STAFF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "12345"}, "请输入有效的11位中国大陆手机号。"),
        ({"name": "<b>王</b>"}, "不能包含尖括号标记"),
    ],
)
def test_bad_input_in_the_console_shows_a_message_and_saves_nothing(
    client, dispatcher, data, message
):
    values = {"kind": "family", "name": "王芳家", "phone": "13912345678", **data}

    response = client.post(reverse("customers_console:customer_create"), values)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Customer.objects.exists()


def test_a_duplicate_number_in_the_console_is_refused_on_the_field(client, dispatcher):
    CustomerFactory(phone="13912345678")

    response = client.post(
        reverse("customers_console:customer_create"),
        {"kind": "family", "name": "王芳家", "phone": "13912345678"},
    )

    assert response.context["form"].errors["phone"] == ["该手机号已有客户档案。"]


def test_the_detail_shows_addresses_contacts_and_tags(client, dispatcher):
    customer = CustomerFactory(tags=[CustomerTagFactory(name="需回访")])
    CustomerAddressFactory(customer=customer, detail="建国路8号", is_default=True)
    CustomerContactFactory(customer=customer, name="李阿姨")

    content = client.get(
        reverse("customers_console:customer_detail", args=[customer.pk])
    ).content.decode()

    assert "北京市朝阳区建国路8号" in content
    assert "李阿姨" in content
    assert "需回访" in content


def test_editing_a_members_record_keeps_their_number(client, dispatcher):
    user = UserFactory(phone="13912345678")
    customer = CustomerFactory(phone="13912345678", user=user)

    response = client.post(
        reverse("customers_console:customer_edit", args=[customer.pk]),
        {"kind": "family", "name": "王芳新家", "phone": "13800000000"},
    )

    customer.refresh_from_db()
    assert response.status_code == 302
    assert (customer.name, customer.phone) == ("王芳新家", "13912345678")


def test_staff_add_an_address_with_the_region_picker(client, dispatcher):
    customer = CustomerFactory()

    response = client.post(
        reverse("customers_console:address_create", args=[customer.pk]),
        {"label": "家", "region": "110105", "detail": "建国路8号"},
    )

    assert response.status_code == 302
    address = CustomerAddress.objects.get()
    assert address.customer == customer
    assert address.is_default


def test_an_address_without_a_district_is_refused_on_the_picker(client, dispatcher):
    customer = CustomerFactory()

    response = client.post(
        reverse("customers_console:address_create", args=[customer.pk]),
        {"region": "110000", "detail": "建国路8号"},
    )

    assert response.status_code == 200
    assert "请选择有效的区县。" in response.content.decode()
    assert not CustomerAddress.objects.exists()


def test_staff_edit_and_remove_addresses_and_contacts(client, dispatcher):
    customer = CustomerFactory()
    address = CustomerAddressFactory(customer=customer, is_default=True)
    contact = CustomerContactFactory(customer=customer)

    client.post(
        reverse("customers_console:address_edit", args=[customer.pk, address.pk]),
        {"region": "110108", "detail": "中关村大街1号", "is_default": "on"},
    )
    client.post(
        reverse("customers_console:contact_edit", args=[customer.pk, contact.pk]),
        {"name": "张叔", "phone": "13720009999"},
    )
    address.refresh_from_db()
    contact.refresh_from_db()
    assert address.full_address == "北京市海淀区中关村大街1号"
    assert contact.name == "张叔"

    client.post(
        reverse("customers_console:address_delete", args=[customer.pk, address.pk])
    )
    client.post(
        reverse("customers_console:contact_delete", args=[customer.pk, contact.pk])
    )
    assert not CustomerAddress.objects.exists()
    assert not CustomerContact.objects.exists()


def test_an_address_of_another_customer_is_not_found(client, dispatcher):
    customer = CustomerFactory()
    other = CustomerAddressFactory()

    response = client.post(
        reverse("customers_console:address_delete", args=[customer.pk, other.pk])
    )

    assert response.status_code == 404
    assert CustomerAddress.objects.filter(pk=other.pk).exists()


def test_staff_add_a_contact(client, dispatcher):
    customer = CustomerFactory()

    client.post(
        reverse("customers_console:contact_create", args=[customer.pk]),
        {"name": "李阿姨", "phone": "13720000001", "relation": "保姆"},
    )

    assert customer.contacts.get().relation == "保姆"


def test_every_customer_page_renders_for_a_dispatcher(client, dispatcher):
    customer = CustomerFactory()
    address = CustomerAddressFactory(customer=customer)
    contact = CustomerContactFactory(customer=customer)

    for name, args in (
        ("customer_create", []),
        ("customer_edit", [customer.pk]),
        ("address_create", [customer.pk]),
        ("address_edit", [customer.pk, address.pk]),
        ("contact_create", [customer.pk]),
        ("contact_edit", [customer.pk, contact.pk]),
    ):
        response = client.get(reverse(f"customers_console:{name}", args=args))
        assert response.status_code == 200, name
    edit = client.get(
        reverse("customers_console:address_edit", args=[customer.pk, address.pk])
    )
    assert 'value="110105" selected' in edit.content.decode()
