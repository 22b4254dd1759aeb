import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jiazheng.accounts.models import IdentityVerification, Role, User
from jiazheng.accounts.services import request_code
from jiazheng.accounts.tenancy import has_role
from jiazheng.accounts.tests.conftest import last_code
from jiazheng.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from jiazheng.accounts.tests.test_verification import ID_NUMBER, jpeg

pytestmark = pytest.mark.django_db
PHONE = "13912342222"
PASSWORD = "Qingjie-2026!"


@pytest.fixture
def api():
    return APIClient()


def test_sms_code_request_and_family_signup(api):
    sent = api.post(
        reverse("api:auth-sms-codes"), {"phone": PHONE, "purpose": "signup"}
    )
    assert sent.status_code == 201
    assert sent.json()["resend_after"] == 60

    response = api.post(
        reverse("api:auth-signup"),
        {
            "kind": "family",
            "phone": PHONE,
            "code": last_code(PHONE),
            "name": "王芳",
            "password": PASSWORD,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["roles"] == [Role.FAMILY_MEMBER]
    assert Token.objects.get(key=body["token"]).user.phone == PHONE


def test_enterprise_signup_needs_a_company_name(api):
    response = api.post(
        reverse("api:auth-signup"),
        {
            "kind": "enterprise",
            "phone": PHONE,
            "code": "123456",
            "name": "李强",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "company_name" in response.json()["errors"]


def test_enterprise_signup_creates_the_organisation(api):
    request_code(phone=PHONE, purpose="signup")
    response = api.post(
        reverse("api:auth-signup"),
        {
            "kind": "enterprise",
            "phone": PHONE,
            "code": last_code(PHONE),
            "name": "李强",
            "password": PASSWORD,
            "company_name": "华信科技有限公司",
        },
    )
    assert response.status_code == 201
    assert has_role(User.objects.get(phone=PHONE), Role.ENTERPRISE_MEMBER)


def test_second_code_within_a_minute_is_a_stable_json_error(api):
    api.post(reverse("api:auth-sms-codes"), {"phone": PHONE, "purpose": "signup"})
    response = api.post(
        reverse("api:auth-sms-codes"), {"phone": PHONE, "purpose": "signup"}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "sms_code_too_frequent"


def test_duplicate_phone_signup_code_is_refused(api):
    UserFactory(phone=PHONE)
    response = api.post(
        reverse("api:auth-sms-codes"), {"phone": PHONE, "purpose": "signup"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "phone_registered"
    assert response.json()["errors"]["phone"] == ["该手机号已注册"]


def test_expired_or_wrong_code_gives_a_stable_code(api):
    request_code(phone=PHONE, purpose="signup")
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = api.post(
        reverse("api:auth-signup"),
        {
            "kind": "family",
            "phone": PHONE,
            "code": wrong,
            "name": "王芳",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "code_invalid"
    assert not User.objects.filter(phone=PHONE).exists()


def test_token_by_password(api):
    UserFactory(phone=PHONE)
    response = api.post(
        reverse("api:auth-token"), {"phone": PHONE, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api.get(reverse("api:me"))
    assert me.json()["phone"] == PHONE


def test_token_by_sms_code(api):
    UserFactory(phone=PHONE)
    request_code(phone=PHONE, purpose="login")
    response = api.post(
        reverse("api:auth-token"), {"phone": PHONE, "sms_code": last_code(PHONE)}
    )
    assert response.status_code == 200


def test_token_needs_exactly_one_secret(api):
    response = api.post(reverse("api:auth-token"), {"phone": PHONE})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_locked_out_account_gets_403_locked_out(api, settings):
    UserFactory(phone=PHONE)
    for _try in range(settings.AXES_FAILURE_LIMIT):
        failed = api.post(
            reverse("api:auth-token"), {"phone": PHONE, "password": "wrong-one"}
        )
        assert failed.status_code in (400, 403)

    response = api.post(
        reverse("api:auth-token"), {"phone": PHONE, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "locked_out"


def test_password_reset(api):
    user = UserFactory(phone=PHONE)
    request_code(phone=PHONE, purpose="reset_password")
    response = api.post(
        reverse("api:auth-password-reset"),
        {"phone": PHONE, "code": last_code(PHONE), "new_password": PASSWORD},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_weak_new_password_is_refused(api):
    UserFactory(phone=PHONE)
    request_code(phone=PHONE, purpose="reset_password")
    response = api.post(
        reverse("api:auth-password-reset"),
        {"phone": PHONE, "code": last_code(PHONE), "new_password": "123"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "password_invalid"


def test_me_patch_refuses_markup_and_updates_name(api):
    user = UserFactory()
    api.force_authenticate(user)
    bad = api.patch(reverse("api:me"), {"name": "<img src=x>"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"]["name"]
    ok = api.patch(reverse("api:me"), {"name": "赵敏"}, format="json")
    assert ok.json()["name"] == "赵敏"


def test_me_needs_authentication(api):
    assert api.get(reverse("api:me")).status_code in (401, 403)


def test_verification_submission_by_multipart(api):
    user = UserFactory()
    api.force_authenticate(user)
    response = api.post(
        reverse("api:me-verification"),
        {"real_name": "张三", "id_number": ID_NUMBER, "id_photo": jpeg()},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["id_number"] == "110105********002X"
    assert IdentityVerification.objects.filter(user=user).exists()


def test_verification_with_a_disguised_file_is_refused(api):
    api.force_authenticate(UserFactory())
    fake = SimpleUploadedFile("id.jpg", b"hello", content_type="image/jpeg")
    response = api.post(
        reverse("api:me-verification"),
        {"real_name": "张三", "id_number": ID_NUMBER, "id_photo": fake},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_type_not_allowed"


def test_schema_describes_the_account_endpoints(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/auth/sms-codes/",
        "/api/v1/auth/signup/",
        "/api/v1/auth/token/",
        "/api/v1/auth/password-reset/",
        "/api/v1/me/",
        "/api/v1/me/verification/",
    ):
        assert path in paths
