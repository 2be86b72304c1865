"""Vertrouwd settings: one module, driven by environment variables, secure by default.

Production (DEBUG off, the default) refuses to start without SECRET_KEY and VERTROUWD_ENCRYPTION_KEYS.
Every variable also accepts NAME_FILE pointing at a file that holds the value.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit as _urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str
from config.logging import configure as configure_logging

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VERTROUWD_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Demo mode seeds known logins and shows how to pass 2FA. It only exists next to DEBUG, never in production.
DEMO_MODE = env_bool("DEMO_MODE", False)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE=true is only allowed together with DEBUG=true.")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required when DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-" + "x" * 40  # noqa: S105 - only ever used with DEBUG on

# Fernet keys, newest first: the first encrypts, all decrypt (see accounts/encryption.py).
ENCRYPTION_KEYS = env_list("VERTROUWD_ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "VERTROUWD_ENCRYPTION_KEYS (or VERTROUWD_ENCRYPTION_KEYS_FILE) is required when DEBUG is off. "
            "Generate one with: python manage.py genereer_sleutel"
        )
    ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The Django admin with the platform operator's site: accounts and organisations only, every write audited.
    "accounts.platformbeheer.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    "django_structlog",
    "accounts",
    "taxonomie",
    "meldingen",
    "vertrouwenspersonen",
    "reports",
    "uitwisseling",
    "bewaren",
    "benchmarking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.TaalMiddleware",
    "config.errors.DemoFoutpaginaMiddleware",  # the product's own 404 in demo mode (which runs with DEBUG on)  # Dutch unless chosen: the browser's language is not a choice
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Binds request id and user id for every log line of the request (after the user is known).
    "accounts.middleware.RequestLogMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "accounts.middleware.ActiveOrganisationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vertrouwd.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        # A kept connection is checked before a request reuses it: after a PostgreSQL restart or failover every
        # web worker would otherwise answer its next request with a 500 (tests/integration/test_database_failover.py).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# One-time invitation links (set password + enrol 2FA) stay valid this long.
PASSWORD_RESET_TIMEOUT = env_int("VERTROUWD_INVITATION_DAYS", 3, minimum=1, maximum=14) * 24 * 3600

# Sessions: idle timeout by renewing the expiry on every request.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Lockout (django-axes): per account, so an attacker cannot spread guesses over addresses.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form field that holds the e-mail address
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# Not per IP address: a municipality's staff share one NAT address, so an IP lock would lock everyone out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# django-otp: wrong codes slow the next try down exponentially.
OTP_TOTP_ISSUER = "Vertrouwd"
OTP_TOTP_THROTTLE_FACTOR = 1

GUARDIAN_ANONYMOUS_USER_NAME = None  # no anonymous user object: nobody anonymous ever holds a grant
GUARDIAN_RAISE_403 = False

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the web processes over plain HTTP on the internal network (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Internationalisation: Dutch is the source language of every string; English is a translation (locale/en).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files are encrypted by the app before they are stored, on a filesystem (the default;
# a shared mount for several web servers) or in S3-compatible object storage (docs/operations.md, "Scale-out").
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    DEFAULT_STORAGE = {"BACKEND": "accounts.encryption.EncryptedFileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and usually S3_ENDPOINT_URL and credentials).")
    DEFAULT_STORAGE = {
        "BACKEND": "accounts.storage_s3.EncryptedS3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            # Never overwrite: two attachments with the same name must both survive.
            "file_overwrite": False,
            "default_acl": None,  # the bucket's own (private) policy; no public objects
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded and generated files: always encrypted on disk, never served directly by the web server.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/bestanden/"
# Uploads stay in memory (never a plaintext temporary file); see accounts/uploads.py.
FILE_UPLOAD_HANDLERS = ["accounts.uploads.InMemoryUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: without a broker every task runs eagerly in-process (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # Retention (bewaren/tasks.py): the 30-day notice (a count and a link) and destruction of what is due.
    "bewaren-dagelijks": {
        "task": "bewaren.dagelijks",
        "schedule": crontab(hour=2, minute=30),
    },
    # Daily deadline reminder for coordinators: a count and a link, never case content (meldingen/tasks.py).
    "meldingen-termijnherinneringen": {
        "task": "meldingen.termijnherinneringen",
        "schedule": crontab(hour=7, minute=0),
    },
    # The importer's checked-but-unconfirmed uploads expire after 24 hours (uitwisseling/tasks.py).
    "uitwisseling-uploads-opruimen": {
        "task": "uitwisseling.uploads_opruimen",
        "schedule": crontab(minute=10),
    },
    # Expired shares of VP-dossiers already stop working by date; this only removes the rows.
    "vp-deelrechten-opruimen": {
        "task": "vertrouwenspersonen.verlopen_deelrechten_opruimen",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Jaarverslag runs (reports/tasks.py, reports/services.py; docs/operations.md, "Jaarverslag runs").
# Starting a run publishes its task while the user waits for the page: with the broker down that fails within
# a few seconds (a timeout per try, this many retries) instead of after Celery's defaults, which for an
# unreachable host include the operating system's connect timeout of minutes.
JAARVERSLAG_PUBLISH_TIMEOUT_SECONDS = env_int("JAARVERSLAG_PUBLISH_TIMEOUT_SECONDS", 3, minimum=1, maximum=60)
JAARVERSLAG_PUBLISH_RETRIES = env_int("JAARVERSLAG_PUBLISH_RETRIES", 1, minimum=0, maximum=10)
# A busy run beats this often, also during a long render; a busy run without a beat for the second value lost
# its worker (killed, restarted, out of memory) and is marked failed. A queued run has no worker yet and may wait
# behind other organisations' runs at year end: it is given the queue timeout.
JAARVERSLAG_HEARTBEAT_SECONDS = env_int("JAARVERSLAG_HEARTBEAT_SECONDS", 15, minimum=1, maximum=600)
JAARVERSLAG_STALLED_AFTER_SECONDS = env_int("JAARVERSLAG_STALLED_AFTER_SECONDS", 120, minimum=3, maximum=3600)
JAARVERSLAG_QUEUE_TIMEOUT_MINUTES = env_int("JAARVERSLAG_QUEUE_TIMEOUT_MINUTES", 30, minimum=1, maximum=24 * 60)
if JAARVERSLAG_STALLED_AFTER_SECONDS < 3 * JAARVERSLAG_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("JAARVERSLAG_STALLED_AFTER_SECONDS must be at least three heartbeats "
                               "(3 × JAARVERSLAG_HEARTBEAT_SECONDS): one late beat must not fail a run.")

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vertrouwd@localhost")
# Where the accessibility statement (/toegankelijkheid/) sends feedback: an e-mail address or a web address.
TOEGANKELIJKHEID_CONTACT = env_str("TOEGANKELIJKHEID_CONTACT")
# Absolute base for links in e-mails and printed invitation links.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Passkeys (WebAuthn, accounts/passkeys.py) as a second factor only: never instead of the password. The RP id is
# the host name the passkeys are bound to (changing it voids every passkey); the origins are where the pages are
# served. Both default to SITE_URL's. Browsers allow WebAuthn only in a secure context (https, or localhost) and
# never with an IP address as RP id, so a plain-http SITE_URL (development) means http://localhost:<its port>.
_site = _urlsplit(SITE_URL)
if _site.scheme == "https":
    _rp_id, _origin = _site.hostname, f"https://{_site.netloc}"
else:
    _rp_id, _origin = "localhost", f"http://localhost:{_site.port or 80}"
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", _rp_id)
OTP_WEBAUTHN_RP_NAME = "Vertrouwd"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ORIGINS", [_origin])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Single sign-on (accounts/sso/): identity providers must be reached over https, except in development and tests.
SSO_ALLOW_HTTP = env_bool("SSO_ALLOW_HTTP", DEBUG)

# Logs never carry case content, names, e-mail or IP addresses: JSON lines by default, plain text for development
# (config/logging.py). django-structlog adds request id, user id and event to every line inside a request.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = configure_logging(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# Celery logs through the same handlers (JSON in production) instead of replacing the root logger with its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
