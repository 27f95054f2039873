"""Newsdesk settings: one file, driven by environment variables.

Development (the default) needs nothing set: DEBUG on, SQLite in the project folder.
Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The public address of the site: every absolute URL (feeds, JSON, CSV, canonical links,
# sitemap) is built on it, never on the Host header a client sends.
NEWSDESK_SITE_URL = os.environ.get("NEWSDESK_SITE_URL", "").rstrip("/")
if not NEWSDESK_SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "NEWSDESK_SITE_URL is required when DJANGO_DEBUG is false, e.g. "
            "https://newsdesk.example.org"
        )
    NEWSDESK_SITE_URL = "http://127.0.0.1:8000"
if not NEWSDESK_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"NEWSDESK_SITE_URL must start with https://, not {NEWSDESK_SITE_URL!r}."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_htmx",
    "django_countries",
    "simple_history",
    "axes",
    "ninja",  # the API's documentation page and its static files (claims/opendata/api.py)
    "django_tasks_db",  # the desk's e-mail alerts, sent by `manage.py db_worker`
    # Staff's second factor (claims/two_factor.py): an authenticator app, recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "claims",
]

MIDDLEWARE = [
    # First: a load balancer's probe needs no allowed host name and no HTTPS redirect.
    "claims.web.middleware.health_check",
    "django.middleware.security.SecurityMiddleware",
    "claims.web.middleware.resource_policy",
    "claims.web.languages.language_of_the_address",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "claims.web.middleware.DatasetFiles",
    "claims.web.middleware.request_deadline",
    "claims.web.routing.readers_from_the_replica",
    "claims.caching.page_cache.public_pages",
    "claims.web.middleware.CompressPublicPages",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "claims.web.middleware.refuse_nul",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "claims.two_factor.second_factor",
    "claims.web.middleware.acting_user",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Throttles failed logins before any password is checked (see AXES_* below).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "claims.web.languages.alternates",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_PASSWORD"):  # kept out of the URL, where "/" or "+" would break it
    DATABASES["default"]["PASSWORD"] = os.environ["DATABASE_PASSWORD"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A stalled database must not hang every worker: give up connecting after a few seconds,
    # and cancel any statement running longer than a page may take.
    statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000"))
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
            # JIT compilation pays off for long analytical queries, not for a page's short
            # ones: measured, it cost seconds of planning on the 100,000-event archive.
            "options": f"-c statement_timeout={statement_timeout} -c jit=off",
            "application_name": "newsdesk",
        }
    )
# A streaming replica of the database (PostgreSQL), for readers' pages: anonymous GET requests
# read from it; staff (read-your-writes) and every write use the primary
# (claims/web/routing.py). Unset: everything on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
    if os.environ.get("DATABASE_PASSWORD"):
        DATABASES["replica"]["PASSWORD"] = os.environ["DATABASE_PASSWORD"]
DATABASE_ROUTERS = ["claims.web.routing.ReplicaRouter"]

# Public pages are cached whole (claims/caching/page_cache.py). In production, a shared Redis cache
# (NEWSDESK_CACHE_URL=redis://host:6379/0); the embedded default needs no server.
CACHE_URL = os.environ.get("NEWSDESK_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, with its clients reused (claims/caching/cache.py says why).
            "BACKEND": "claims.caching.cache.SharedCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("NEWSDESK_CACHE_PREFIX", "newsdesk"),
            "TIMEOUT": 24 * 60 * 60,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Seconds a browser or CDN may keep a public page without asking again (then a 304 is cheap).
NEWSDESK_PUBLIC_MAX_AGE = int(os.environ.get("NEWSDESK_PUBLIC_MAX_AGE", "60"))
# This release (the image's build id, say): in every cache key and ETag. Unset, a digest of the
# code and templates on disk stands in for it (claims/caching/cache.py).
NEWSDESK_RELEASE = os.environ.get("NEWSDESK_RELEASE", "")
# The edge caches in front (Varnish with xkey: deploy/varnish.vcl), as addresses the app sends
# PURGE to on every public change ("http://varnish:6081,http://varnish-2:6081"). Set, public
# responses carry the keys of what they show in an "xkey" header (the edge removes it).
NEWSDESK_EDGE_PURGE_URLS = [
    url.strip() for url in os.environ.get("NEWSDESK_EDGE_PURGE_URLS", "").split(",") if url.strip()
]
# A party's median time-to-denial reads all its denials: worked out after the commit, in a
# thread of the process that saved (on PostgreSQL), so that no editor waits for it.
NEWSDESK_MEDIANS_IN_BACKGROUND = os.environ.get("NEWSDESK_MEDIANS_IN_BACKGROUND", "true") == "true"
# Seconds after which a request still running is ended with a 503 (a frozen database), well
# before gunicorn's own timeout (30 s) kills the worker. 0: no deadline.
NEWSDESK_REQUEST_DEADLINE = float(os.environ.get("NEWSDESK_REQUEST_DEADLINE", "10"))
# How many pages outdated by an edit the site renders afresh at a time (their readers are
# served the previous copy meanwhile; see claims/caching/page_cache.py).
NEWSDESK_REFRESHES_AT_ONCE = int(os.environ.get("NEWSDESK_REFRESHES_AT_ONCE", "1"))
# A second pair of eyes: a chief editor may not approve (publish) their own work — what they
# entered or submitted — another chief does (claims/models/review.py).
NEWSDESK_SECOND_CHIEF = env_bool("NEWSDESK_SECOND_CHIEF", False)
# Background tasks (Django's tasks framework): the desk's e-mail alerts are queued in the
# database and sent by `manage.py db_worker` (started by `make run` and `make stack`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSDESK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# E-mail for the desk's alerts (Django's MAILERS): the SMTP server EMAIL_HOST (in production by
# default the machine's own, localhost:25); in development, unset, the worker's own output.
_SMTP_HOST = os.environ.get("EMAIL_HOST", "" if DEBUG else "localhost")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST,
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
        if _SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("NEWSDESK_FROM_EMAIL", "Newsdesk <newsdesk@localhost>")
# Staff's second factor (claims/two_factor.py): required of chief editors, of editors when
# NEWSDESK_TWO_FACTOR_FOR_EDITORS is on, and of anyone who set one up.
NEWSDESK_TWO_FACTOR = env_bool("NEWSDESK_TWO_FACTOR", True)
NEWSDESK_TWO_FACTOR_FOR_EDITORS = env_bool("NEWSDESK_TWO_FACTOR_FOR_EDITORS", False)
OTP_TOTP_ISSUER = "Newsdesk"
# Never served from the page cache, whoever asks.
NEWSDESK_UNCACHED_PREFIXES = ("/admin/", "/healthz")
# Where export_dataset writes the open dataset, served at /data/files/ (a shared volume in
# production, so every web process and the proxy see the same files).
NEWSDESK_DATASET_ROOT = Path(os.environ.get("NEWSDESK_DATASET_ROOT", BASE_DIR / "datasets"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface in English (at the root) and French (under /fr/); statements stay in the
# language they were made in. A public page's language is its address's, nothing else
# (claims/web/languages.py), so a cached page is always in the language of its URL.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# The admin shows dates in ISO form (newsdesk/formats/en); public pages spell them out.
FORMAT_MODULE_PATH = ["newsdesk.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Security headers. Public pages carry nothing per visitor, so the policy needs no nonce there;
# the admin asks for one (Django fills CSP.NONCE only on responses whose template used it).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is hard to undo (browsers ship the list): only when asked for. Until then the
    # deploy check's reminder about it is a decision, not an oversight.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# A statement's text is capped so that one paste cannot bloat a page (see claims/text/sanitize.py).
NEWSDESK_MAX_HTML_CHARS = int(os.environ.get("NEWSDESK_MAX_HTML_CHARS", "100000"))

# How many reverse proxies in front of the app append to X-Forwarded-For (0: none; the
# visitor's address is then REMOTE_ADDR).
NEWSDESK_TRUSTED_PROXIES = int(os.environ.get("NEWSDESK_TRUSTED_PROXIES", "0"))

# Login protection (django-axes): after 5 failed logins for one account, or from one address,
# further attempts are refused for 15 minutes with a page that says so.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSDESK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSDESK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "claims.web.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# History: change reasons (e.g. a correction note) are kept whole, never cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True


def _without_traceback(record):
    """A request for a host name we do not serve (a scanner asking by IP address) is one line
    in the log, not a twelve-line traceback."""
    record.exc_info = record.exc_text = None
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line": {"()": "django.utils.log.CallbackFilter", "callback": _without_traceback}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own "django" logger prints in development too: each line would appear twice.
        "django": {"handlers": [], "propagate": True},
        "django.security.DisallowedHost": {"filters": ["one_line"], "propagate": True},
    },
}
