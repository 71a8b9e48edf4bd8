"""Test settings: the real settings plus fast hashing, eager Celery and captured email.

DATABASE_URL / REDIS_URL, when set, still switch the suite to PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("MOCKLOOP_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Each test process gets its own key space on the shared Redis.
    CACHES["default"]["KEY_PREFIX"] = f"mockloop-test-{os.getpid()}"

# Tasks run inline unless a test starts a real worker (tests/worker.py) for the promises only a real
# worker process can keep.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
LOGIN_RATE_LIMIT = 5
# Browser tests talk plain http to the live server.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The live server of browser tests serves static files straight from static/ through WhiteNoise.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A worker process started by a test must see the test database, so SQLite's test DB is a file.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
# Unit tests grade inside a test transaction, which a heartbeat thread's own connection cannot see: a
# lease this long is never renewed there. Worker tests start real workers with the real settings.
GRADING_LEASE_SECONDS = 600
