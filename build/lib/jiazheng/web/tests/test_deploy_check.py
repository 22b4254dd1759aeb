"""`manage.py check --deploy` with production variables set."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check_deploy(**overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "FIELD_ENCRYPTION_KEY",
            "DEBUG",
            # Set for browser tests only; production must not have it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS="jiazheng.example.cn",
        DATABASE_URL="postgres://jiazheng@127.0.0.1:5432/jiazheng",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _check_deploy()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_secret_key():
    result = _check_deploy(
        SECRET_KEY="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
    )

    assert result.returncode != 0
    assert "jiazheng.E001" in result.stdout + result.stderr
