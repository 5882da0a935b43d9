"""Settings of Training Portal, read from the environment (see README, "Configuration").

SQLite is the embedded default for trying the app out; production runs on
PostgreSQL through DATABASE_URL with DEBUG=0.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from training_portal.env import env_bool, env_int, env_list, env_str, lockout_parameters, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production-3f9a7c1e5b"
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG=0.")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "training_portal.apps.ConsoleConfig",  # django.contrib.admin on our site class (two-factor login)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "csp",
    "training_portal.apps.LoginsConfig",  # django-axes
    "django_otp",
    "training_portal.apps.TwoFactorConfig",  # django-otp's TOTP devices
    "plans",
    "courses",
    "partners",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "training_portal.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "training_portal.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "training_portal.middleware.LockBusyMiddleware",
    "training_portal.middleware.IdleSessionMiddleware",
    "training_portal.twofactor.StaffTwoFactorMiddleware",
    # Last, so that it sees a locked-out login attempt's answer and replaces it with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "training_portal.urls"
WSGI_APPLICATION = "training_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["training_portal.templatetags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.site.places",
            ],
        },
    },
]

# How long a request waits for rows someone else holds before it gives up with "try again in a moment"
# (training_portal/locking.py); PostgreSQL only, 0 waits for ever.
LOCK_TIMEOUT = env_int("LOCK_TIMEOUT", 10)
if LOCK_TIMEOUT < 0:
    raise ImproperlyConfigured(f"LOCK_TIMEOUT={LOCK_TIMEOUT} is negative; give seconds, or 0 to wait for ever.")
DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL") or "sqlite:///db.sqlite3", BASE_DIR, lock_timeout=LOCK_TIMEOUT
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins are counted in the database (django-axes), so the limit holds across every worker and server.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "training_portal.backends.ModelBackendOneQuery",  # Django's ModelBackend, its permissions in one query
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# After LOGIN_FAILURE_LIMIT wrong passwords in a row, the login is locked out for LOGIN_COOLOFF_MINUTES, counted from
# the last failed attempt; a right password does not log in meanwhile. What is locked out is LOGIN_LOCKOUT_BY: a
# comma-separated list of "username", "ip_address" or both joined by "+" (the default: one user name from one address,
# so a stranger cannot lock a colleague out from elsewhere).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
for _name, _value in (("LOGIN_FAILURE_LIMIT", LOGIN_FAILURE_LIMIT), ("LOGIN_COOLOFF_MINUTES", LOGIN_COOLOFF_MINUTES)):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name}={_value} must be at least 1.")
AXES_LOCKOUT_PARAMETERS = lockout_parameters(env_list("LOGIN_LOCKOUT_BY", ["username+ip_address"]), "LOGIN_LOCKOUT_BY")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "training_portal.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "training_portal.logins.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request (default: a working day, 8 hours), and in any
# case SESSION_COOKIE_AGE seconds after the login (default: two weeks); training_portal/middleware.py.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600)
if SESSION_IDLE_TIMEOUT < 60 or SESSION_COOKIE_AGE < 60:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT and SESSION_COOKIE_AGE must be at least 60 seconds.")
# Two-factor login (training_portal/twofactor.py): staff with an authenticator app give its code after the password;
# with CONSOLE_REQUIRE_2FA (the default when DEBUG=0) every staff member must enrol one before any other page.
CONSOLE_REQUIRE_2FA = env_bool("CONSOLE_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER") or "Training Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A form refused by the CSRF check gets the site's page, in Vietnamese, with a way back (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "training_portal.views.csrf_failure"
LOGIN_URL = "login"
# After a login without a safe `next`, each user lands where they work (plans.site.landing, plans.access.Places).
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers as Vietnamese officials write them (10.635) and dates as dd/mm/yyyy,
# in both languages: see training_portal/formats/.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["training_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# manage.py backup writes its archives here unless told another folder (never under MEDIA_ROOT); pg_dump and
# pg_restore come from PG_BIN_DIR when set (the server's major version, e.g. /usr/lib/postgresql/15/bin), else PATH.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or BASE_DIR / "backups")
PG_BIN_DIR = env_str("PG_BIN_DIR") or ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "training-portal@localhost"

# Security: strict by default whenever DEBUG is off (`manage.py check --deploy` passes with no warning).
# Behind the TLS proxy, the client's address is the last one the proxy appended to X-Forwarded-For
# (training_portal/logins.py); otherwise it is the connection's address.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), in development as in production: the pages run only our own static
# scripts and styles (no inline <script>, on* attribute, style attribute or CDN), so an injected one does
# nothing. Django's admin needs no more than this. A page that must run an inline script takes the request's
# nonce ({{ request.csp_nonce }}); the HTML preview of an official document relaxes style-src for itself
# (partners/views.py). tests/browser/ fails on any violation the browser reports.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every PDF at INFO; keep only its warnings.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Excel uploads: the model that records each one (the engine in training_portal.importing imports no app), and limits.
IMPORT_RECORD_MODEL = "plans.ImportRecord"
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
# An .xlsx is a zip archive: what it holds once unpacked is bounded before openpyxl reads a byte of it (a zip bomb).
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ARCHIVE_ENTRIES = env_int("IMPORT_MAX_ARCHIVE_ENTRIES", 1_000)
# A focal point's list of nominees for one class, nominated row by row as at the portal.
PORTAL_UPLOAD_MAX_ROWS = env_int("PORTAL_UPLOAD_MAX_ROWS", 1_000)

# Delivery: a period (tiết) is 45 minutes; where only a course's days are known, a day is this many periods.
PERIODS_PER_DAY = env_int("PERIODS_PER_DAY", 8)
# The completion rule of a class: "completed" needs at least this share (%) of its sessions present, unless staff
# give a reason (recorded with the status change). An excused absence is not a presence.
COMPLETION_MIN_ATTENDANCE = env_int("COMPLETION_MIN_ATTENDANCE", 80)
# A result is a pass at this score (out of 10) when it has no grade: the usual scale gives "Không đạt" below 5.
RESULT_PASS_SCORE = env_int("RESULT_PASS_SCORE", 5)
# The largest evidence file (a scan, PDF or JPG) a focal point may attach to training done outside the plan.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
# Who is behind (courses/compliance.py): a leader or rank holder whose training deadline falls within this many days
# is listed as "near the deadline" (the dashboard's alert and the lists).
COMPLIANCE_SOON_DAYS = env_int("COMPLIANCE_SOON_DAYS", 60)

# Certificates the department issues itself: the public address printed under each one's QR code (its verification
# page), e.g. https://daotao.example.gov.vn. Default: the first host of ALLOWED_HOSTS (http in development).
_FIRST_HOST = ALLOWED_HOSTS[0].lstrip(".*") if ALLOWED_HOSTS else ""
PUBLIC_SITE_URL = (env_str("PUBLIC_SITE_URL") or "").rstrip("/") or (
    f"http://{_FIRST_HOST or '127.0.0.1'}:8000" if DEBUG else f"https://{_FIRST_HOST or 'localhost'}"
)
# How many certificate numbers one visitor (address) may look up on the public verification page in an hour.
CERTIFICATE_LOOKUPS_PER_HOUR = env_int("CERTIFICATE_LOOKUPS_PER_HOUR", 30)
