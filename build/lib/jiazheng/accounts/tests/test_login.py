import pytest
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.urls import reverse

from jiazheng.accounts.services import request_code
from jiazheng.accounts.tests.conftest import last_code
from jiazheng.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PHONE = "13912341111"
NEW_PASSWORD = "Xin-mima-2026!"


@pytest.fixture
def user():
    return UserFactory(phone=PHONE)


def _login(client, password, phone=PHONE):
    return client.post(
        reverse("accounts:login"),
        {"mode": "password", "phone": phone, "password": password},
    )


def test_login_with_phone_and_password_reaches_the_member_area(client, user):
    response = _login(client, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    assert client.get(reverse("accounts:me")).status_code == 200


def test_login_follows_a_safe_next_url_only(client, user):
    response = client.post(
        reverse("accounts:login"),
        {
            "mode": "password",
            "phone": PHONE,
            "password": DEFAULT_PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("accounts:me")


def test_wrong_password_is_refused_and_signals_a_failed_login(client, user):
    failures = []

    def receiver(sender, credentials, **kwargs):
        failures.append(credentials)

    user_login_failed.connect(receiver)
    response = _login(client, "wrong-password")
    user_login_failed.disconnect(receiver)
    assert response.status_code == 200
    assert "手机号或密码错误" in response.text
    assert failures


def test_account_is_locked_after_the_failure_limit(client, user, settings):
    for _try in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-password")

    response = _login(client, DEFAULT_PASSWORD)

    assert response.status_code in (403, 429)
    assert "登录失败次数过多" in response.text
    assert "_auth_user_id" not in client.session


def test_login_by_sms_code(client, user):
    signals = []

    def receiver(sender, user, **kwargs):
        signals.append(user)

    user_logged_in.connect(receiver)
    request_code(phone=PHONE, purpose="login")
    response = client.post(
        reverse("accounts:login"),
        {"mode": "code", "code-phone": PHONE, "code-code": last_code(PHONE)},
    )
    user_logged_in.disconnect(receiver)

    assert response.status_code == 302
    assert signals == [user]


def test_login_by_wrong_sms_code_says_the_code_is_wrong(client, user):
    request_code(phone=PHONE, purpose="login")
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = client.post(
        reverse("accounts:login"),
        {"mode": "code", "code-phone": PHONE, "code-code": wrong},
    )
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"] == ["验证码错误"]


def test_logout_needs_post(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _reset(client, code, password=NEW_PASSWORD, confirm=None):
    return client.post(
        reverse("accounts:password_reset"),
        {
            "phone": PHONE,
            "code": code,
            "new_password1": password,
            "new_password2": confirm or password,
        },
    )


def test_password_reset_by_sms_code_sets_the_new_password(client, user):
    request_code(phone=PHONE, purpose="reset_password")

    response = _reset(client, last_code(PHONE))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_lifts_a_lockout(client, user, settings):
    for _try in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-password")
    request_code(phone=PHONE, purpose="reset_password")
    _reset(client, last_code(PHONE))

    response = _login(client, NEW_PASSWORD)

    assert response.status_code == 302


def test_password_reset_with_a_wrong_code_changes_nothing(client, user):
    request_code(phone=PHONE, purpose="reset_password")
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"

    response = _reset(client, wrong)

    assert response.context["form"].errors["code"] == ["验证码错误"]
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_reset_refuses_mismatched_passwords(client, user):
    request_code(phone=PHONE, purpose="reset_password")
    response = _reset(client, last_code(PHONE), confirm="Another-2026!")
    assert "new_password2" in response.context["form"].errors


def test_password_reset_for_an_unknown_number_fails_like_a_wrong_code(client):
    request_code(phone=PHONE, purpose="reset_password")
    response = _reset(client, "123456")
    assert response.context["form"].errors["code"] == ["验证码错误"]
