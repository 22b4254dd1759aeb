import io
from unittest import mock

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jiazheng.accounts.identity import (
    LocalIdentityBackend,
    ProviderApiIdentityBackend,
    get_identity_backend,
)
from jiazheng.accounts.models import IdentityVerification, Role
from jiazheng.accounts.services import (
    approve_verification,
    reject_verification,
    submit_verification,
)
from jiazheng.accounts.tests.factories import (
    UserFactory,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.common.crypto import decrypt, keyed_hash
from jiazheng.common.errors import NotAllowed, ServiceError

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"
OTHER_ID = "320102198511151644"


def jpeg(name="id.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _submit(user, **overrides):
    data = {
        "user": user,
        "real_name": "张三",
        "id_number": ID_NUMBER,
        "id_photo": jpeg(),
        **overrides,
    }
    return submit_verification(**data)


def _refused(user, **overrides):
    with pytest.raises(ServiceError) as info:
        _submit(user, **overrides)
    assert not IdentityVerification.objects.filter(user=user, status="pending").exists()
    return info.value


def test_submission_stores_the_number_encrypted_hashed_and_masked():
    verification = _submit(UserFactory())

    assert verification.status == IdentityVerification.Status.PENDING
    assert ID_NUMBER not in verification.id_number_encrypted
    assert decrypt(verification.id_number_encrypted) == ID_NUMBER
    assert verification.id_number_hash == keyed_hash(ID_NUMBER)
    assert verification.id_number_masked == "110105********002X"
    assert verification.id_photo.name.startswith("identity/")
    assert verification.backend == "local"


def test_fifteen_digit_number_is_stored_upgraded():
    verification = _submit(UserFactory(), id_number="110105491231002")
    assert decrypt(verification.id_number_encrypted) == ID_NUMBER


def test_wrong_check_digit_is_refused_on_the_number_field():
    error = _refused(UserFactory(), id_number="110105194912310021")
    assert (error.code, error.field) == ("invalid_check_digit", "id_number")


def test_unknown_region_is_refused():
    error = _refused(UserFactory(), id_number="99010519491231002X")
    assert error.code == "invalid_region"


def test_text_file_named_jpg_is_refused():
    fake = SimpleUploadedFile("id.jpg", b"just some text", content_type="image/jpeg")
    error = _refused(UserFactory(), id_photo=fake)
    assert (error.code, error.field) == ("file_type_not_allowed", "id_photo")


def test_photo_over_ten_megabytes_is_refused():
    big = jpeg()
    big.size = 10 * 1024 * 1024 + 1
    error = _refused(UserFactory(), id_photo=big)
    assert error.code == "file_too_large"


def test_html_in_the_name_is_refused():
    error = _refused(UserFactory(), real_name="<b>张三</b>")
    assert error.field == "real_name"


def test_second_request_while_one_is_pending_is_refused():
    user = UserFactory()
    _submit(user)
    with pytest.raises(ServiceError) as info:
        _submit(user)
    assert info.value.code == "verification_pending"


def test_approval_verifies_the_user():
    user = UserFactory()
    verification = _submit(user)
    reviewer = make_platform_staff(Role.DISPATCHER)

    approve_verification(verification=verification, reviewer=reviewer)

    user.refresh_from_db()
    assert user.is_real_name_verified
    verification.refresh_from_db()
    assert verification.reviewer == reviewer


def test_one_id_number_verifies_one_account_only():
    first, second = UserFactory(), UserFactory()
    pending = _submit(second)
    approve_verification(verification=_submit(first), reviewer=make_platform_staff())

    with pytest.raises(ServiceError) as info:
        _submit(UserFactory())
    assert info.value.code == "id_number_taken"
    with pytest.raises(ServiceError) as info:
        approve_verification(verification=pending, reviewer=make_platform_staff())
    assert info.value.code == "id_number_taken"


def test_rejection_keeps_the_reason_and_allows_a_new_request():
    user = UserFactory()
    verification = reject_verification(
        verification=_submit(user),
        reviewer=make_platform_staff(),
        reason="照片模糊，请重新拍摄",
    )
    assert verification.reject_reason == "照片模糊，请重新拍摄"
    _submit(user)


def test_provider_staff_cannot_review():
    verification = _submit(UserFactory())
    with pytest.raises(NotAllowed):
        approve_verification(verification=verification, reviewer=make_provider_staff())


def test_a_decided_request_cannot_be_decided_again():
    verification = _submit(UserFactory())
    approve_verification(verification=verification, reviewer=make_platform_staff())
    with pytest.raises(ServiceError) as info:
        reject_verification(
            verification=verification, reviewer=make_platform_staff(), reason="重复"
        )
    assert info.value.code == "already_reviewed"


# Backends


def test_local_backend_always_asks_for_manual_review():
    result = LocalIdentityBackend().check("张三", ID_NUMBER)
    assert result.needs_manual_review and result.ok is None


def test_provider_api_backend_needs_its_settings(settings):
    settings.IDENTITY_BACKEND = "provider_api"
    with pytest.raises(ImproperlyConfigured):
        get_identity_backend()


def _api_backend(answer=None, error=None):
    session = mock.Mock()
    if error:
        session.post.side_effect = error
    else:
        session.post.return_value.json.return_value = answer
        session.post.return_value.raise_for_status.return_value = None
    backend = ProviderApiIdentityBackend(
        url="https://id.example/check", api_key="k", session=session
    )
    return backend, session


def test_provider_api_backend_posts_name_and_number_and_reads_a_match():
    backend, session = _api_backend({"result": "match", "message": "一致"})

    result = backend.check("张三", ID_NUMBER)

    assert result.ok is True and not result.needs_manual_review
    session.post.assert_called_once_with(
        "https://id.example/check",
        json={"name": "张三", "id_number": ID_NUMBER},
        headers={"Authorization": "Bearer k"},
        timeout=10,
    )


def test_provider_api_backend_reads_a_mismatch():
    backend, _session = _api_backend({"result": "mismatch"})
    result = backend.check("张三", ID_NUMBER)
    assert result.ok is False and not result.needs_manual_review


@pytest.mark.parametrize(
    "kwargs",
    [{"error": requests.Timeout()}, {"answer": {"result": "maybe"}}, {"answer": []}],
)
def test_provider_api_trouble_falls_back_to_manual_review(kwargs):
    backend, _session = _api_backend(**kwargs)
    result = backend.check("张三", ID_NUMBER)
    assert result.ok is None and result.needs_manual_review


def test_submission_with_a_confirming_api_is_approved_at_once(settings):
    settings.IDENTITY_BACKEND = "provider_api"
    settings.IDENTITY_API_URL = "https://id.example/check"
    settings.IDENTITY_API_KEY = "k"
    response = mock.Mock()
    response.json.return_value = {"result": "match"}
    user = UserFactory()
    with mock.patch("requests.Session.post", return_value=response) as post:
        verification = _submit(user)
    assert post.called
    assert verification.status == IdentityVerification.Status.APPROVED
    user.refresh_from_db()
    assert user.is_real_name_verified


# Pages


def test_member_submits_through_the_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:verification"),
        {"real_name": "张三", "id_number": ID_NUMBER, "id_photo": jpeg()},
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:verification"))
    assert "110105********002X" in page.text
    assert ID_NUMBER not in page.text


def test_page_shows_a_wrong_check_digit_on_the_field(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:verification"),
        {"real_name": "张三", "id_number": "110105194912310021", "id_photo": jpeg()},
    )
    assert response.status_code == 200
    assert "校验位" in response.context["form"].errors["id_number"][0]


def test_id_photo_is_served_to_its_owner_and_platform_staff_only(client):
    owner = UserFactory()
    verification = _submit(owner)
    url = reverse("accounts:verification_photo", args=[verification.pk])

    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.force_login(make_platform_staff(Role.DISPATCHER))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(make_provider_staff())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_review_queue_is_for_platform_reviewers(client):
    url = reverse("accounts_console:verification_list")
    client.force_login(make_provider_staff())
    assert client.get(url).status_code == 403
    client.force_login(make_platform_staff(Role.EDITOR))
    assert client.get(url).status_code == 403
    _submit(UserFactory())
    client.force_login(make_platform_staff(Role.DISPATCHER))
    response = client.get(url)
    assert response.status_code == 200
    assert "110105********002X" in response.text


def test_reviewer_approves_and_rejects_from_the_detail_page(client):
    first = _submit(UserFactory())
    second = _submit(UserFactory(), id_number=OTHER_ID)
    client.force_login(make_platform_staff(Role.DISPATCHER))

    detail = client.get(
        reverse("accounts_console:verification_detail", args=[first.pk])
    )
    assert ID_NUMBER not in detail.text
    client.post(
        reverse("accounts_console:verification_detail", args=[first.pk]),
        {"action": "approve"},
    )
    empty_reason = client.post(
        reverse("accounts_console:verification_detail", args=[second.pk]),
        {"action": "reject", "reason": ""},
    )
    assert empty_reason.status_code == 200
    client.post(
        reverse("accounts_console:verification_detail", args=[second.pk]),
        {"action": "reject", "reason": "证件照片不清晰"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "approved"
    assert (second.status, second.reject_reason) == ("rejected", "证件照片不清晰")
