import base64
import hashlib
import hmac

import pytest

from jiazheng.common.crypto import (
    DecryptionError,
    decrypt,
    encrypt,
    encryption_key,
    keyed_hash,
)


def test_encrypted_text_comes_back_unchanged():
    assert decrypt(encrypt("11010519491231002X")) == "11010519491231002X"


def test_the_same_text_encrypts_differently_each_time():
    assert encrypt("张三") != encrypt("张三")


def test_token_does_not_contain_the_clear_text():
    token = encrypt("110105194912310021")
    assert "110105194912310021" not in token
    assert b"110105194912310021" not in base64.b64decode(token)


def test_tampered_token_is_refused():
    raw = bytearray(base64.b64decode(encrypt("secret")))
    raw[-1] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt(base64.b64encode(bytes(raw)).decode())


@pytest.mark.parametrize(
    "token", ["not base64!", "", base64.b64encode(b"\x02abc").decode()]
)
def test_malformed_token_is_refused(token):
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_token_from_another_key_is_refused(settings):
    token = encrypt("secret")
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(b"x" * 32).decode()
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_keyed_hash_is_stable_and_depends_on_the_key(settings):
    first = keyed_hash("110105194912310021")
    assert first == keyed_hash("110105194912310021")
    assert first != keyed_hash("110105194912310022")
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(b"y" * 32).decode()
    assert keyed_hash("110105194912310021") != first


def test_keyed_hash_key_differs_from_the_encryption_key():
    # A plain SHA-256 HMAC keyed with the AES key must not match.
    plain = hmac.new(encryption_key(), b"abc", hashlib.sha256).hexdigest()
    assert keyed_hash("abc") != plain


def test_short_secret_is_stretched_to_an_aes_256_key(settings):
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(b"short").decode()
    assert len(encryption_key()) == 32
    assert decrypt(encrypt("ok")) == "ok"
