"""Fixtures shared by every app's tests."""

import importlib
import os
import shutil
import threading
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import sync_playwright

from jiazheng.catalog.models import Category
from jiazheng.common.tests.regions import ensure_regions_loaded
from jiazheng.notifications.backends import locmem

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


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in Chinese; a request in English leaves its thread so."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


@pytest.fixture
def reference_data(transactional_db):
    """Reload what data migrations loaded, for transactional and live tests.

    A transactional test empties every table when it ends, so the regions and
    the category tree that migrations put in the test database are gone for
    the transactional tests after it.
    """
    ensure_regions_loaded()
    if not Category.objects.exists():
        _catalog_migration.load_tree(apps, None)


_catalog_migration = importlib.import_module(
    "jiazheng.catalog.migrations.0002_load_category_tree"
)


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
    # Playwright's sync API runs an event loop in this thread; Django would
    # then refuse the test's own database calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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


class AsgiLiveServer:
    """The ASGI application (HTTP and WebSockets) served by uvicorn in a thread.

    pytest-django's ``live_server`` speaks WSGI only; the dispatch screen's
    live updates need the WebSocket route of ``jiazheng.asgi`` as well.
    """

    def __init__(self):
        import socket

        import uvicorn
        from channels.routing import ProtocolTypeRouter
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.core.asgi import get_asgi_application

        from jiazheng.asgi import application

        app = ProtocolTypeRouter(
            {
                "http": ASGIStaticFilesHandler(get_asgi_application()),
                "websocket": application.application_mapping["websocket"],
            }
        )
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(
            app, lifespan="off", log_level="warning", ws="websockets-sansio"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self):
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.05)

    def stop(self):
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


@pytest.fixture
def asgi_live_server(transactional_db, settings):
    """Serve the whole ASGI application on a free local port for one test."""
    from django.db import connections

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    # Each request runs in its own thread: let each close its connection.
    database = connections.settings["default"]
    max_age = database.get("CONN_MAX_AGE", 0)
    database["CONN_MAX_AGE"] = 0
    server = AsgiLiveServer()
    server.start()
    yield server
    server.stop()
    database["CONN_MAX_AGE"] = max_age
