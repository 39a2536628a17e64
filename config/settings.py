"""Settings for the 政务公开 CMS.

Everything that differs between a laptop and production is read from the
environment (see `.env.example`); the small helpers below fail loudly on a
value they cannot read rather than falling back silently.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines of a `.env` file into the environment (never overriding it).

    `.env.example` tells operators to copy it to `.env`; the real environment (systemd,
    the shell) still wins, so a variable can be changed without editing the file.
    """
    if not path.is_file():
        return
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"{path}:{number}: expected KEY=VALUE, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key, value)


load_env_file(Path(os.environ.get("ENV_FILE", BASE_DIR / ".env")))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: a fixed key is fine because nothing signed with it leaves the laptop.
    SECRET_KEY = "django-insecure-dev-only-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used in mails and letters (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "政府信息公开")
# The site's identity, shown in the public header and footer as government sites must
# (《政府网站发展指引》: 主办单位, 网站标识码, ICP and 公安 filing numbers). Empty means not shown.
SITE_SPONSOR = os.environ.get("SITE_SPONSOR", "")  # 主办单位
SITE_ORGANIZER = os.environ.get("SITE_ORGANIZER", "")  # 承办单位
SITE_CODE = os.environ.get("SITE_CODE", "")  # 网站标识码
SITE_ICP = os.environ.get("SITE_ICP", "")  # ICP备案号
SITE_PSB = os.environ.get("SITE_PSB", "")  # 公安机关备案号
SITE_CONTACT = os.environ.get("SITE_CONTACT", "")  # 联系我们: text, or a URL

INSTALLED_APPS = [
    # Django's admin with the site class that asks staff for the second factor.
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    # The read-only public API under /api/ (config/api.py; docs/architecture.md says why).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "disclosure",
    "requests_app",
    "reports",
]
# The demo district (`manage.py load_demo`) lives beside the apps in a source checkout
# and is not shipped in the wheel: it is installed only where it exists.
if importlib.util.find_spec("demo") is not None:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "core.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "disclosure.context_processors.site",
            ],
        },
    },
]

# Default: a SQLite file in the project folder; production sets DATABASE_URL
# (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (a form post and an admin save) must wait for each other,
    # not fail with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "disclosure.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zwgk"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public catalogue's cached aggregates (year choices, counts) and whole pages for
# anonymous visitors; any change of the catalogue makes them stale at once (see
# disclosure/services/catalogue_cache.py). 0 turns the page cache off.
CATALOGUE_CACHE_SECONDS = env_int("CATALOGUE_CACHE_SECONDS", 600)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

# Background jobs (Celery, `config/celery.py`; docs/architecture.md says why): imports, the
# documents of many reports, mails and the daily reminders. The broker is Redis; with none
# configured (`make run`), or with JOBS_IN_PROCESS=1, a job runs in the process that starts it.
_JOBS_BROKER = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
JOBS_IN_PROCESS = env_bool("JOBS_IN_PROCESS", not _JOBS_BROKER)
# In-process jobs need no broker: "memory://" keeps Celery from looking for one.
CELERY_BROKER_URL = _JOBS_BROKER or "memory://"
CELERY_TASK_ALWAYS_EAGER = JOBS_IN_PROCESS
# A job's outcome lives in its row (disclosure.Job), not in a result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Long jobs: a worker process takes one message at a time, so a queued mail does not wait
# behind an import that another process of the same worker could have started.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Enqueueing from a request gives up quickly when Redis is down (the job is marked failed).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# A job running longer than this is stopped and marked failed (nothing of it is kept).
JOB_TIME_LIMIT = env_int("JOB_TIME_LIMIT", 3 * 3600)
# Checked import files awaiting confirmation and produced files (zips of documents) are
# deleted this many days after their job finished.
JOB_FILES_DAYS = env_int("JOB_FILES_DAYS", 2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis hands an unacknowledged message to another worker after this many seconds.
    "visibility_timeout": JOB_TIME_LIMIT + 600,
}
# `celery -A config beat` runs these; without beat, cron runs the commands of the README.
CELERY_BEAT_SCHEDULE = {
    "remind-deadlines": {
        "task": "requests_app.remind_deadlines",
        "schedule": crontab(hour=7, minute=30),
    },
    "purge-job-files": {
        "task": "disclosure.purge_job_files",
        "schedule": crontab(hour=3, minute=15),
    },
    # Published disclosures missing from the search index (an indexing job that could not
    # be queued after an import): indexed within minutes (disclosure/jobs/search_index.py).
    "index-missing": {
        "task": "disclosure.index_missing",
        "schedule": crontab(minute="*/5"),
    },
    "export-open-data": {
        "task": "disclosure.export_open_data",
        "schedule": crontab(hour=2, minute=30),
    },
}

# The read-only public API (/api/, config/api.py): anonymous, JSON only, rate-limited per
# client address (API_RATE, e.g. "120/min", counted in the shared cache), cached by browsers
# and proxies for API_CACHE_SECONDS. No CORS headers are sent: browsers on other sites cannot
# read it (servers and scripts can); see docs/api.md.
API_RATE = os.environ.get("API_RATE", "120/min")
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.ApiRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政府信息公开 API",
    "DESCRIPTION": (
        "只读的公开数据接口：主动公开目录、信息详情及附件地址、机构、已发布的政府信息公开"
        "工作年度报告（按稳定键给出每项数据）、已公开的建议提案办理结果。只返回已公开的数据。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
}
# The daily open-data files of the catalogue (disclosure/open_data.py), written under
# MEDIA_ROOT/open-data/ by the job `export_open_data` (beat) or the command of that name.
OPEN_DATA_DAYS = env_int("OPEN_DATA_DAYS", 30)  # dated copies kept this many days

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection of the admin (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for
# one account, or from one client address, further attempts are refused for
# LOGIN_COOLOFF_MINUTES (a supervisor can lift a lockout earlier in the admin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "disclosure.admin_site.lockout_response"
# The same client address as the public forms' rate limit (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "core.public_forms.client_ip"

# Second factor (TOTP, django-otp): always asked of supervisors and superusers; of every
# staff member when OTP_REQUIRED_FOR_STAFF is on. OTP_TOTP_ISSUER names the site in the app.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", SITE_NAME)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Identity proofs and replies to applicants: never under MEDIA_ROOT, never served directly.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Attachments (disclosures, applications, replies).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request whose declared size is over these is refused (413) before its body is read: one
# attachment and the form's fields on the public site; several attachments in the admin.
MAX_PUBLIC_REQUEST_MB = env_int("MAX_PUBLIC_REQUEST_MB", MAX_UPLOAD_MB + 1)
MAX_ADMIN_REQUEST_MB = env_int("MAX_ADMIN_REQUEST_MB", 5 * MAX_UPLOAD_MB)

# Import files (/admin/import/, import_records) are refused before they are read past these
# bounds: a few KB of XLSX can declare a million rows or unpack to gigabytes.
IMPORT_MAX_FILE_MB = env_int("IMPORT_MAX_FILE_MB", 50)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
# Excel's own limit of characters in a cell.
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)
# XLSX: what the zip may unpack to, in all and per member, and how much a member may shrink.
IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 100)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)

# The text of attachments for the search (disclosure/search/extract.py), read by a background
# job when an attachment is saved: at most this much of a file is read, this many characters
# kept, this many seconds spent per file; zip-based files (DOCX, XLSX, PPTX, OFD) are refused
# past these unpacked sizes and ratios before any part is parsed.
ATTACHMENT_TEXT_MAX_FILE_MB = env_int("ATTACHMENT_TEXT_MAX_FILE_MB", MAX_UPLOAD_MB)
ATTACHMENT_TEXT_MAX_CHARS = env_int("ATTACHMENT_TEXT_MAX_CHARS", 200_000)
ATTACHMENT_TEXT_SECONDS = env_int("ATTACHMENT_TEXT_SECONDS", 120)
ATTACHMENT_TEXT_MAX_UNCOMPRESSED_MB = env_int("ATTACHMENT_TEXT_MAX_UNCOMPRESSED_MB", 100)
ATTACHMENT_TEXT_MAX_COMPRESSION_RATIO = env_int("ATTACHMENT_TEXT_MAX_COMPRESSION_RATIO", 100)
# A search reads at most this many newest matches (and as many older title matches) and
# counts its matches exactly up to SEARCH_COUNT_LIMIT, whatever the catalogue holds
# (disclosure/search/query.py, "a bounded window").
SEARCH_RESULT_WINDOW = env_int("SEARCH_RESULT_WINDOW", 1000)
SEARCH_COUNT_LIMIT = env_int("SEARCH_COUNT_LIMIT", 1000)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Abuse limits for the public forms: at most N posts per client address per window.
PUBLIC_FORM_RATE = env_int("PUBLIC_FORM_RATE", 10)
PUBLIC_FORM_RATE_WINDOW = env_int("PUBLIC_FORM_RATE_WINDOW", 3600)
# Default reply period of NPC/CPPCC proposals, in months from assignment.
PROPOSAL_REPLY_MONTHS = env_int("PROPOSAL_REPLY_MONTHS", 3)
# Number of proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS preloading commits every subdomain of the government domain to HTTPS for good: an
# operator's decision (SECURE_HSTS_PRELOAD), not a default worth a deploy-check warning.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The report's covering indexes (INCLUDE columns) are a PostgreSQL optimisation; on SQLite
# (development, the demo) they are plain partial indexes, which is all they need to be.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    SILENCED_SYSTEM_CHECKS.append("models.W040")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

LOGIN_URL = "admin:login"

# Sessions are staff sessions (the public keeps only a query code, for minutes: see
# PUBLIC_QUERY_SESSION_SECONDS): one working day, and gone when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# How long a public session holding a query code lasts after the code was stored in it.
PUBLIC_QUERY_SESSION_SECONDS = env_int("PUBLIC_QUERY_SESSION_SECONDS", 30 * 60)
