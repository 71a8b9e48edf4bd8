"""The only settings module. Every difference between a laptop, CI and production comes from env vars.

With no configuration at all the app runs on SQLite with an embedded (filesystem) Celery broker and a
file-based cache under ./var, so a newcomer needs nothing but Python. DATABASE_URL and REDIS_URL switch
to PostgreSQL and Redis.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOCKLOOP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def secret_from_file(path: Path) -> str:
    """SECRET_KEY_FILE: read the key, or create it once (atomically, mode 0600) on a volume every process
    of the deployment shares, so a fresh `docker compose up` has a strong key nobody had to copy."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        import secrets

        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    for _ in range(50):  # another process may be writing it this very moment
        key = path.read_text().strip()
        if key:
            return key
        import time

        time.sleep(0.1)
    raise ImproperlyConfigured(f"SECRET_KEY_FILE {path} is empty.")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("SECRET_KEY_FILE"):
    SECRET_KEY = secret_from_file(Path(os.environ["SECRET_KEY_FILE"]))
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see README, Configuration).")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "config.apps.StaticFilesConfig",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "questionbank",
    "interviews",
    "scoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "interviews.middleware.UserTimezoneMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interviews.context_processors.roles",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "mockloop.sqlite3")}
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Web, worker and beat share the file. WAL lets readers and the one writer proceed together;
    # IMMEDIATE takes the write lock up front, so a transaction waits for it instead of failing midway.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that fails open (config/cache.py): Redis down is a degraded mode.
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mockloop"),
            # A Redis that hangs costs a request at most this, per call.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # Sessions read through the cache, written through to the database: one query less per request, and
    # the database still has every session when Redis is down.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A file cache is shared by every process of `make run`, so login rate limits hold across them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    BROKER_DIR = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }

# --- Celery ---------------------------------------------------------------------------------------
# Longest grading run is well under a minute; the hard limit stops a stuck task for good.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "120"))
CELERY_TASK_SOFT_TIME_LIMIT = max(1, int(CELERY_TASK_TIME_LIMIT * 0.9))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Survives and reconnects within ~2 s of the broker's return (config/celery.py). Tasks running when the
# broker connection is lost are cancelled (they could not be acknowledged); leases bring their rows back.
CELERY_WORKER_CONSUMER = "config.celery:Consumer"
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# New submissions queue behind everything else (Redis takes priority 0 first): the beat jobs, and the
# rows they send again after a dead worker or a lost message, so a backlog never delays recovery.
CELERY_TASK_ROUTES = {"scoring.tasks.grade_submission": {"priority": 6}}
CELERY_TIMEZONE = "UTC"
if REDIS_URL:
    # A message not acked within this time is redelivered: a few times the longest grading run.
    # A broker that does not answer fails a send within a second (the row waits for the beat job).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT,
        "socket_connect_timeout": 1,
    }
CELERY_BEAT_SCHEDULE = {
    "expire-overdue-sessions": {
        "task": "interviews.tasks.expire_overdue_sessions",
        "schedule": timedelta(seconds=30),
    },
    "requeue-stuck-submissions": {
        "task": "scoring.tasks.requeue_stuck_submissions",
        # Short, because it recovers the rows of dead workers once their lease has passed.
        "schedule": timedelta(seconds=float(os.environ.get("GRADING_REQUEUE_INTERVAL", "5"))),
    },
    "feedback-resend-pending": {
        "task": "scoring.tasks.feedback_resend_pending",
        "schedule": timedelta(seconds=30),
    },
    "review-queue-maintain": {
        "task": "scoring.tasks.review_queue_maintain",
        "schedule": timedelta(minutes=1),
    },
    "send-due-booking-emails": {
        "task": "interviews.tasks.send_due_booking_emails",
        "schedule": timedelta(seconds=30),
    },
    "requeue-coding-validations": {
        "task": "questionbank.tasks.requeue_coding_validations",
        "schedule": timedelta(minutes=1),
    },
    "send-booking-reminders": {
        "task": "interviews.tasks.send_booking_reminders",
        "schedule": timedelta(minutes=5),
    },
    "expire-unopened-sessions": {
        "task": "interviews.tasks.expire_unopened_sessions",
        "schedule": timedelta(minutes=1),
    },
    "clear-expired-login-sessions": {
        "task": "interviews.tasks.clear_expired_login_sessions",
        "schedule": crontab(minute=17, hour=3),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Sandbox --------------------------------------------------------------------------------------
# "auto" uses bubblewrap when it works here, else the insecure local backend (allowed only with DEBUG).
SANDBOX_BACKEND = os.environ.get("SANDBOX_BACKEND", "auto")

# --- Grading --------------------------------------------------------------------------------------
GRADING_IN_FLIGHT_LIMIT = int(os.environ.get("GRADING_IN_FLIGHT_LIMIT", "2"))
GRADING_DAILY_LIMIT = int(os.environ.get("GRADING_DAILY_LIMIT", "300"))
# The one retry knob of grading: claims per submission (a sandbox failure or a dead worker spends one).
GRADING_MAX_ATTEMPTS = 3
# A grading worker renews its claim's lease every quarter of this; a row whose lease has passed belongs
# to a dead worker and is taken over (docs/judge.md, "Task lifecycle").
GRADING_LEASE_SECONDS = int(os.environ.get("GRADING_LEASE_SECONDS", "6"))
# A QUEUED row sent this long ago and still waiting is sent again (a broker that restarted without its
# data lost the message, or a worker killed with messages reserved); rows the broker refused are sent at
# the beat job's next run. A row still waiting in a plain backlog is sent twice, which only costs a claim
# that misses.
GRADING_RESEND_AFTER_SECONDS = int(os.environ.get("GRADING_RESEND_AFTER_SECONDS", "30"))

# --- Auth -----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "interviews:dashboard"
LOGOUT_REDIRECT_URL = "home"

# --- Email ----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mockloop <noreply@localhost>")
# Booking emails go through an outbox (interviews.BookingEmail): a failed send is tried again after this
# delay, doubled at each attempt, up to this many attempts.
BOOKING_EMAIL_RETRY_SECONDS = 60
BOOKING_EMAIL_MAX_ATTEMPTS = 5

# --- I18N / time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- REST framework -------------------------------------------------------------------------------
# docs/api.md. Token first, so an anonymous request gets a 401 with `WWW-Authenticate: Token`.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.api.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "config.api_support.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["config.api_support.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["config.api_support.AnonThrottle", "config.api_support.UserThrottle"],
    "EXCEPTION_HANDLER": "config.api_support.exception_handler",
}
# Read at each request by config.api_support's throttles (so tests and deployments can change them).
API_THROTTLE_RATES = {
    "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
    "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "mockloop API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Rehearse the ML engineer interview loop from scripts: docs/api.md.",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The Swagger UI and ReDoc assets come from drf-spectacular-sidecar, served as static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "interviews.models.SessionStatus",
        "BankStatusEnum": "questionbank.models.Status",
        "SubmissionStatusEnum": "scoring.models.SubmissionStatus",
        "SubmissionKindEnum": "scoring.models.SubmissionKind",
        "ReviewStatusEnum": "scoring.models.ReviewStatus",
        "ReviewKindEnum": "scoring.models.ReviewKind",
        "FlagStatusEnum": "scoring.models.FlagStatus",
        "RoundKindEnum": "questionbank.models.RoundKind",
        "LevelEnum": "questionbank.models.Level",
        "DomainEnum": "questionbank.models.Domain",
    },
    # Object ids are positive database ids.
    "PATH_CONVERTER_OVERRIDES": {"int": {"type": "integer", "minimum": 1, "maximum": 2147483647}},
}

# --- Product limits -------------------------------------------------------------------------------
ANSWER_MAX_CHARS = 20_000
CODE_MAX_CHARS = 64_000
# Saves that arrive this long after the deadline still count (network latency, the last autosave).
DEADLINE_GRACE_SECONDS = 30

# --- Booking (interviews/slots.py, bookings.py, loops.py) ----------------------------------------------------------------
BOOKING_HORIZON_DAYS = int(os.environ.get("BOOKING_HORIZON_DAYS", "14"))  # how far ahead slots are offered
BOOKING_SLOT_STEP_MINUTES = 15  # slots start on this grid from the start of each availability window
BOOKING_CHANGE_CUTOFF_HOURS = int(os.environ.get("BOOKING_CHANGE_CUTOFF_HOURS", "12"))
# A round can be cancelled within this many minutes of booking it, whatever the cut-off (a misclick).
BOOKING_FREE_CANCEL_MINUTES = 10
LOOP_GAP_MINUTES = 15  # the candidate's break between two rounds of a loop
PROJECT_BRIEF_MAX_CHARS = 5_000  # about one page

# --- Reviews and calibration (docs/scoring.md) ----------------------------------------------------
REVIEWS_PER_SUBMISSION = int(os.environ.get("REVIEWS_PER_SUBMISSION", "2"))
# A claimed review that is not submitted in this time goes back to the queue.
REVIEW_CLAIM_MINUTES = int(os.environ.get("REVIEW_CLAIM_MINUTES", "120"))
# A self-paced round still short of reviews this long after it was submitted goes to the curators.
REVIEW_ESCALATE_AFTER_HOURS = int(os.environ.get("REVIEW_ESCALATE_AFTER_HOURS", "72"))
# Give to get: each review given in the window moves the reviewer's own waiting rounds this much earlier.
REVIEW_GIVE_TO_GET_HOURS = int(os.environ.get("REVIEW_GIVE_TO_GET_HOURS", "12"))
REVIEW_GIVE_TO_GET_MAX_CREDIT = 6
REVIEW_GIVE_TO_GET_WINDOW_DAYS = 30
# Consecutive gold submissions within one point on every criterion needed to be calibrated.
CALIBRATION_ATTEMPTS_REQUIRED = 2
# Curators see a reviewer as an outlier below this kappa or above this mean absolute difference.
AGREEMENT_MIN_PAIRS = 5
AGREEMENT_OUTLIER_KAPPA = 0.4
AGREEMENT_OUTLIER_MAD = 1.0

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container health check talks plain http to gunicorn itself; everything else is redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^api/health/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# --- Hardening (issue 13: login limits, email verification, input guard, CSP, logs) ----------------
# docs/security.md explains each piece. Kept in one block on purpose.
INSTALLED_APPS += ["axes", "csp"]
MIDDLEWARE = [
    "config.observability.RequestIdMiddleware",  # first: every log line of the request carries its id
    "config.input_guard.InputGuardMiddleware",  # NUL bytes, lone surrogates, JSON depth/size: a clean 400
    *MIDDLEWARE,
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# The client address (config/client_address.py): REMOTE_ADDR unless N trusted proxies in front append
# X-Forwarded-For; then the N-th entry from the right. 0 (the default) ignores X-Forwarded-For entirely.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Login limits on django-axes' database handler (interviews/login_limits.py): never the account alone.
AUTHENTICATION_BACKENDS = [
    "interviews.login_limits.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_RATE_LIMIT = int(os.environ.get("LOGIN_RATE_LIMIT", "5"))  # failures per (username, address) pair
LOGIN_ADDRESS_RATE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "30"))  # per address, any user
LOGIN_RATE_WINDOW_SECONDS = int(os.environ.get("LOGIN_RATE_WINDOW_SECONDS", "300"))
AXES_HANDLER = "interviews.login_limits.PairAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "interviews.login_limits.pair_failure_limit"  # reads LOGIN_RATE_LIMIT per request
AXES_COOLOFF_TIME = "interviews.login_limits.cool_off"  # reads LOGIN_RATE_WINDOW_SECONDS per request
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "interviews.login_limits.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful login
AXES_VERBOSE = False
# Anonymous requests that send an email (password reset, sign-up, resend): per (email, address) pair
# and per address, counted in the database.
EMAIL_RATE_LIMIT = int(os.environ.get("EMAIL_RATE_LIMIT", "3"))
EMAIL_ADDRESS_RATE_LIMIT = int(os.environ.get("EMAIL_ADDRESS_RATE_LIMIT", "20"))
EMAIL_RATE_WINDOW_SECONDS = int(os.environ.get("EMAIL_RATE_WINDOW_SECONDS", "3600"))
# Sign-up: the account is inactive until the emailed, signed link is followed.
EMAIL_VERIFICATION_MAX_AGE_SECONDS = 3 * 24 * 3600

# Bad input (config/input_guard.py): JSON bodies on /api/ nested deeper or larger than this get a 400.
API_JSON_MAX_DEPTH = 32
API_JSON_MAX_BYTES = int(os.environ.get("API_JSON_MAX_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = max(API_JSON_MAX_BYTES, 2_621_440)
# The schema declares what text inputs refuse (config/api.py), so schemathesis' checks hold.
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums",
    "config.api.declare_text_limits",
]

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. Templates keep every
# script and style in static files; /api/docs/ and /api/redoc/ relax styles only (config/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The nonce is for the one <style> element the code editor injects (static/src/editor.js).
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Logs: JSON lines (time, level, logger, request id, message) unless DEBUG, where plain text reads better.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
