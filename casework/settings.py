"""Casework settings: one module, configured from the environment.

Environment variables:
    DATABASE_URL   database to use (default: SQLite file ``db.sqlite3`` in the project folder)
    SECRET_KEY     required when DEBUG is off: at least 50 random characters, not an example value
    DEBUG          "1"/"true" for development (default: off)
    ALLOWED_HOSTS  comma-separated host names (default with DEBUG: localhost names; DEBUG refuses others)
    API_ANON_RATE  requests an anonymous caller may make to the API (default 120/minute)
    API_NUM_PROXIES  proxies in front of the app whose X-Forwarded-For to trust (default 0)
    REPORT_RATE    error reports one address may send (default 5/hour)
    DATABASE_REPLICA_URL  a read replica for anonymous public reads (default: none, all on DATABASE_URL)
    DATABASE_TRANSACTION_POOLING  "1" behind PgBouncer in transaction mode: no server-side cursors
    REDIS_URL      shared cache for the API throttle across app servers (default: per-process memory)
    DATA_SNAPSHOTS_DIR  where export_data writes the bulk snapshots /data/ lists (default: data-snapshots/)
    SITE_URL       the site's public address, for absolute links in snapshots (default: none, paths)
    FIELD_ENCRYPTION_KEY  Fernet key(s) for restricted fields, comma-separated while rotating (required
                   when DEBUG is off)
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from casework.env import env_bool, env_list, env_str
from casework.startup import refuse_weak_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must bring its own.
_DEV_SECRET_KEY = "casework-development-only-not-secret"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])

# Restricted person fields are encrypted at rest with these keys (casework.crypto): the first
# encrypts, all decrypt, so a new key goes first while `manage.py rotate_field_key` runs.
# Development uses a published key; production must bring its own.
_DEV_FIELD_ENCRYPTION_KEY = "Y2FzZXdvcmstZGV2ZWxvcG1lbnQtb25seS1rZXkhISE="
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY", default=[_DEV_FIELD_ENCRYPTION_KEY] if DEBUG else [])

# A weak key, DEBUG reachable from outside or a missing encryption key stops the start-up
# with a message that says why.
refuse_weak_settings(
    debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS, field_encryption_keys=FIELD_ENCRYPTION_KEYS
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "simple_history",
    "import_export",
    "nested_admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "casework",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before any middleware that reads the database: marks anonymous public reads, which
    # casework.db_routers sends to the replica when there is one.
    "casework.db_routers.PublicReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above ConditionalGetMiddleware, so that a 304 carries them too.
    "api.throttling.RateLimitHeadersMiddleware",
    # ETag from the body and 304 answers to If-None-Match / If-Modified-Since (the API,
    # feed and sitemap send a Last-Modified that moves only with public content).
    "django.middleware.http.ConditionalGetMiddleware",
    # Inside ConditionalGetMiddleware (its 304s copy Cache-Control), outside the session
    # and authentication middleware, whose cookies and users it reads on the way out.
    "casework.cache_headers.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casework.language.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "casework.middleware.RejectControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casework.second_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must stay last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

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
                "casework.language.languages",
            ],
        },
    },
]

# Connections are kept CONN_MAX_AGE seconds and checked before reuse, so a worker whose
# connection died with a database restart opens a new one.
_CONN_MAX_AGE = int(env_str("CONN_MAX_AGE", default="60"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# A read replica of the primary: anonymous public reads go to it (casework.db_routers),
# everything an editor does, and every write, to the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=_CONN_MAX_AGE, conn_health_checks=True
    )
    # Tests run against one database: the replica alias reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["casework.db_routers.ReplicaRouter"]
# Behind PgBouncer in transaction mode a cursor cannot outlive its transaction, so
# QuerySet.iterator() (the CSV exports) fetches on the client instead of through a
# server-side cursor.
if env_bool("DATABASE_TRANSACTION_POOLING", default=False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API throttle counts requests in the cache. One process can count in its own memory;
# several app servers must share a count, so production points REDIS_URL at one Redis.
REDIS_URL = env_str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection (django-axes): five failures for one username from one address lock
# that pair out for an hour, and five failures from one address, whatever usernames it
# tries, lock that address out too; a successful login resets the count. No rule keys on
# the username alone, so nobody can lock an editor out from another address. The address
# is the one the API throttle uses: X-Forwarded-For read through API_NUM_PROXIES.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", default="5"))
AXES_COOLOFF_TIME = float(env_str("AXES_COOLOFF_HOURS", default="1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "casework.client_ip.client_address"
AXES_RESET_ON_SUCCESS = True

# A second factor for every staff account (casework/second_factor.py). Changing or exporting
# a person's restricted fields asks for it again when the last code is older than this.
SECOND_FACTOR_FRESH_SECONDS = int(env_str("SECOND_FACTOR_FRESH_MINUTES", default="15")) * 60
OTP_TOTP_ISSUER = "Casework"
# Staff sessions end after eight hours without a request (each request restarts the count),
# not two weeks after login.
SESSION_COOKIE_AGE = int(env_str("SESSION_IDLE_HOURS", default="8")) * 3600
SESSION_SAVE_EVERY_REQUEST = True

# How long the access log of restricted fields keeps an entry; `manage.py prune_access_log`
# (run daily) deletes older ones.
ACCESS_LOG_RETENTION_DAYS = int(env_str("ACCESS_LOG_RETENTION_DAYS", default="730"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "casework" / "static"]
# Production serves hashed, compressed files collected by `collectstatic`. Development and
# the test suite (STATIC_MANIFEST=0) serve straight from the app folders instead.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# The language editors write record text (summaries, names) in: the lang attribute around
# that text, so a screen reader in the Russian interface reads an English summary as English.
RECORD_LANGUAGE = env_str("RECORD_LANGUAGE", default="en")

# Uploaded files (none yet); backups carry this folder when it exists.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# `make backup` encrypts each backup with this Fernet key; keep it away from the backups.
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY", default="")

# The seed documents the project keeps verbatim (see seeds/).
SEEDS_DIR = BASE_DIR / "seeds"

# Bulk snapshots written by `manage.py export_data` and listed at /data/.
DATA_SNAPSHOTS_DIR = Path(env_str("DATA_SNAPSHOTS_DIR", default=str(BASE_DIR / "data-snapshots")))
# The licence of the data (snapshots, API, pages); the code's licence is the project's own.
DATA_LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Casework contributors",
}
# The public address of the site, for links in snapshots (e.g. https://casework.example).
SITE_URL = env_str("SITE_URL", default="").rstrip("/")

# Admin exports escape formulas in their own formats (casework/admin/imports.py), without
# the library's escape, which drops a leading "=" and so changes the value.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Where the public site's /about/ page sends readers to report an error (a mailto: or a form).
CORRECTIONS_URL = env_str("CORRECTIONS_URL", default="")
# Named in the API root for researchers: who to write to about the API and its data
# (an e-mail or a URL); without it the root points to /about/.
API_CONTACT = env_str("API_CONTACT", default="")

# Error reports one sender address may send, counted in the shared cache (casework/reports.py).
REPORT_RATE = env_str("REPORT_RATE", default="5/hour")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.PublicAutoSchema",
    # Every error, from a bad parameter to a crash, is JSON in one shape (api/errors.py).
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The API is public and read-only: every caller is anonymous, and throttled as such.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.search.SearchFilter",
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "api.renderers.CSVRenderer"],
    # DRF's anonymous throttle, also sending RateLimit-* headers (api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", default="120/minute")},
    # Proxies in front of the app (load balancers) whose X-Forwarded-For entries to trust when
    # telling callers apart. Without a number DRF trusts the whole header, which any caller can
    # forge to escape the throttle; 0 uses the connecting address.
    "NUM_PROXIES": int(env_str("API_NUM_PROXIES", default="0")),
}

# The most records one unpaged CSV answer holds. A larger export would outlast the serving
# timeout (a few hundred to 2,000 rows a second are written, docs/performance.md) and end as a
# truncated file; it is refused with a pointer to the pages and the bulk snapshots instead.
API_CSV_MAX_ROWS = int(env_str("API_CSV_MAX_ROWS", default="5000"))

DRF_STANDARDIZED_ERRORS = {"EXCEPTION_FORMATTER_CLASS": "api.errors.ErrorFormatter"}

SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "DESCRIPTION": (
        "Public records of the asylum cases of military deserters. The data is published under "
        f"{DATA_LICENCE['title']} ({DATA_LICENCE['name']}, {DATA_LICENCE['url']}): credit "
        f"“{DATA_LICENCE['attribution']}” and link to the record; every record's cite_as says how. "
        "Bulk snapshots of every record are listed at /data/."
    ),
    "LICENSE": {"name": DATA_LICENCE["name"], "url": DATA_LICENCE["url"]},
    "VERSION": "1.3.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_component",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Vocabularies that share a field name ("status", "qualifier") keep their own names.
    "ENUM_NAME_OVERRIDES": {
        "AsylumStatusEnum": "casework.vocabularies.AsylumStatus",
        "ProsecutionStatusEnum": "casework.vocabularies.ProsecutionStatus",
        "CountQualifierEnum": "casework.vocabularies.CountQualifier",
        "StatisticQualifierEnum": "casework.vocabularies.StatisticQualifier",
    },
}

# Content Security Policy: nothing is loaded from outside the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer's health check may probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", default="31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# One JSON object per line on standard error, for the log collector; restricted values a
# request posted never reach a line (casework.operations.JSONLinesFormatter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "casework.operations.JSONLinesFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}

# How long a shared cache or CDN may keep a public page or API answer (casework.cache_headers).
PUBLIC_CACHE_SECONDS = int(env_str("PUBLIC_CACHE_SECONDS", default="60"))

# Optional error reporting: nothing is started, and nothing leaves the servers but the
# logs, unless SENTRY_DSN is set. Events carry no account data and no restricted value
# (casework.error_tracking.scrub).
SENTRY_DSN = env_str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from casework.error_tracking import start as start_error_tracking

    start_error_tracking(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", default=""))
