"""System checks that refuse development secrets in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_production_secrets(app_configs, **kwargs):
    """Refuse the embedded development keys when DEBUG is off."""
    errors = []
    if settings.DEBUG:
        return errors
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            checks.Error(
                "SECRET_KEY is the development default.",
                hint="Set the SECRET_KEY environment variable.",
                id="jiazheng.E001",
            )
        )
    if settings.FIELD_ENCRYPTION_KEY == settings.DEV_FIELD_ENCRYPTION_KEY:
        errors.append(
            checks.Error(
                "FIELD_ENCRYPTION_KEY is the development default.",
                hint="Set FIELD_ENCRYPTION_KEY to 32 random bytes, base64-encoded.",
                id="jiazheng.E002",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        errors.append(
            checks.Warning(
                "The database is SQLite; production runs on PostgreSQL.",
                hint="Set DATABASE_URL=postgres://...",
                id="jiazheng.W001",
            )
        )
    return errors
