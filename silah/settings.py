"""Settings for Silah, read from environment variables.

Every variable is listed in docs/configuration.md. Development defaults are safe for a
laptop; with SILAH_ENV=production Silah refuses to start with a default secret key or
DEBUG on.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as e:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from e


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "silah-development-key-not-for-production"  # noqa: S105

SILAH_ENV = envstr("SILAH_ENV", "development")
if SILAH_ENV not in ("development", "production"):
    raise ImproperlyConfigured("SILAH_ENV must be 'development' or 'production'")
PRODUCTION = SILAH_ENV == "production"

DEBUG = envbool("SILAH_DEBUG", not PRODUCTION)
SECRET_KEY = envstr("SILAH_SECRET_KEY", DEVELOPMENT_SECRET_KEY)

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SILAH_SECRET_KEY must be set to a random value of at least 50 characters "
            "in production."
        )
    if DEBUG:
        raise ImproperlyConfigured("SILAH_DEBUG must be off in production.")

ALLOWED_HOSTS = envlist("SILAH_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("SILAH_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = envstr("SILAH_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "silah.core",
    "silah.audit",
    "silah.accounts",
    "silah.policy",
    "silah.registry",
    "silah.messaging",
    "silah.services",
    "silah.committees",
    "silah.applications",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "silah.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "silah.accounts.middleware.AccessMiddleware",
    "silah.accounts.middleware.IdleSessionMiddleware",
    "silah.accounts.middleware.RequireTwoFactorMiddleware",
    "silah.policy.middleware.RequireAcknowledgementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "silah.registry.middleware.MergedFileRedirectMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "silah.urls"
WSGI_APPLICATION = "silah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "silah" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "silah.core.context_processors.silah",
                "silah.policy.views_ack.reminder_banner",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
SQLITE_PATH = envstr("SILAH_SQLITE_PATH", str(BASE_DIR / "var" / "silah.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        # Production keeps each worker's connection (a new PostgreSQL connection per page
        # costs more than most of the page's queries); the development server starts a
        # thread per request, where a kept connection would only linger.
        conn_max_age=envint("SILAH_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The web server and the worker share one file: WAL lets readers go on while one
    # writer writes; IMMEDIATE takes the write lock at BEGIN so two writers queue on
    # the busy timeout instead of failing halfway through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file, not memory, so that a real worker process can share it.
    DATABASES["default"]["TEST"] = {
        "NAME": envstr(
            "SILAH_TEST_SQLITE_PATH",
            str(Path(tempfile.gettempdir()) / f"silah-test-{os.getpid()}.sqlite3"),
        )
    }
else:
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # checks lockouts, then usernames (a ModelBackend)
    "silah.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password guessing: lock a username+address pair after a few failures, for a short while,
# so a real user is never locked out for long.
AXES_FAILURE_LIMIT = envint("SILAH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("SILAH_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# "sara", "SARA" and "sara@example.org" are one person: one count of failures.
AXES_USERNAME_CALLABLE = "silah.accounts.lockout.lockout_username"
AXES_VERBOSE = False
AXES_ENABLED = envbool("SILAH_LOGIN_PROTECTION", True)

# Sessions on shared counter computers end after this many idle minutes (0: never).
SILAH_IDLE_TIMEOUT_MINUTES = envint("SILAH_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = envint("SILAH_SESSION_MAX_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Two-factor authentication: the roles that must use it (by role code).
SILAH_REQUIRE_2FA_FOR_ROLES = envlist("SILAH_REQUIRE_2FA_FOR_ROLES", "")
OTP_TOTP_ISSUER = envstr("SILAH_OTP_ISSUER", "Silah")

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("العربية")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "silah" / "locale"]
LANGUAGE_COOKIE_NAME = "silah_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = envstr("SILAH_TIME_ZONE", "Asia/Riyadh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("SILAH_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm at set-up (package-lock.json); only the files Silah
# uses are exposed, under a stable prefix each.
STATICFILES_DIRS = [
    BASE_DIR / "silah" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(envstr("SILAH_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Background work: the django-tasks API with its database backend.
TASKS = {
    "default": {
        "BACKEND": envstr("SILAH_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = envstr(
    "SILAH_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = envstr("SILAH_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = envstr("SILAH_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("SILAH_EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("SILAH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envstr("SILAH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("SILAH_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("SILAH_DEFAULT_FROM_EMAIL", "silah@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a TLS-terminating proxy in production.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("SILAH_BEHIND_PROXY", PRODUCTION) else None
)
SECURE_SSL_REDIRECT = envbool("SILAH_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = envint("SILAH_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = envbool("SILAH_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION and not envbool("SILAH_HSTS_PRELOAD", False):
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # preload is the operator's choice

# Logs never carry personal data: records are named by id, never by name or number.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("SILAH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The working calendar (SAUDI.md).
SILAH_DEFAULT_WEEKEND = [4, 5]  # Friday, Saturday (Monday is 0)
SILAH_AT_RISK_SHARE = 0.2  # a clock is at risk in the last 20% of its length

# Beneficiaries' documents (docs/documents-consent.md): a private folder outside the web root,
# the kinds of content accepted (sniffed, never trusted from the name) and the size limit.
SILAH_PRIVATE_MEDIA_ROOT = Path(
    envstr("SILAH_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
)
SILAH_DOCUMENT_KINDS = envlist("SILAH_DOCUMENT_KINDS", "pdf,jpeg,png,heic")
SILAH_DOCUMENT_MAX_MB = envint("SILAH_DOCUMENT_MAX_MB", 10)
# Imports of beneficiaries from Excel/CSV (docs/import.md): the largest sheet accepted.
SILAH_IMPORT_MAX_MB = envint("SILAH_IMPORT_MAX_MB", 40)
SILAH_IMPORT_MAX_ROWS = envint("SILAH_IMPORT_MAX_ROWS", 200_000)
# Personal data protection (PDPL; docs/privacy.md explains each default).
SILAH_PRIVACY_ANSWER_DAYS = envint("SILAH_PRIVACY_ANSWER_DAYS", 30)
SILAH_BREACH_NOTICE_HOURS = envint("SILAH_BREACH_NOTICE_HOURS", 72)
SILAH_RETENTION_ARCHIVED_FILE_DAYS = envint("SILAH_RETENTION_ARCHIVED_FILE_DAYS", 5 * 365)
SILAH_RETENTION_READ_LOG_DAYS = envint("SILAH_RETENTION_READ_LOG_DAYS", 3 * 365)
SILAH_RETENTION_NOTICE_DAYS = envint("SILAH_RETENTION_NOTICE_DAYS", 30)
# Messaging (docs/messaging.md): which gateway sends each channel, and the outbox's rules.
SILAH_MESSAGES_FILE = envstr("SILAH_MESSAGES_FILE", str(BASE_DIR / "var" / "messages.log"))
SILAH_SMS_GATEWAY = envstr("SILAH_SMS_GATEWAY", "console")
SILAH_SMS_BASE_URL = envstr("SILAH_SMS_BASE_URL", "")
SILAH_SMS_SENDER = envstr("SILAH_SMS_SENDER", "Silah")
SILAH_SMS_APP_SID = envstr("SILAH_SMS_APP_SID", "")
SILAH_SMS_TOKEN = envstr("SILAH_SMS_TOKEN", "")
SILAH_SMS_USER = envstr("SILAH_SMS_USER", "")
SILAH_SMS_API_KEY = envstr("SILAH_SMS_API_KEY", "")
SILAH_WHATSAPP_GATEWAY = envstr("SILAH_WHATSAPP_GATEWAY", "console")
SILAH_WHATSAPP_BASE_URL = envstr("SILAH_WHATSAPP_BASE_URL", "https://graph.facebook.com")
SILAH_WHATSAPP_PHONE_NUMBER_ID = envstr("SILAH_WHATSAPP_PHONE_NUMBER_ID", "")
SILAH_WHATSAPP_TOKEN = envstr("SILAH_WHATSAPP_TOKEN", "")
SILAH_WHATSAPP_APP_SECRET = envstr("SILAH_WHATSAPP_APP_SECRET", "")
SILAH_WHATSAPP_VERIFY_TOKEN = envstr("SILAH_WHATSAPP_VERIFY_TOKEN", "")
SILAH_SMS_WEBHOOK_SECRET = envstr("SILAH_SMS_WEBHOOK_SECRET", "")
SILAH_MESSAGE_EMAIL_GATEWAY = envstr("SILAH_MESSAGE_EMAIL_GATEWAY", "console")
SILAH_GATEWAY_TIMEOUT = float(envint("SILAH_GATEWAY_TIMEOUT_SECONDS", 10))
SILAH_MESSAGE_WINDOW_START = envstr("SILAH_MESSAGE_WINDOW_START", "09:00")
SILAH_MESSAGE_WINDOW_END = envstr("SILAH_MESSAGE_WINDOW_END", "21:00")
SILAH_OUTBOX_MAX_ATTEMPTS = envint("SILAH_OUTBOX_MAX_ATTEMPTS", 8)
SILAH_OUTBOX_BACKOFF_SECONDS = envint("SILAH_OUTBOX_BACKOFF_SECONDS", 60)
SILAH_OUTBOX_BACKOFF_MAX_SECONDS = envint("SILAH_OUTBOX_BACKOFF_MAX_SECONDS", 3600)
SILAH_OUTBOX_CLAIM_SECONDS = envint("SILAH_OUTBOX_CLAIM_SECONDS", 300)
SILAH_OUTBOX_BATCH = envint("SILAH_OUTBOX_BATCH", 50)
