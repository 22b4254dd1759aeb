import pytest

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
