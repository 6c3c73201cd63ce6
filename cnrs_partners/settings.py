"""Settings of cnrs_partners, read from the environment.

Every variable is documented in `.env.example`. With nothing set, the application runs in debug mode on a
SQLite file beside `manage.py`. A value that cannot be parsed stops start-up with ImproperlyConfigured
instead of being silently replaced by a default.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = os.environ.get(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(choices)}.")
    return value


_RATE_PERIODS = {"second", "minute", "hour", "day"}


def env_rate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: a whole number, a slash and a period (1000/hour)."""
    raw = os.environ.get(name, default).strip()
    count, _, period = raw.partition("/")
    if not (count.isdigit() and int(count) > 0 and period in _RATE_PERIODS):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: a whole number, a slash and one of second, minute, hour, day."
        )
    return raw


def env_database(name: str, default: str) -> dj_database_url.DBConfig:
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60)
    except Exception as exc:  # dj_database_url raises several unrelated types
        raise ImproperlyConfigured(f"{name}={raw!r} is not a valid database URL: {exc}") from exc
    if config.get("ENGINE") not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(f"{name}={raw!r}: only sqlite:// and postgres:// databases are supported.")
    return config


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}


def env_email(name: str, default: str) -> dict:
    """E-mail settings from one URL: console:// (printed), smtp://, smtp+tls:// (STARTTLS) or smtp+ssl://,
    as scheme://user:password@host:port (user and password percent-encoded)."""
    raw = os.environ.get(name) or default
    parts = urlsplit(raw)
    if parts.scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: use one of {', '.join(s + '://' for s in EMAIL_BACKENDS)}."
        )
    config: dict = {"EMAIL_BACKEND": EMAIL_BACKENDS[parts.scheme]}
    if parts.scheme == "console":
        return config
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: the port is not a number.") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name}={raw!r}: the SMTP host is missing.")
    tls, ssl = parts.scheme == "smtp+tls", parts.scheme == "smtp+ssl"
    return {
        **config,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# HTTPS: on by default in production (DJANGO_DEBUG off), so that `check --deploy` is clean; each part can
# be turned off for a deployment that terminates TLS differently.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31_536_000)
if env_bool("DJANGO_BEHIND_PROXY", False):
    # gunicorn behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): every script and style comes from our own static files, never
# inline (templates/admin/import_export/export.html replaces the one third-party template that had some).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's form controls draw their arrows as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

INSTALLED_APPS = [
    # Before the admin (its documentation asks so): translated model fields, registered in each app's
    # translation.py.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "bootstrap",
    "django_countries",
    "rest_framework",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "cnrs_partners",
    "regions",
    "labs",
    "agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the read-only API only (CORS_URLS_REGEX), before anything that may answer a request.
    "corsheaders.middleware.CorsMiddleware",
    # Compresses the finished response, for visitors who are not logged in only (BREACH: see the class).
    "cnrs_partners.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a value: hostile input (NUL bytes, invalid UTF-8, absurd lengths and numbers)
    # gets a 400 in the page's language (cnrs_partners.input_guard).
    "cnrs_partners.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Anonymous visitors' public pages from the shared cache (PUBLIC_PAGE_CACHE_SECONDS below).
    "cnrs_partners.page_cache.PublicPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cnrs_partners.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a login refused for too many failures into the lockout page (see "Logins" below).
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception sees a view's database error first: a 503 page, not a 500.
    "cnrs_partners.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cnrs_partners.urls"
WSGI_APPLICATION = "cnrs_partners.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cnrs_partners",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long anonymous visitors' public pages stay in the cache (cnrs_partners.page_cache); every write that
# changes what they show makes them stale at once, on every server (regions.freshness). 0 turns it off, the
# default without Redis: one process's memory would keep pages another process's writes made stale.
PUBLIC_PAGE_CACHE_SECONDS = env_int("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0, minimum=0)
# Downloads (public, review and back-office exports) per client address (regions.export_throttle): at most
# this many at once, and this many started per minute; over either, a 429 page. 0 turns a limit off.
EXPORT_CONCURRENT_PER_ADDRESS = env_int("DJANGO_EXPORT_CONCURRENT_PER_ADDRESS", 2, minimum=0)
EXPORTS_PER_MINUTE_PER_ADDRESS = env_int("DJANGO_EXPORTS_PER_MINUTE_PER_ADDRESS", 20, minimum=0)
# "Report an error" forms accepted per client address and hour (cnrs_partners.error_reports.throttle); over
# it, the form answers 429. 0 turns the limit off.
ERROR_REPORTS_PER_HOUR_PER_ADDRESS = env_int("DJANGO_ERROR_REPORTS_PER_HOUR_PER_ADDRESS", 5, minimum=0)

# Back-office imports (regions.jobs): the preview and the write of an uploaded file run as a job of the RQ
# queue "imports" on Redis when REDIS_URL is set (`manage.py import_worker` runs them), in the request
# otherwise. Files larger than the limits are refused by the upload forms; a user keeps at most
# IMPORT_PENDING_PER_USER uploads waiting, of IMPORT_PENDING_MB_PER_USER MB in all; `cleanup_imports`
# removes uploads and jobs older than IMPORT_KEEP_HOURS.
IMPORT_QUEUE = "imports"
IMPORT_JOB_TIMEOUT_SECONDS = env_int("DJANGO_IMPORT_JOB_TIMEOUT_SECONDS", 3600, minimum=60)
RNSR_IMPORT_MAX_BYTES = env_int("DJANGO_RNSR_IMPORT_MAX_MB", 50, minimum=1) * 1024 * 1024
SPREADSHEET_IMPORT_MAX_BYTES = env_int("DJANGO_SPREADSHEET_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
IMPORT_PENDING_PER_USER = env_int("DJANGO_IMPORT_PENDING_PER_USER", 5, minimum=1)
IMPORT_PENDING_MB_PER_USER = env_int("DJANGO_IMPORT_PENDING_MB_PER_USER", 150, minimum=1)
IMPORT_KEEP_HOURS = env_int("DJANGO_IMPORT_KEEP_HOURS", 24, minimum=1)
# Uploads above this size are streamed to a temporary file rather than kept in memory (Django's default);
# past the largest size a form accepts, no more is kept at all (cnrs_partners/uploads.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "cnrs_partners.uploads.OversizedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The read-only public API (/api/v1/, cnrs_partners/api/): JSON or CSV (`?format=`), cursor pagination,
# anonymous clients throttled to API_ANONYMOUS_RATE per address (DRF's throttles in the default cache, the
# address read as the logins' is: TRUSTED_PROXY_COUNT), its OpenAPI schema with Swagger UI and Redoc served
# from our own static files (drf-spectacular-sidecar), never from a CDN.
API_ANONYMOUS_RATE = env_rate("DJANGO_API_ANONYMOUS_RATE", "1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "cnrs_partners.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["cnrs_partners.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cnrs_partners.api.pagination.CodeCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": "format",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cnrs_partners API",
    "DESCRIPTION": _(
        "The public directory of the CNRS's partnerships, read-only: labs, partners, university sites, "
        "public site agreements, PIA projects, regional offices and institutes. What the public pages hide is "
        "not here either. Descriptions in French by default, in English with ?lang=en."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LabStatusEnum": "labs.models.LabStatus",
        "PartnerKindEnum": "labs.models.PartnerKind",
        "SupervisionKindEnum": "labs.models.SupervisionKind",
        "SuccessionKindEnum": "labs.models.SuccessionKind",
        "ServiceKindEnum": "regions.models.ServiceKind",
        "IndustrialKindEnum": "agreements.models.IndustrialKind",
        "IndustrialStatusEnum": "agreements.models.IndustrialStatus",
    },
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link"]

# Logins. Every password set (admin forms, add_staff, changepassword) passes these validators; the last
# one makes a generated one-time password single-use (cnrs_partners.validators).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cnrs_partners.validators.OneTimePasswordValidator"},
]
# A one-time password printed by add_staff works this many days, and only until the account sets its own.
ONE_TIME_PASSWORD_DAYS = env_int("DJANGO_ONE_TIME_PASSWORD_DAYS", 7, minimum=1)
# The first backend refuses a locked-out login before any password is checked (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes, database handler: the same on SQLite and PostgreSQL). A username is locked
# from one address after AXES_FAILURE_LIMIT failures there; an address is locked for every username after
# LOGIN_FAILURE_LIMIT_PER_ADDRESS failures, whatever the usernames (password spraying). Never by username
# alone: a stranger could then lock a colleague out from everywhere. A lock lifts AXES_COOLOFF_TIME after
# the last failure; national administrators lift it sooner (admin list, `axes_reset_username`).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("DJANGO_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_HANDLER = "cnrs_partners.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "cnrs_partners.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cnrs_partners.login_throttle.client_ip_address"
AXES_VERBOSE = False  # no banner on every command; failures and lockouts are still logged
# Reverse proxies in front of the application whose X-Forwarded-For is trusted (0: the connecting
# address is the client's; a client could otherwise pick the address its failures are counted against).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0, minimum=0)
# Back-office sessions end after this long without a request (each request saves the session again).
SESSION_COOKIE_AGE = 60 * env_int("DJANGO_SESSION_IDLE_MINUTES", 8 * 60, minimum=1)
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Translated model fields (django-modeltranslation, each app's translation.py): `name_fr`, `name_en`…
# beside the original column; a missing English text falls back to the French one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LOCALE_PATHS = [BASE_DIR / "cnrs_partners" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
AGREEMENT_DOCUMENT_MAX_BYTES = env_int("DJANGO_AGREEMENT_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Signed agreements: never under MEDIA_ROOT, never served by URL; read through the document view only.
    "agreement_documents": {"BACKEND": "regions.storage.PrivateStorage"},
    # Uploaded import files between preview and confirmation (several servers: a storage they share).
    "imports": {"BACKEND": "regions.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

LOGIN_URL = "admin:login"

# E-mail (the agreements_due digests): printed on the console unless DJANGO_EMAIL_URL names an SMTP server.
_email = env_email("DJANGO_EMAIL_URL", "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "cnrs-partners@localhost")
if "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(f"DJANGO_DEFAULT_FROM_EMAIL={DEFAULT_FROM_EMAIL!r} is not an e-mail address.")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django 6 will assume https:// for URLs typed without a scheme; opt in now (transitional setting).
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_REVERT_DISABLED = False

# The CNRS's own identifiers: how the application recognises the CNRS among partners (reference data).
CNRS_UAI = "0753639Y"
CNRS_SIRET = "18008901303720"

LOG_LEVEL = env_choice("DJANGO_LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Replaces Django's default "django" logger (its own console handler would print every line twice).
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}
