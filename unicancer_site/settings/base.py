"""Settings for every environment, with safe local defaults.

Everything that differs between a laptop and production comes from the environment
(see the README's table). Without any variable set, the site runs on SQLite with an
in-process cache, which is what ``make run`` and ``make test`` use.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags, process_heading
from js_asset import static_lazy
from pythonjsonlogger.core import RESERVED_ATTRS

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)

# A local-only key: production.py refuses to start without SECRET_KEY set.
SECRET_KEY = env_str("SECRET_KEY") or "local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin with the editors' dashboard and previews (unicancer_site/publishing/sites.py).
    "unicancer_site.publishing.apps.UnicancerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "corsheaders",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "import_export",
    "django_prose_editor",
    "csp",
    "storages",
    # The floor every app stands on, then the staff and publishing machinery, the content apps, and on top
    # the pages that show the whole site (see the README's map of the code).
    "unicancer_site.core",
    "unicancer_site.publishing",
    "centres",
    "certifications",
    "research",
    "unicancer_site.news",
    "unicancer_site.pages",
    "unicancer_site.keyfigures",
    "unicancer_site.api",
    "unicancer_site.site",
    # Last: its post_migrate handler builds the role groups once every app's permissions exist.
    "unicancer_site.accounts",
]

MIDDLEWARE = [
    # First: it times the whole request and gives every log line of the request its id.
    "unicancer_site.core.middleware.RequestLogMiddleware",
    # Outermost but the log: it compresses what every other layer produced (brotli or gzip), public HTML and JSON
    # only, never a response with a CSRF token or to a visitor with a session (core.compression: BREACH).
    "unicancer_site.core.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before WhiteNoise, so that static files get the same headers and TRACE is refused everywhere.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "unicancer_site.core.middleware.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before SessionMiddleware, which reads the session cookie: NUL never reaches the database.
    "unicancer_site.core.middleware.NullCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Django's LocaleMiddleware, reading Accept-Language's weights (q=0: not acceptable).
    "unicancer_site.core.middleware.AcceptLanguageLocaleMiddleware",
    # After the language (part of a page's key), before what reads the session, the CSRF cookie or the user,
    # which a page served from the cache skips (unicancer_site/publishing/pagecache.py).
    "unicancer_site.publishing.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A public page's former slug answers with a 301 to its current address (core/redirects.py).
    "unicancer_site.core.redirects.FormerSlugRedirectMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

# The model of the centres staff work for (centre editors' memberships): named here, as AUTH_USER_MODEL is, so
# that the staff app names no content model.
CENTRE_MODEL = "centres.Centre"

ROOT_URLCONF = "unicancer_site.urls"
WSGI_APPLICATION = "unicancer_site.wsgi.application"

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
                "unicancer_site.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A connection that went away (PostgreSQL restarted) is replaced at the next request, not reused.
        conn_health_checks=True,
    )
}
# PostgreSQL unreachable or stuck: a request gives up within seconds (a 503 page) instead of holding a worker
# until gunicorn kills it. libpq counts connect_timeout in whole seconds, 2 at least.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 10)  # seconds, 0 for none
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_STATEMENT_TIMEOUT:
        DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Cache: in-process by default, Redis when CACHE_URL is set (redis://host:port/db).
_cache_url = env_str("CACHE_URL")
if _cache_url:
    _redis_options = {
        # Redis refused or stuck costs a request at most this long per cache call (seconds).
        "SOCKET_CONNECT_TIMEOUT": env_float("CACHE_TIMEOUT", 0.5),
        "SOCKET_TIMEOUT": env_float("CACHE_TIMEOUT", 0.5),
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "unicancer"),
            "OPTIONS": {
                **_redis_options,
                # The cache only ever speeds things up: when Redis fails, a read is a miss and a write is
                # skipped (and logged), so pages and the API serve from the database and the API's throttles
                # let requests through.
                "IGNORE_EXCEPTIONS": True,
            },
        },
        # The page cache, in the same Redis, sees Redis' errors (it handles them itself: a bump that failed is
        # retried, and the cache is left alone for a few seconds rather than waited for on every call).
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "unicancer"),
            "OPTIONS": _redis_options,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "unicancer_site.cache"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# The page cache for anonymous visitors (unicancer_site/publishing/pagecache.py): on unless PAGE_CACHE=0 (the
# benchmark's uncached figures), off by default with DEBUG (a template being edited shows at once); a page is
# kept at most PAGE_CACHE_SECONDS, less when something is scheduled.
PAGE_CACHE = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
if PAGE_CACHE_SECONDS < 1:
    raise ImproperlyConfigured(f"PAGE_CACHE_SECONDS must be 1 or more, got {PAGE_CACHE_SECONDS}")
PAGE_CACHE_ALIAS = "pages"
# Never from the page cache: the API (its own validators, and its throttles count every request), files, the
# admin (staff only) and the probes.
PAGE_CACHE_EXCLUDED_PATHS = ["/api/", "/static/", "/media/", "/admin/", "/healthz", "/readyz"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "unicancer_site" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# The benchmark's floor (ops/bench.py): a bare view at /bench-floor/, served only when this is set, for the run.
BENCH_FLOOR = env_bool("BENCH_FLOOR", default=False)

# Django serves uploaded media itself unless a front server does (set SERVE_MEDIA=0 then).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)
# Days an item stays in the trash before `manage.py empty_trash` (or the trash's admin action) deletes it for good.
TRASH_RETENTION_DAYS = env_int("TRASH_RETENTION_DAYS", 30)
STORAGES = {
    # Uploads are named by their checked content (core/uploads.py).
    "default": {"BACKEND": "unicancer_site.core.uploads.ContentNamedStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads: images up to 10 MB, PDFs up to 20 MB (checked per field); requests a little above.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only the site's own files; an inline <script> or <style> runs only with
# the request's nonce ({{ request.csp_nonce }}), which the templates, the admin's media (rich-text editor) and
# the API docs carry. Media stored on S3 are images from that host too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # The rich-text editor (Tiptap, inside django-prose-editor) adds its base stylesheet as a <style> element
        # with no way to give it the nonce: allowed by its hash. A new version of the editor with another
        # stylesheet fails tests/browser/test_staff_and_api_docs.py, which prints the new hash.
        "style-src": [SELF, NONCE, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Permissions-Policy (django-permissions-policy): the site uses none of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Staff sessions (the only sessions: the public site has no login) end after a working day.
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_HOURS", 8) * 3600
# Messages live in the session (server side), not in a cookie the browser could read back: the message after
# issuing an API token carries the key.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# How many proxies stand in front of the application, each appending to X-Forwarded-For (0: none, the header is
# not believed and REMOTE_ADDR is the client). The login lockout and the API's throttles read the client's
# address with it (core/addresses.py, and DRF's NUM_PROXIES below).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, got {TRUSTED_PROXY_COUNT}")

# Failed logins (accounts/lockout.py): an account is locked from one address after a few failures there, for a
# while; other accounts from that address, and that account from elsewhere, still sign in. One address failing
# on many accounts is locked for all of them after AXES_ADDRESS_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "unicancer_site.core.addresses.client_address"
AXES_HANDLER = "unicancer_site.accounts.lockout.AccountAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

# E-mail (password resets): printed on the console locally; production sends through SMTP (EMAIL_HOST...).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# A reset link is valid this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 2) * 3600

# CORS is off unless origins are configured.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "unicancer_site.api.schema.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Tokens only (unicancer_site/api/authentication.py): no session, so no CSRF and no cookie-based access.
    "DEFAULT_AUTHENTICATION_CLASSES": ["unicancer_site.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "unicancer_site.api.pagination.ApiPageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "unicancer_site.api.throttling.AnonRateThrottle",
        "unicancer_site.api.throttling.TokenRateThrottle",
    ],
    "EXCEPTION_HANDLER": "unicancer_site.api.exceptions.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "60/min"),
        "token": env_str("API_TOKEN_RATE", "1000/min"),
        "token_failure": env_str("API_TOKEN_FAILURE_RATE", "10/min"),
    },
    # The throttles' client address: the same rule as core/addresses.py (0: REMOTE_ADDR).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Unicancer API",
    "DESCRIPTION": "Read API of the Unicancer network's public content.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecruitmentStatusEnum": "research.models.RecruitmentStatus",
        "RegionEnum": "centres.models.Region",
        "CentreKindEnum": "centres.models.Centre.Kind",
        "TrialKindEnum": "research.models.Trial.Kind",
        "NewsItemKindEnum": "unicancer_site.news.models.NewsItem.Kind",
        "SourceKindEnum": "unicancer_site.core.models.Source.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "unicancer_site.api.schema.add_parameter_examples",
    ],
}

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

SIMPLE_HISTORY_REVERT_DISABLED = False

# The admin's rich-text editor: our module replaces the library's Heading (pasted headings mapped to the allowed
# levels) and adds MenuLabels (the menu in the editor's language). See accounts/content_admin/rich_text.py.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("accounts/rich-text-editor.js")],
        "extensions": {"Heading": process_heading, "MenuLabels": html_tags([])},
    },
]

# Errors: JSON under these prefixes (the API's clients read JSON), the site's pages elsewhere.
JSON_ERROR_PATH_PREFIXES = ["/api/"]
CSRF_FAILURE_VIEW = "unicancer_site.core.errors.csrf_failure"

# Logs on the standard error: LOG_FORMAT=json gives one JSON object a line (production's default), with the
# request's id on every line; tracebacks go there, never to the visitor.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "unicancer_site.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{asctime}{levelname}{name}{message}{request_id}",
            "style": "{",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Django attaches the request to its records: its repr has the query string, which may hold a token.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
        "text": {"format": "{asctime} {levelname} {name} [{request_id}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # The access line of each request (RequestLogMiddleware) replaces runserver's own.
        "django.server": {"level": "WARNING"},
    },
}
