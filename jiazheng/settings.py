"""Settings, read once from the environment (see docs/deployment.md).

Without any variable set, the project runs in its embedded mode: SQLite under
var/, local-memory cache, Celery tasks run inline, the in-process channel
layer, files under var/ and SMS printed to the console.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("JIAZHENG_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# Development-only defaults; check --deploy and the jiazheng.E001 check refuse
# them when DEBUG is off.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMDA="

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY", default=DEV_FIELD_ENCRYPTION_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Behind a reverse proxy that sets X-Forwarded-For, the system log records the
# client's address from it; never trust the header otherwise.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_htmx",
    "channels",
    "jiazheng.common",
    "jiazheng.notifications",
    "jiazheng.audit",
    "jiazheng.accounts",
    "jiazheng.customers",
    "jiazheng.catalog",
    "jiazheng.hr",
    "jiazheng.providers",
    "jiazheng.workers",
    "jiazheng.cards",
    "jiazheng.bookings",
    "jiazheng.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jiazheng.common.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jiazheng.audit.middleware.SystemLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiazheng.urls"
WSGI_APPLICATION = "jiazheng.wsgi.application"
ASGI_APPLICATION = "jiazheng.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jiazheng.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jiazheng.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "retry-due-sms": {
        "task": "jiazheng.notifications.tasks.retry_due_sms",
        "schedule": 60.0,
    },
    "bookings-auto-confirm": {
        "task": "jiazheng.bookings.tasks.auto_confirm_orders",
        "schedule": 900.0,
    },
    "bookings-recurring-orders": {
        "task": "jiazheng.bookings.tasks.book_recurring_orders",
        "schedule": crontab(hour=1, minute=30),
    },
    "cards-expire": {
        "task": "jiazheng.cards.tasks.expire_cards",
        "schedule": crontab(hour=0, minute=20),
    },
    "common-idempotency-cleanup": {
        "task": "jiazheng.common.tasks.delete_old_idempotency_records",
        "schedule": crontab(hour=3, minute=10),
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "jiazheng.accounts.backends.SmsCodeBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "jiazheng" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _public = {"BACKEND": "storages.backends.s3.S3Storage"}
    _private = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "querystring_auth": True},
    }
else:
    _public = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _public,
    "private": _private,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "jiazheng.common.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"sms_code": "10/hour", "public_write": "30/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jiazheng API",
    "DESCRIPTION": "家政服务平台 REST API (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FranchiseApplicationStatusEnum": (
            "jiazheng.providers.models.FranchiseApplication.Status"
        ),
        "JobPostingStatusEnum": "jiazheng.providers.models.JobPosting.Status",
        "CustomerKindEnum": "jiazheng.customers.models.Customer.Kind",
        "CustomerSourceEnum": "jiazheng.customers.models.Customer.Source",
        "EmployeeStatusEnum": "jiazheng.hr.models.Employee.Status",
        "EmployeeGenderEnum": "jiazheng.hr.models.Employee.Gender",
        "CertificateKindEnum": "jiazheng.workers.models.Certificate.Kind",
        "LeaveKindEnum": "jiazheng.workers.models.Leave.Kind",
        "OrganizationKindEnum": "jiazheng.accounts.models.Organization.Kind",
        "CardKindEnum": "jiazheng.cards.models.Card.Kind",
        "CardStatusEnum": "jiazheng.cards.models.Card.Status",
        "CardApprovalStatusEnum": "jiazheng.cards.models.CardApproval.Status",
        "ApplicationDocumentKindEnum": (
            "jiazheng.providers.models.ApplicationDocument.Kind"
        ),
        "WorkerServiceModeEnum": "jiazheng.workers.models.ServiceMode",
        "BookingServiceModeEnum": "jiazheng.bookings.models.orders.ServiceMode",
        "OrderStatusEnum": "jiazheng.bookings.models.orders.Order.Status",
        "WorkOrderStatusEnum": "jiazheng.bookings.models.work.WorkOrder.Status",
        "IdentityVerificationStatusEnum": (
            "jiazheng.accounts.models.IdentityVerification.Status"
        ),
    },
}

# SMS: "console" prints, "locmem" keeps messages in memory (tests), "aliyun"
# sends through Alibaba Cloud SMS.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="家政服务中心")
SMS_ALIYUN_ACCESS_KEY_ID = env.str("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env.str("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_ENDPOINT = env.str(
    "SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"
)
# Provider template codes, as JSON: {"verification_code": "SMS_123", ...}
SMS_ALIYUN_TEMPLATES = env.json("SMS_ALIYUN_TEMPLATES", default={})
SMS_CODE_DAILY_LIMIT_PER_PHONE = env.int("SMS_CODE_DAILY_LIMIT_PER_PHONE", default=10)
SMS_CODE_DAILY_LIMIT_PER_IP = env.int("SMS_CODE_DAILY_LIMIT_PER_IP", default=30)

# The system log sits below accounts; this names the function that tells it
# which organisation a user acts for.
AUDIT_ORGANIZATION_RESOLVER = "jiazheng.accounts.tenancy.primary_organization_id"

# Functions called with user=... inside the sign-up of a family or enterprise
# member; higher apps keep their own record per member (accounts can't import
# them).
ACCOUNTS_SIGNUP_HOOKS = ["jiazheng.customers.services.attach_user"]

# Shared secret of the SMS gateway's uplink (inbound SMS) webhook; empty
# refuses every inbound message.
SMS_INBOUND_SECRET = env.str("SMS_INBOUND_SECRET", default="")

IDENTITY_BACKEND = env.str("IDENTITY_BACKEND", default="local")
IDENTITY_API_URL = env.str("IDENTITY_API_URL", default="")
IDENTITY_API_KEY = env.str("IDENTITY_API_KEY", default="")
IDENTITY_API_TIMEOUT = env.int("IDENTITY_API_TIMEOUT", default=10)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
