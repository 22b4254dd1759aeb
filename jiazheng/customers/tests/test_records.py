"""Customer records: creation, the caller's record, the take-over at sign-up."""

import pytest
from django.test import override_settings

from jiazheng.accounts.models import Role
from jiazheng.accounts.services import (
    request_code,
    sign_up_enterprise_member,
    sign_up_family_member,
)
from jiazheng.accounts.tests.conftest import last_code
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_enterprise_member,
    make_family_member,
    make_platform_staff,
)
from jiazheng.common.errors import ServiceError
from jiazheng.customers import services
from jiazheng.customers.models import Customer, CustomerTag
from jiazheng.customers.queries import customer_for_phone, customer_for_user
from jiazheng.customers.tests.factories import (
    CustomerAddressFactory,
    CustomerFactory,
    CustomerTagFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "Qingjie-2026!"
HOOK = ["jiazheng.customers.services.attach_user"]


def _create(**overrides):
    values = {
        "kind": Customer.Kind.FAMILY,
        "name": "王芳",
        "phone": "13912345678",
        "source": Customer.Source.STAFF,
    }
    return services.create_customer(**{**values, **overrides})


def _refused(**overrides):
    with pytest.raises(ServiceError) as info:
        _create(**overrides)
    assert not Customer.objects.exists()
    assert not CustomerTag.objects.exists()
    return info.value


def test_staff_create_a_customer_with_a_normalised_number_and_tags():
    staff = make_platform_staff(Role.DISPATCHER)

    customer = _create(
        phone="+86 139-1234-5678", created_by=staff, tags="老客户，需回访, 老客户"
    )

    assert customer.phone == "13912345678"
    assert customer.created_by == staff
    assert set(customer.tags.values_list("name", flat=True)) == {"需回访", "老客户"}


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"phone": "1234"}, "invalid_phone", "phone"),
        ({"phone": "23912345678"}, "invalid_phone", "phone"),
        ({"name": "<script>alert(1)</script>"}, "html_not_allowed", "name"),
        ({"name": "   "}, "required", "name"),
        ({"name": "王" * 65}, "too_long", "name"),
        ({"kind": "alien"}, "invalid_kind", "kind"),
        ({"tags": ["<b>vip</b>"]}, "html_not_allowed", "tags"),
        ({"note": "<img src=x onerror=alert(1)>"}, "html_not_allowed", "note"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(overrides, code, field):
    error = _refused(**overrides)

    assert error.code == code
    assert error.field == field
    assert str(error.message)


def test_a_number_that_already_has_a_record_is_refused():
    CustomerFactory(phone="13912345678")

    with pytest.raises(ServiceError) as info:
        _create(name="另一个王芳")

    assert info.value.code == "customer_phone_taken"
    assert Customer.objects.count() == 1


def test_company_customer_must_point_at_an_enterprise_organisation():
    staff = make_platform_staff()
    platform = staff.memberships.get().organization

    with pytest.raises(ServiceError) as info:
        _create(kind=Customer.Kind.COMPANY, enterprise=platform)

    assert info.value.code == "invalid_enterprise"


def test_a_caller_with_a_known_number_gets_their_record_unchanged():
    existing = CustomerFactory(phone="13912345678", name="王芳")
    dispatcher = make_platform_staff(Role.DISPATCHER)

    customer, created = services.get_or_create_customer_for_caller(
        phone="139 1234 5678", name="王女士", kind="family", created_by=dispatcher
    )

    assert (customer, created) == (existing, False)
    customer.refresh_from_db()
    assert customer.name == "王芳"


def test_a_new_caller_gets_a_record_taken_by_phone():
    dispatcher = make_platform_staff(Role.DISPATCHER)

    customer, created = services.get_or_create_customer_for_caller(
        phone="13912345678", name="王女士", kind="family", created_by=dispatcher
    )

    assert created
    assert customer.source == Customer.Source.PHONE
    assert customer.created_by == dispatcher


def test_a_caller_losing_the_race_for_a_number_gets_the_winners_record(monkeypatch):
    # given: another dispatcher's record, which our first look does not see
    winner = CustomerFactory(phone="13912345678")
    queryset_first = type(Customer.objects.none()).first
    calls = []

    def first_misses_once(self):
        if self.model is Customer and not calls:
            calls.append(1)
            return None
        return queryset_first(self)

    monkeypatch.setattr(type(Customer.objects.none()), "first", first_misses_once)

    # when
    customer, created = services.get_or_create_customer_for_caller(
        phone="13912345678", name="王女士", kind="family", created_by=None
    )

    # then
    assert (customer, created) == (winner, False)
    assert Customer.objects.count() == 1


def test_sign_up_creates_a_family_customer_for_the_new_member():
    user = make_family_member(user=UserFactory(phone="13912345678", name="王芳"))

    customer = services.attach_user(user=user)

    assert customer.user == user
    assert customer.kind == Customer.Kind.FAMILY
    assert customer.name == "王芳"
    assert customer.source == Customer.Source.SIGNUP


def test_sign_up_takes_over_the_record_staff_made_for_the_number():
    # given: the family called in before they had an account
    record = CustomerFactory(phone="13912345678", name="王芳家", source="phone")
    address = CustomerAddressFactory(customer=record)
    user = make_family_member(user=UserFactory(phone="13912345678", name="王芳"))

    # when
    customer = services.attach_user(user=user)

    # then: same record, now linked, its history kept
    assert customer.pk == record.pk
    assert customer.user == user
    assert customer.name == "王芳家"
    assert list(customer.addresses.all()) == [address]
    assert Customer.objects.count() == 1


def test_attaching_twice_returns_the_same_record():
    user = make_family_member(user=UserFactory(phone="13912345678"))

    first = services.attach_user(user=user)
    second = services.attach_user(user=user)

    assert first == second
    assert Customer.objects.count() == 1


def test_an_enterprise_member_gets_a_company_customer_of_their_enterprise():
    user = make_enterprise_member(user=UserFactory(phone="13912345678"))
    enterprise = user.memberships.get().organization

    customer = services.attach_user(user=user)

    assert customer.kind == Customer.Kind.COMPANY
    assert customer.enterprise == enterprise
    assert customer.name == enterprise.name


@override_settings(ACCOUNTS_SIGNUP_HOOKS=HOOK)
def test_family_sign_up_through_accounts_takes_over_the_callers_record():
    record = CustomerFactory(phone="13912345678", name="王芳家", source="phone")
    request_code(phone="13912345678", purpose="signup")

    user = sign_up_family_member(
        phone="13912345678",
        code=last_code("13912345678"),
        name="王芳",
        password=PASSWORD,
    )

    record.refresh_from_db()
    assert record.user == user
    assert Customer.objects.count() == 1


@override_settings(ACCOUNTS_SIGNUP_HOOKS=HOOK)
def test_enterprise_sign_up_through_accounts_creates_a_company_customer():
    request_code(phone="13912345678", purpose="signup")

    user = sign_up_enterprise_member(
        phone="13912345678",
        code=last_code("13912345678"),
        name="李强",
        password=PASSWORD,
        company_name="华信科技有限公司",
    )

    customer = Customer.objects.get(user=user)
    assert customer.kind == Customer.Kind.COMPANY
    assert customer.enterprise.name == "华信科技有限公司"


def test_customer_for_user_creates_the_record_of_an_older_member():
    user = make_family_member(user=UserFactory(phone="13912345678"))

    customer = customer_for_user(user)

    assert customer.user == user
    assert customer_for_user(user) == customer


def test_customer_for_phone_finds_by_normalised_number_only():
    customer = CustomerFactory(phone="13912345678")

    assert customer_for_phone("+86 139 1234 5678") == customer
    assert customer_for_phone("5678") is None
    assert customer_for_phone("13900000000") is None


def test_update_keeps_a_members_number_locked():
    user = make_family_member(user=UserFactory(phone="13912345678"))
    customer = services.attach_user(user=user)

    with pytest.raises(ServiceError) as info:
        services.update_customer(
            customer=customer,
            actor=None,
            name="王芳",
            kind="family",
            phone="13800000000",
        )

    assert info.value.code == "customer_phone_locked"
    customer.refresh_from_db()
    assert customer.phone == "13912345678"


def test_update_refuses_a_number_of_another_customer():
    CustomerFactory(phone="13800000000")
    customer = CustomerFactory(phone="13912345678")

    with pytest.raises(ServiceError) as info:
        services.update_customer(
            customer=customer,
            actor=None,
            name="王芳",
            kind="family",
            phone="13800000000",
        )

    assert info.value.code == "customer_phone_taken"


def test_set_tags_replaces_the_tags_and_reuses_existing_ones():
    vip = CustomerTagFactory(name="VIP")
    customer = CustomerFactory(tags=[CustomerTagFactory(name="旧")])

    services.set_tags(customer=customer, names=["VIP", "新客"])

    assert set(customer.tags.values_list("name", flat=True)) == {"VIP", "新客"}
    assert CustomerTag.objects.filter(name="VIP").get() == vip
