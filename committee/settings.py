"""Settings for 居委会前台, read from the environment.

Every knob that differs between a laptop demo and production is an environment variable
read through the small helpers below; a bad value fails loudly at start-up. Unset, the
defaults give a working demo: SQLite in var/, Celery on a filesystem transport, mail to
the console.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-demo-key-only-for-DEBUG"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address of the site, printed in the notice board's QR code (e.g. https://jwh.example.gov.cn).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "committee",
    "register",
    "staffing",
    "casework",
    "reception",
    "patrols",
    "carework",
    "office",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "committee.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "committee.middleware.CurrentWorkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "committee.middleware.IdleTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "committee.urls"
WSGI_APPLICATION = "committee.wsgi.application"

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
                "office.context_processors.office",
            ],
        },
    },
]

# Unset DATABASE_URL: a SQLite file in the git-ignored var/ folder, so a checkout just runs.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# How PostgreSQL plans our queries, set per connection (DB_OPTIONS replaces it whole). They are
# short aggregates over an index range on a database that fits in memory or on SSD: JIT
# compiling cost more than it saved (20 ms of a 58 ms dashboard query at street scale), and
# the default random_page_cost (4, for spinning disks) made the planner scan a million visit
# items rather than look up 18,000 by index.
DB_OPTIONS = env_str("DB_OPTIONS", "-c jit=off -c random_page_cost=1.1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes (`include=`) are PostgreSQL's; SQLite builds them without the extra
    # columns, which is all the demo needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = DB_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG  # serve static/ straight from the source folders in the demo
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "juweihui@localhost")

# Resident ID numbers are encrypted with this key (Fernet, urlsafe base64 of 32 bytes) and
# looked up by an HMAC under it. In DEBUG a key is derived from SECRET_KEY so the demo runs.
ID_NUMBER_KEY = env_str("ID_NUMBER_KEY")
if not ID_NUMBER_KEY and not DEBUG:
    raise ImproperlyConfigured("ID_NUMBER_KEY must be set when DEBUG is off")

# A landline typed without its area code (6555 1234) is taken to be in this area
# (utilities/phones.py): Shanghai's 21 by default, 10 for Beijing, 571 for Hangzhou.
PHONE_DEFAULT_AREA_CODE = env_str("PHONE_DEFAULT_AREA_CODE", "21").strip().removeprefix("0")
if not (
    PHONE_DEFAULT_AREA_CODE.isascii()
    and PHONE_DEFAULT_AREA_CODE.isdigit()
    and 2 <= len(PHONE_DEFAULT_AREA_CODE) <= 3
    and not PHONE_DEFAULT_AREA_CODE.startswith("0")
):
    raise ImproperlyConfigured(
        f"PHONE_DEFAULT_AREA_CODE must be an area code such as 21 or 571, got {PHONE_DEFAULT_AREA_CODE!r}"
    )

# --- Celery: all settings together. Unset REDIS_URL: kombu's filesystem transport in var/,
# so the demo's worker and beat need no server.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = str(VAR_DIR / "celery-queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_dir,
        "data_folder_out": _queue_dir,
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
REMINDER_SWEEP_MINUTES = env_int("REMINDER_SWEEP_MINUTES", 10)
RETENTION_DAYS = env_int(
    "RETENTION_DAYS", 3 * 365
)  # residents' details older than this are erased (reception.retention)
ESCALATE_AFTER_WORKING_DAYS = env_int("ESCALATE_AFTER_WORKING_DAYS", 2, minimum=0)
# Working days past the director's escalation after which an overdue case goes to the street office.
ESCALATE_TO_STREET_AFTER_WORKING_DAYS = env_int("ESCALATE_TO_STREET_AFTER_WORKING_DAYS", 3, minimum=0)
# Working days a resolved case may wait for its 回访 before the first responder is reminded.
FOLLOW_UP_REMIND_AFTER_WORKING_DAYS = env_int("FOLLOW_UP_REMIND_AFTER_WORKING_DAYS", 2, minimum=0)
CELERY_BEAT_SCHEDULE = {
    # Chase cases due within a working day, overdue, and overdue long enough to escalate.
    "sweep-reminders": {
        "task": "casework.tasks.sweep_reminders",
        "schedule": REMINDER_SWEEP_MINUTES * 60,
    },
    # Count each committee's finished days for the dashboards (office.dayfigures).
    "count-past-days": {
        "task": "office.tasks.count_past_days",
        "schedule": 6 * 3600,
    },
    # Anonymise visits past the retention period, nightly (statistics stay).
    "anonymise-old-visits": {
        "task": "reception.tasks.anonymise_old_visits",
        "schedule": 24 * 3600,
    },
    # Remind each worker of tomorrow's appointments (claimed once per appointment).
    "remind-appointments": {
        "task": "reception.tasks.remind_appointments",
        "schedule": REMINDER_SWEEP_MINUTES * 60,
    },
    # Tell each worker of their overdue home visits, once a day (claimed per worker and day).
    "sweep-care-reminders": {
        "task": "carework.tasks.sweep_care_reminders",
        "schedule": 3600,
    },
}

# --- Security: production flips these on by DEBUG=false.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 3600)  # a long desk day at most
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)  # signed out after this long without a request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

# Login lockout: five failures for one username from one address lock that pair for 15
# minutes. Keyed on both because a whole office shares one public address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False


def client_address_settings(behind_proxy: bool, proxy_count: int) -> dict:
    """Where django-axes (through django-ipware) finds the client's address. Behind
    `proxy_count` reverse proxies, each appends to X-Forwarded-For the address it received
    the request from, except the innermost, which gunicorn sees as the socket's peer: the
    client is the entry the outermost trusted proxy wrote, `proxy_count - 1` places from the
    right; anything a client puts further left is ignored. Not behind a proxy, the header is
    the client's own to forge, so only the socket's address counts."""
    if not behind_proxy:
        return {"AXES_IPWARE_PROXY_COUNT": None, "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",)}
    return {
        "AXES_IPWARE_PROXY_COUNT": max(proxy_count - 1, 0),
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        # At least that many hops, counted from the right: what a client prepends is ignored
        # (strict would insist on exactly, and fall back to the proxy's own address).
        "IPWARE_STRICT": False,
    }


PROXY_COUNT = env_int("PROXY_COUNT", 1)  # reverse proxies in front of gunicorn, when BEHIND_PROXY
if PROXY_COUNT < 1:
    raise ImproperlyConfigured("PROXY_COUNT must be at least 1")
globals().update(client_address_settings(BEHIND_PROXY, PROXY_COUNT))

# No inline scripts anywhere: every script is a file under static/. Inline styles stay
# allowed because Django admin uses style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Our own security log (logins, refusals) carries ids, never names or numbers.
        "juweihui.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # axes' own lines name usernames and addresses
    },
}

SIMPLE_HISTORY_REVERT_DISABLED = True  # history is for reading; changes go through services
