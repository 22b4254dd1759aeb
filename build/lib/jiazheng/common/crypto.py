"""Field encryption (AES-GCM) and keyed hashes for personal data.

Both keys derive from ``settings.FIELD_ENCRYPTION_KEY`` (base64, normally 32
bytes) through HKDF-SHA256 with distinct ``info`` labels, so the hash key
never equals the encryption key. A token is base64 of one version byte, the
96-bit random nonce and the ciphertext with its tag; the version byte lets a
later key rotation tell old tokens from new ones.
"""

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
_ENCRYPTION_INFO = b"jiazheng field encryption v1"
_HASH_INFO = b"jiazheng keyed hash v1"


class DecryptionError(ValueError):
    """The token is malformed, from another key, or was tampered with."""


def _secret():
    raw = settings.FIELD_ENCRYPTION_KEY
    if not raw:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        # A key that is not base64 still works, as raw bytes through HKDF.
        return raw.encode()


@lru_cache(maxsize=8)
def _derive(secret, info):
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info
    ).derive(secret)


def encryption_key():
    """Return the 32-byte AES key: the secret itself when it has that size."""
    secret = _secret()
    if len(secret) == KEY_BYTES:
        return secret
    return _derive(secret, _ENCRYPTION_INFO)


def _hash_key():
    return _derive(_secret(), _HASH_INFO)


def encrypt(plaintext):
    """Return a text token for ``plaintext`` (str); a fresh nonce every call."""
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(encryption_key()).encrypt(
        nonce, str(plaintext).encode("utf-8"), bytes([TOKEN_VERSION])
    )
    return base64.b64encode(bytes([TOKEN_VERSION]) + nonce + ciphertext).decode()


def decrypt(token):
    """Return the text inside ``token`` or raise ``DecryptionError``."""
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise DecryptionError("token is not base64") from exc
    if len(raw) < 1 + NONCE_BYTES + 16 or raw[0] != TOKEN_VERSION:
        raise DecryptionError("unknown token version or truncated token")
    nonce, ciphertext = raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES :]
    try:
        plaintext = AESGCM(encryption_key()).decrypt(nonce, ciphertext, raw[:1])
    except InvalidTag as exc:
        raise DecryptionError("token does not match the key") from exc
    return plaintext.decode("utf-8")


def keyed_hash(value):
    """Return the HMAC-SHA256 hex digest of ``value``, for equality lookups."""
    return hmac.new(_hash_key(), str(value).encode("utf-8"), hashlib.sha256).hexdigest()
