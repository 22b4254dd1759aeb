import pytest
from django.urls import reverse

from jiazheng.accounts.models import Organization, Role, SmsCode, User
from jiazheng.accounts.services import (
    request_code,
    sign_up_enterprise_member,
    sign_up_family_member,
)
from jiazheng.accounts.tenancy import has_role, memberships_of, roles_of
from jiazheng.accounts.tests.conftest import last_code
from jiazheng.accounts.tests.factories import UserFactory
from jiazheng.common.errors import ServiceError

pytestmark = pytest.mark.django_db
PHONE = "13912340000"
PASSWORD = "Qingjie-2026!"
CREDIT_CODE = "91350100M000100Y43"


def _code():
    request_code(phone=PHONE, purpose="signup")
    return last_code(PHONE)


def test_family_member_signs_up_with_the_family_role_and_no_organisation():
    user = sign_up_family_member(
        phone=PHONE, code=_code(), name="王芳", password=PASSWORD
    )

    assert user.check_password(PASSWORD)
    assert roles_of(user) == {Role.FAMILY_MEMBER}
    assert memberships_of(user) == []


def test_enterprise_member_gets_an_enterprise_organisation():
    user = sign_up_enterprise_member(
        phone=PHONE,
        code=_code(),
        name="李强",
        password=PASSWORD,
        company_name="华信科技有限公司",
        credit_code=CREDIT_CODE,
    )

    organization = Organization.objects.get(name="华信科技有限公司")
    assert organization.kind == Organization.Kind.ENTERPRISE
    assert organization.credit_code == CREDIT_CODE
    assert has_role(user, Role.ENTERPRISE_MEMBER)
    assert memberships_of(user)[0].organization == organization


def _refused(**kwargs):
    with pytest.raises(ServiceError) as info:
        sign_up_enterprise_member(**kwargs)
    assert not User.objects.filter(phone=PHONE).exists()
    assert not Organization.objects.exists()
    return info.value


def test_invalid_credit_code_is_refused_on_its_field_and_keeps_the_code():
    code = _code()
    error = _refused(
        phone=PHONE,
        code=code,
        name="李强",
        password=PASSWORD,
        company_name="华信科技",
        credit_code="91350100M000100Y44",
    )
    assert error.field == "credit_code"
    assert SmsCode.objects.get().used_at is None


def test_html_in_the_name_is_refused():
    error = _refused(
        phone=PHONE,
        code=_code(),
        name="<script>alert(1)</script>",
        password=PASSWORD,
        company_name="华信科技",
    )
    assert error.field == "name"


def test_weak_password_is_refused_by_django_validators():
    error = _refused(
        phone=PHONE, code=_code(), name="李强", password="12345678", company_name="华信"
    )
    assert error.field == "password"


def test_wrong_code_is_refused_and_nothing_is_saved():
    code = _code()
    wrong = "000000" if code != "000000" else "111111"
    error = _refused(
        phone=PHONE, code=wrong, name="李强", password=PASSWORD, company_name="华信"
    )
    assert error.code == "code_invalid"


def test_duplicate_phone_is_refused_with_a_clear_message():
    code = _code()
    UserFactory(phone=PHONE)
    with pytest.raises(ServiceError) as info:
        sign_up_family_member(phone=PHONE, code=code, name="王芳", password=PASSWORD)
    assert info.value.field == "phone"
    assert str(info.value.message) == "该手机号已注册"


# Pages


def test_signup_page_offers_both_kinds(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert "家庭会员" in response.text and "企业会员" in response.text
    assert reverse("accounts:sms_code") in response.text


def test_send_code_button_answers_with_a_status_fragment(client):
    response = client.post(
        reverse("accounts:sms_code"),
        {"phone": PHONE, "purpose": "signup"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "验证码已发送" in response.text
    again = client.post(
        reverse("accounts:sms_code"), {"phone": PHONE, "purpose": "signup"}
    )
    assert again.status_code == 200
    assert "秒后重试" in again.text


def test_send_code_for_a_registered_number_says_so(client):
    UserFactory(phone=PHONE)
    response = client.post(
        reverse("accounts:sms_code"), {"phone": PHONE, "purpose": "signup"}
    )
    assert "该手机号已注册" in response.text


def test_signing_up_through_the_page_logs_in_and_lands_in_the_member_area(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "family",
            "phone": PHONE,
            "code": _code(),
            "name": "王芳",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    me = client.get(response.url)
    assert me.context["user"].phone == PHONE


def test_signup_page_shows_duplicate_phone_on_the_field(client):
    code = _code()
    UserFactory(phone=PHONE)
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "family",
            "phone": PHONE,
            "code": code,
            "name": "王芳",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["该手机号已注册"]


def test_enterprise_signup_page_requires_the_company_name(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "kind": "enterprise",
            "phone": PHONE,
            "code": "123456",
            "name": "李强",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert "company_name" in response.context["form"].errors
    assert not User.objects.exists()
