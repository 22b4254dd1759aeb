"""Fixtures shared by every app's tests."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import sync_playwright

VIEWPORT_PHONE = {"width": 390, "height": 844}


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


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium package is not installed (.ci/run installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="zh-CN", viewport=VIEWPORT_PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
