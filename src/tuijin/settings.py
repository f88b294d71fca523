"""Tuijin settings: everything comes from environment variables with safe defaults.

The embedded default is a SQLite file under ``var/``; production sets ``DATABASE_URL``
(PostgreSQL), ``TUIJIN_HTTPS=1`` and ``ALLOWED_HOSTS``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout (or working directory for an installed package) holds var/: database, secret key, media, static.
BASE_DIR = Path(os.environ.get("TUIJIN_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("TUIJIN_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into var/secret_key and reused."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("TUIJIN_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Behind a TLS-terminating proxy in production: TUIJIN_HTTPS=1 turns on every HTTPS-only protection.
HTTPS = env_bool("TUIJIN_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "tuijin.core",
    "tuijin.projects",
    "tuijin.dispatch",
    "tuijin.attraction",
    "tuijin.problems",
    "tuijin.targets",
    "tuijin.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuijin.core.audit.AuditMiddleware",
]

ROOT_URLCONF = "tuijin.urls"
WSGI_APPLICATION = "tuijin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuijin.core.context_processors.tuijin",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tuijin.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Every request is one transaction: a failed write leaves nothing behind.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after this many idle minutes (sliding: every request renews the cookie).
SESSION_COOKIE_AGE = env_int("TUIJIN_SESSION_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("TUIJIN_SESSION_BROWSER_CLOSE", False)

# Login throttling: this many failures for one username or one address within the window lock it out.
TUIJIN_LOGIN_MAX_FAILURES = env_int("TUIJIN_LOGIN_MAX_FAILURES", 5)
TUIJIN_LOGIN_WINDOW_MINUTES = env_int("TUIJIN_LOGIN_WINDOW_MINUTES", 15)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing (before collectstatic)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
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
# Source maps of the API docs assets are large and never requested by users: compressing them costs a minute.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
]
MEDIA_ROOT = Path(os.environ.get("TUIJIN_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tuijin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people reach Tuijin at, for links in e-mail (notifications).
TUIJIN_SITE_URL = os.environ.get("TUIJIN_SITE_URL", "http://127.0.0.1:8000")
# Without an SMTP host, mail is written to the log instead of being lost silently.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "tuijin.core.api.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "推进 Tuijin API",
    "DESCRIPTION": "重点项目调度平台 REST API。所有数据按当前用户的区域与单位范围过滤；范围外的对象返回 404。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for a choice list used by several fields (stage, from_stage, entry_stage …).
    "ENUM_NAME_OVERRIDES": {"ProjectStageEnum": "tuijin.projects.choices.Stage"},
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TUIJIN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# History reasons are sentences typed by people: no 100-character cut.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

DJANGO_TABLES2_TEMPLATE = "core/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TUIJIN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# WeasyPrint and the browser resolve 宋体/仿宋_GB2312/黑体 through our fontconfig file (Noto CJK underneath).
os.environ.setdefault("FONTCONFIG_FILE", str(PACKAGE_DIR / "fonts" / "fonts.conf"))

# Import sheets by kind, for the import pages and `tuijin import/export`. Explicit here because exchange sits
# below the apps (core ← exchange ← projects ← dispatch) and may not import them.
TUIJIN_IMPORT_SPECS = {
    "projects": "tuijin.projects.imports.ProjectImportSpec",
    "plans": "tuijin.projects.imports.AnnualPlanImportSpec",
    "progress": "tuijin.dispatch.imports.ProgressImportSpec",
    "leads": "tuijin.attraction.imports.LeadImportSpec",
    "contracts": "tuijin.attraction.imports.ContractImportSpec",
    "problems": "tuijin.problems.imports.ProblemImportSpec",
    "approvals": "tuijin.problems.imports.ApprovalImportSpec",
    "targets": "tuijin.targets.imports.TargetImportSpec",
    "entries": "tuijin.targets.imports.EntryImportSpec",
}
TUIJIN_IMPORT_MAX_BYTES = env_int("TUIJIN_IMPORT_MAX_MB", 10) * 1024 * 1024

# Providers of the home page's to-do list: dotted paths of functions (user) -> list[core.todos.Todo].
# Each module lists its provider here when it lands.
TUIJIN_TODO_PROVIDERS: list[str] = [
    "tuijin.projects.todos.todos",
    "tuijin.dispatch.todos.todos",
    "tuijin.attraction.todos.todos",
    "tuijin.problems.todos.todos",
    "tuijin.targets.todos.todos",
]
