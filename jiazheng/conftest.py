"""Fixtures shared by every app's tests."""

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Keep SMS in memory and uploads in a temporary folder for every test."""
    settings.SMS_BACKEND = "locmem"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
