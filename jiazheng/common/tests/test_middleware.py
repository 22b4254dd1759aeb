import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions/?parent=11%00",
        "/api/v1/items/?category=%00",
        "/services/?q=a%00",
    ],
)
def test_a_query_string_with_a_nul_byte_gets_a_400_not_a_500(client, url):
    response = client.get(url)

    assert response.status_code == 400


def test_ordinary_query_strings_pass(client):
    assert client.get("/api/v1/regions/?parent=110000").status_code == 200


def test_a_json_body_with_a_nul_character_gets_a_400(client):
    response = client.post(
        "/api/v1/auth/sms-codes/",
        data='{"phone": "1380000\\u00000000", "purpose": "signup"}',
        content_type="application/json",
    )

    assert response.status_code == 400


def test_a_form_body_with_a_nul_character_gets_a_400(client):
    response = client.post(
        "/accounts/login/",
        data="phone=138%00&password=x",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400


def test_a_multipart_text_field_with_a_nul_character_gets_a_400(client):
    response = client.post("/accounts/login/", {"phone": "138\x00", "password": "x"})

    assert response.status_code == 400


def test_a_file_with_nul_bytes_in_a_multipart_body_passes_the_check(client):
    upload = SimpleUploadedFile("a.bin", b"\x00\x01binary", content_type="image/png")

    response = client.post("/accounts/login/", {"phone": "13800000000", "file": upload})

    assert response.status_code != 400
