"""Reverie settings: one module, driven by the environment.

With nothing set, everything runs on one machine with no key and no service: SQLite under
var/, media on the local disk, jobs in a thread pool of the serving process, an in-memory
channel layer and the offline AI engines. Each production part is switched on by its variable;
core.checks reports a missing or inconsistent one at start-up, naming it.
"""

from __future__ import annotations

import ipaddress
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# Problems found while reading the environment. They are reported by the system check
# "core.E001" so that `manage.py check`, `migrate` and the Celery worker all refuse to start
# with a message naming the variable, instead of failing later inside a job.
SETTINGS_ERRORS: list[tuple[str, str]] = []


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    SETTINGS_ERRORS.append((name, f"{name}={value!r} is not a boolean; use true or false."))
    return default.lower() == "true"


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        SETTINGS_ERRORS.append((name, f"{name}={value!r} is not a whole number."))
        return int(default)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))
# Off unless the developer opts in: `make run` serves like production (error pages, no
# debug pages, compressed static files). DEBUG=true shows tracebacks and the URL map.
DEBUG = envbool("DEBUG", "False")

# With ALLOWED_HOSTS unset the site answers only on this machine's loopback names, where
# plain http is all there is: TLS-only settings stay off and a secret key is made once under
# VAR_DIR. Setting ALLOWED_HOSTS makes it a deployment, with the strict defaults below.
LOCAL_ONLY = "ALLOWED_HOSTS" not in os.environ
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
if not DEBUG and not ALLOWED_HOSTS:
    SETTINGS_ERRORS.append(
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list the site's host names when DEBUG is off.")
    )


def local_secret_key(path: Path) -> str:
    """This machine's own key, made on first use and kept (owner-readable only)."""
    from django.core.management.utils import get_random_secret_key

    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = get_random_secret_key()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when two processes start at once, the second one reads the first one's key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    except OSError:
        return key  # a read-only checkout: sessions last as long as the process
    with os.fdopen(fd, "w") as out:
        out.write(key)
    return key


SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if LOCAL_ONLY or DEBUG:
        SECRET_KEY = local_secret_key(VAR_DIR / "secret_key")
    else:
        SETTINGS_ERRORS.append(("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off."))
        SECRET_KEY = "unset"
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Reverie")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "axes",
    "csp",
    "core",
    "accounts",
    "uploads",
    "captioning",
    "music",
    "dreams",
    "stories",
]

MIDDLEWARE = [
    "core.middleware.ErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The visitor's language: the switcher's cookie, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last of the real ones, as django-axes asks: it turns a locked-out sign-in into the
    # lockout page.
    "axes.middleware.AxesMiddleware",
    # Innermost, and does nothing: being sync only, it keeps the chain in one thread.
    "core.middleware.SyncChainMiddleware",
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
                "core.context_processors.site",
            ],
        },
    },
]

# Database ---------------------------------------------------------------------------------
DATABASE_URL = os.getenv("DATABASE_URL", "")
# PostgreSQL connections come from one psycopg pool per process: a request (or job thread)
# borrows one when it first queries and gives it back when it ends. Without it every
# concurrent request of an ASGI server opens its own (each runs on a thread of its own), and
# 200 at once exhaust the server's max_connections. A request that finds the pool empty waits
# DB_POOL_TIMEOUT seconds, then gets a 503 with Retry-After (core.errors). Size it so that
# server processes × DB_POOL_MAX stays under max_connections with room for the workers
# (README, "Connections"; a prefork Celery worker drops the pool, config.celery).
DB_POOL_MIN = envint("DB_POOL_MIN", "2")
DB_POOL_MAX = envint("DB_POOL_MAX", "10")
DB_POOL_TIMEOUT = float(os.getenv("DB_POOL_TIMEOUT", "5"))
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    except ValueError as exc:
        SETTINGS_ERRORS.append(("DATABASE_URL", f"DATABASE_URL is not a database URL: {exc}"))
        DATABASES = {"default": {"ENGINE": "django.db.backends.dummy"}}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        if not 1 <= DB_POOL_MIN <= DB_POOL_MAX:
            SETTINGS_ERRORS.append(("DB_POOL_MAX", "DB_POOL_MAX must be at least DB_POOL_MIN, "
                                                   "and DB_POOL_MIN at least 1."))
            DB_POOL_MIN, DB_POOL_MAX = 1, max(1, DB_POOL_MAX)
        # Django refuses a pool with persistent connections: the pool is what persists.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        # A pooled connection is checked (an empty query) as it is lent, so one that
        # PostgreSQL dropped (a restart, a forked process closing it) is replaced, not handed out.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = envbool("DB_POOL_CHECK", "True")
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": DB_POOL_MIN, "max_size": DB_POOL_MAX, "timeout": DB_POOL_TIMEOUT,
            # Idle connections above min_size are closed after this long.
            "max_idle": envint("DB_POOL_MAX_IDLE", "300"),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # Worker threads write job progress while requests read it; wait for the lock
            # instead of failing with "database is locked". Write-ahead logging lets those
            # reads go on during a write, and with synchronous=NORMAL a commit is not flushed
            # to disk on its own (checkpoints are): an upload's dozen commits cost ~0.02 ms
            # each instead of ~1 ms. A crashed process loses nothing; a power cut may lose
            # the last moments, never the database's consistency.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, channel layer and (unless told otherwise) the Celery broker -----------------
REDIS_URL = os.getenv("REDIS_URL", "")
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", REDIS_URL)
for _name, _url in (("REDIS_URL", REDIS_URL), ("CELERY_BROKER_URL", CELERY_BROKER_URL)):
    if _url and not _url.startswith(("redis://", "rediss://", "amqp://", "unix://")):
        SETTINGS_ERRORS.append((_name, f"{_name} must be a redis:// (or amqp://) URL."))

# Every Django cache object (one per thread and per request context under ASGI) shares one
# connection pool and one client per process (core.redis_pool), so the throttle does not open
# a connection or build a client per request. Short timeouts: the cache is an optimisation
# and the throttle fails open, so a Redis that does not answer costs a request
# REDIS_SOCKET_TIMEOUT at most, never a hang.
REDIS_SOCKET_TIMEOUT = float(os.getenv("REDIS_SOCKET_TIMEOUT", "1"))
REDIS_POOL_MAX = envint("REDIS_POOL_MAX", "50")
# channels-redis waits for a socket's next message with BZPOPMIN for brpop_timeout (5 s,
# RedisChannelLayer.brpop_timeout in channels_redis/core.py) and then loops. redis-py 8's
# default socket_timeout is also 5 s (redis/_defaults.py), so an idle socket's blocking read
# could time out first and the consumer died with "Timeout reading from ...". The layer's own
# read timeout is kept well above the blocking pop.
CHANNEL_LAYER_SOCKET_TIMEOUT = 15.0
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "core.redis_pool.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "pool_class": "core.redis_pool.SharedConnectionPool",
            "max_connections": REDIS_POOL_MAX,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            "health_check_interval": 30,
        },
    }}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # A dict host: its keys go to redis.asyncio.ConnectionPool.from_url
                # (channels_redis.utils.create_pool).
                "hosts": [{"address": REDIS_URL,
                           "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT,
                           "socket_connect_timeout": 5,
                           "socket_keepalive": True,
                           "health_check_interval": 30}],
                "prefix": "reverie",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "core.layers.ThreadSafeInMemoryChannelLayer"}}

# Jobs ---------------------------------------------------------------------------------------
# "inprocess": a thread pool inside the serving process runs the tasks; "celery": workers do.
JOB_RUNNER = os.getenv("JOB_RUNNER", "celery" if CELERY_BROKER_URL else "inprocess")
if JOB_RUNNER not in {"celery", "inprocess"}:
    SETTINGS_ERRORS.append(("JOB_RUNNER", "JOB_RUNNER must be 'celery' or 'inprocess'."))
if JOB_RUNNER == "celery" and not CELERY_BROKER_URL:
    SETTINGS_ERRORS.append(
        ("CELERY_BROKER_URL", "JOB_RUNNER=celery needs CELERY_BROKER_URL or REDIS_URL.")
    )
JOB_THREADS = envint("JOB_THREADS", "4")
# Background jobs (a track's MP3 and OGG, made after its WAV plays) have threads of their own
# in the in-process runner and the lowest priority on Celery's queue, so they never hold up a
# track; BACKGROUND_PRIORITY is a Redis-transport priority (0 first, 9 last).
JOB_BACKGROUND_THREADS = envint("JOB_BACKGROUND_THREADS", "2")
# ...and start this long after they are sent (in-process only): the player's first fetch of a
# track's WAV, right after it became playable, took 40 % longer with both encodes starting at
# once; 0.2 s covers that fetch and still has both encodes done within about a second.
JOB_BACKGROUND_DELAY_SECONDS = float(os.getenv("JOB_BACKGROUND_DELAY_SECONDS", "0.2"))
JOB_BACKGROUND_PRIORITY = 9
JOB_MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", "3")
JOB_RETRY_BASE_SECONDS = float(os.getenv("JOB_RETRY_BASE_SECONDS", "2"))
# A running job's worker touches its row this often; a row untouched for JOB_STALE_AFTER
# belongs to a dead worker and is retried or failed by the reaper.
JOB_HEARTBEAT_SECONDS = float(os.getenv("JOB_HEARTBEAT_SECONDS", "10"))
JOB_STALE_AFTER_SECONDS = float(os.getenv("JOB_STALE_AFTER_SECONDS", "45"))
# A job whose process died this many times is failed instead of retried into a crash loop.
JOB_MAX_CRASHES = envint("JOB_MAX_CRASHES", "2")
# A claim the database refused is tried again this much later (the message is kept).
JOB_CLAIM_RETRY_SECONDS = float(os.getenv("JOB_CLAIM_RETRY_SECONDS", "5"))
# A running job's progress is stored and pushed to its owner's sockets at most this often.
JOB_PROGRESS_INTERVAL_SECONDS = float(os.getenv("JOB_PROGRESS_INTERVAL_SECONDS", "0.25"))
# Backpressure (core.backpressure): an owner with this many jobs waiting is asked to wait
# (429); with JOB_MAX_QUEUED waiting in all, or the broker just found unreachable, new work
# is refused for everyone (503). Both with Retry-After, before anything is saved.
JOB_MAX_QUEUED_PER_OWNER = envint("JOB_MAX_QUEUED_PER_OWNER", "12")
JOB_OWNER_RETRY_AFTER_SECONDS = envint("JOB_OWNER_RETRY_AFTER_SECONDS", "10")
JOB_MAX_QUEUED = envint("JOB_MAX_QUEUED", "1000")
JOB_BROKER_RETRY_SECONDS = envint("JOB_BROKER_RETRY_SECONDS", "10")

CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Unacknowledged messages come back after this long; the job reaper recovers dead workers'
# jobs much sooner, and a redelivered message finds its job already claimed and does nothing.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT",
                                                                "3600"),
                                   # A broker that does not answer fails a send in seconds
                                   # (core.jobs keeps the job for a sweep), not a hang.
                                   "socket_timeout": 5, "socket_connect_timeout": 2}
# Sending a task waits at most about a second for a broker that went away (Celery's default
# retries for several), so a request thread is not held.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.2, "interval_max": 0.5}

# Media and static -----------------------------------------------------------------------------
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
UPLOAD_MAX_SIDE = envint("UPLOAD_MAX_SIDE", "2048")
# Pictures decoded at once per process (each up to ~70 MiB while it is read), and how long an
# upload waits for its turn before a 503 asks to try again.
UPLOAD_DECODES = envint("UPLOAD_DECODES", "2")
UPLOAD_DECODE_WAIT_SECONDS = float(os.getenv("UPLOAD_DECODE_WAIT_SECONDS", "30"))
# Every recording core.speech takes (a dream, a spoken storybook theme) is held to these.
DREAM_AUDIO_MAX_BYTES = envint("DREAM_AUDIO_MAX_BYTES", str(20 * 1024 * 1024))
DREAM_AUDIO_MAX_SECONDS = envint("DREAM_AUDIO_MAX_SECONDS", "600")
DREAM_TEXT_MAX_CHARS = envint("DREAM_TEXT_MAX_CHARS", "20000")
# core.asgi_limits: a body larger than this (picture uploads: UPLOAD_MAX_BYTES and the form
# around it) is refused with a 413 before it is read, from its Content-Length or, chunked, as
# soon as it passes the limit; one whose next part takes REQUEST_BODY_IDLE_SECONDS, or that
# is not complete after REQUEST_BODY_TOTAL_SECONDS, gets a 408 (uvicorn has no body timeout).
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES",
                           str(max(UPLOAD_MAX_BYTES, DREAM_AUDIO_MAX_BYTES) + 1024 * 1024))
REQUEST_BODY_IDLE_SECONDS = float(os.getenv("REQUEST_BODY_IDLE_SECONDS", "15"))
REQUEST_BODY_TOTAL_SECONDS = float(os.getenv("REQUEST_BODY_TOTAL_SECONDS", "120"))
# core.asgi_limits: picture uploads inside Django at once per process; the others wait, unread,
# this long for their turn, then get a 503 with Retry-After.
UPLOADS_AT_ONCE = envint("UPLOADS_AT_ONCE", "4")
UPLOAD_QUEUE_SECONDS = float(os.getenv("UPLOAD_QUEUE_SECONDS", "30"))
# Uploaded files larger than this are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Audio codecs run in worker processes (core.isolation): a crash there fails one file, not
# the server. How many at once, and how long one call may take before its worker is killed.
ISOLATED_WORKERS = envint("ISOLATED_WORKERS", "2")
ISOLATED_TIMEOUT_SECONDS = float(os.getenv("ISOLATED_TIMEOUT_SECONDS", "120"))
# Background encodes get workers of their own, this much nicer (lower CPU priority).
ISOLATED_BACKGROUND_WORKERS = envint("ISOLATED_BACKGROUND_WORKERS", "2")
ISOLATED_BACKGROUND_NICE = envint("ISOLATED_BACKGROUND_NICE", "10")
# A download of an MP3/OGG still being made waits this long for it, then answers 503 "being
# prepared" with Retry-After (a 120 s track's MP3 takes about a second).
ENCODE_WAIT_SECONDS = float(os.getenv("ENCODE_WAIT_SECONDS", "15"))

GS_BUCKET_NAME = os.getenv("GS_BUCKET_NAME", "")
GS_PROJECT_ID = os.getenv("GS_PROJECT_ID", "")
GS_SIGNED_URL_SECONDS = envint("GS_SIGNED_URL_SECONDS", "3600")
# How long a media URL (V4 signed on Cloud Storage, core.media's signature locally) works.
MEDIA_URL_SECONDS = envint("MEDIA_URL_SECONDS", str(GS_SIGNED_URL_SECONDS))
GS_CHECK_TIMEOUT_SECONDS = float(os.getenv("GS_CHECK_TIMEOUT_SECONDS", "10"))
if not 1 <= GS_SIGNED_URL_SECONDS <= 7 * 24 * 3600:  # V4 signed URLs live at most 7 days
    SETTINGS_ERRORS.append(("GS_SIGNED_URL_SECONDS",
                            "GS_SIGNED_URL_SECONDS must be between 1 and 604800 (7 days)."))
if not 1 <= MEDIA_URL_SECONDS <= 7 * 24 * 3600:
    SETTINGS_ERRORS.append(("MEDIA_URL_SECONDS",
                            "MEDIA_URL_SECONDS must be between 1 and 604800 (7 days)."))


def _google_key_file() -> tuple[str, str]:
    """The variable naming a key file for Cloud Storage, and its path ("" when none is set)."""
    for name in ("GS_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"):
        if os.getenv(name, "").strip():
            return name, os.environ[name].strip()
    return "", ""


def _load_google_credentials(name: str, path: str) -> Any:
    # Loaded here, not left to google-cloud-storage: with STORAGE_EMULATOR_HOST set it ignores
    # GOOGLE_APPLICATION_CREDENTIALS and signs with nothing, so the emulator and Google must
    # both be handed the same credentials.
    import google.auth
    from google.auth import exceptions
    from google.oauth2 import service_account

    scopes = ["https://www.googleapis.com/auth/cloud-platform"]
    try:
        with open(path, encoding="utf-8") as handle:
            info = json.load(handle)
        if isinstance(info, dict) and info.get("type") == "service_account":
            return service_account.Credentials.from_service_account_file(path, scopes=scopes)
        # Other credential files (a person's login, workload identity federation) hold no
        # private key; their URLs are signed through IAM.
        return google.auth.load_credentials_from_file(path, scopes=scopes)[0]
    except OSError as exc:
        SETTINGS_ERRORS.append((name, f"{name}={path!r}: the key file cannot be read "
                                      f"({exc.strerror or exc})."))
    except (ValueError, TypeError, exceptions.DefaultCredentialsError) as exc:
        SETTINGS_ERRORS.append((name, f"{name}={path!r} is not a usable Google Cloud "
                                      f"key file: {exc}"))
    return None


# The credentials object (django-storages' name for it), from the key file that the variable
# GS_CREDENTIALS, else GOOGLE_APPLICATION_CREDENTIALS, names; None: Application Default
# Credentials (the metadata server on Google Cloud).
GS_CREDENTIALS: Any = None
if GS_BUCKET_NAME and _google_key_file()[0]:
    GS_CREDENTIALS = _load_google_credentials(*_google_key_file())
# Without a private key (Application Default Credentials on Cloud Run and GKE, a person's
# login) URLs can only be signed through the IAM signBlob API, so that is the default then.
GS_IAM_SIGN_BLOB = envbool("GS_IAM_SIGN_BLOB",
                           "False" if hasattr(GS_CREDENTIALS, "sign_bytes") else "True")
GS_SA_EMAIL = os.getenv("GS_SA_EMAIL", "")
if GS_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "core.storage_gcs.GoogleCloudMediaStorage",
        "OPTIONS": {
            "bucket_name": GS_BUCKET_NAME,
            "project_id": GS_PROJECT_ID or getattr(GS_CREDENTIALS, "project_id", None),
            # A private bucket: every media URL is a V4 signed URL that expires.
            "querystring_auth": True,
            "default_acl": None,
            "expiration": timedelta(seconds=MEDIA_URL_SECONDS),
            "file_overwrite": False,
            "credentials": GS_CREDENTIALS,
            # Signing through IAM needs Service Account Token Creator on the signing account.
            "iam_sign_blob": GS_IAM_SIGN_BLOB,
            "sa_email": GS_SA_EMAIL or None,
        },
    }
else:
    _media_storage = {"BACKEND": "core.storage.MediaFileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# AI engines -----------------------------------------------------------------------------------
OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.getenv("OPENAI_BASE_URL", "")
OPENAI_TIMEOUT_SECONDS = float(os.getenv("OPENAI_TIMEOUT_SECONDS", "60"))
OPENAI_MAX_RETRIES = envint("OPENAI_MAX_RETRIES", "3")
# Every model is a setting. The defaults are models the pinned openai SDK does not list among
# its "Deprecated values"; tests/core/test_models.py turns red when an SDK upgrade lists one.
OPENAI_CAPTION_MODEL = os.getenv("OPENAI_CAPTION_MODEL", "gpt-5.4-mini")
# One text model serves the dream reading, the dream story and the storybook; each may be
# overridden on its own.
OPENAI_TEXT_MODEL = os.getenv("OPENAI_TEXT_MODEL", "gpt-5.4-mini")
OPENAI_INTERPRETATION_MODEL = os.getenv("OPENAI_INTERPRETATION_MODEL", OPENAI_TEXT_MODEL)
OPENAI_DREAM_STORY_MODEL = os.getenv("OPENAI_DREAM_STORY_MODEL", OPENAI_TEXT_MODEL)
OPENAI_STORY_MODEL = os.getenv("OPENAI_STORY_MODEL", OPENAI_TEXT_MODEL)
OPENAI_IMAGE_MODEL = os.getenv("OPENAI_IMAGE_MODEL", "gpt-image-2")
OPENAI_TRANSCRIPTION_MODEL = os.getenv("OPENAI_TRANSCRIPTION_MODEL", "gpt-transcribe")
OPENAI_MODERATION_MODEL = os.getenv("OPENAI_MODERATION_MODEL", "omni-moderation-latest")
# Image generation can take minutes: it has its own timeout, and a timed-out generation is
# tried again at most once (each attempt may be billed).
OPENAI_IMAGE_TIMEOUT_SECONDS = float(os.getenv("OPENAI_IMAGE_TIMEOUT_SECONDS", "240"))

VERTEX_PROJECT = os.getenv("VERTEX_PROJECT", "")
VERTEX_LOCATION = os.getenv("VERTEX_LOCATION", "us-central1")
VERTEX_API_ENDPOINT = os.getenv("VERTEX_API_ENDPOINT", "")
VERTEX_PIPELINE_ROOT = os.getenv("VERTEX_PIPELINE_ROOT", "")  # default gs://$GS_BUCKET_NAME/pipelines
# The identity pipeline steps run as (default: the project's Compute Engine service account).
VERTEX_SERVICE_ACCOUNT = os.getenv("VERTEX_SERVICE_ACCOUNT", "")
VERTEX_MUSIC_MODEL = os.getenv("VERTEX_MUSIC_MODEL", "lyria-002")
MUSIC_BACKEND = os.getenv("MUSIC_BACKEND", "vertex-pipeline" if VERTEX_PROJECT else "offline")

_MUSIC_BACKENDS = {
    "offline": "music.backends.offline.OfflineComposer",
    "vertex-pipeline": "music.backends.vertex.VertexPipelineComposer",
    "vertex-lyria": "music.backends.vertex.VertexLyriaComposer",
}
if MUSIC_BACKEND not in _MUSIC_BACKENDS:
    SETTINGS_ERRORS.append(
        ("MUSIC_BACKEND", f"MUSIC_BACKEND must be one of {', '.join(_MUSIC_BACKENDS)}.")
    )
    MUSIC_BACKEND = "offline"
elif MUSIC_BACKEND != "offline" and not VERTEX_PROJECT:
    SETTINGS_ERRORS.append(
        ("VERTEX_PROJECT", f"MUSIC_BACKEND={MUSIC_BACKEND} needs VERTEX_PROJECT.")
    )


def _openai_or_offline(openai_path: str, offline_path: str) -> dict:
    return {"BACKEND": openai_path if OPENAI_API_KEY else offline_path, "OPTIONS": {}}


AI_BACKENDS = {
    "captioning": _openai_or_offline("captioning.backends.openai.OpenAICaptioner",
                                     "captioning.backends.offline.OfflineCaptioner"),
    "music": {"BACKEND": _MUSIC_BACKENDS[MUSIC_BACKEND], "OPTIONS": {}},
    "transcription": _openai_or_offline("core.speech.transcribers.OpenAITranscriber",
                                        "core.speech.transcribers.PocketSphinxTranscriber"),
    "moderation": _openai_or_offline("core.moderation.moderators.OpenAIModerator",
                                     "core.moderation.moderators.WordListModerator"),
    "interpretation": _openai_or_offline("dreams.backends.interpretation.OpenAIInterpreter",
                                         "dreams.backends.interpretation.OfflineInterpreter"),
    "dream_story": _openai_or_offline("dreams.backends.story.OpenAIDreamStoryteller",
                                      "dreams.backends.story.OfflineDreamStoryteller"),
    "dream_image": _openai_or_offline("dreams.backends.image.OpenAIDreamPainter",
                                      "dreams.backends.image.OfflineDreamPainter"),
    "story_writer": _openai_or_offline("stories.backends.writer.OpenAIStoryWriter",
                                       "stories.backends.writer.OfflineStoryWriter"),
    "illustration": _openai_or_offline("stories.backends.illustration.OpenAIIllustrator",
                                       "stories.backends.illustration.OfflineIllustrator"),
}

# API ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes missing credentials a 401.
        "accounts.authentication.ApiTokenAuthentication",
        "core.authentication.OwnerSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.schema.ReverieAutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    # core.throttling: per address (anon) and per user, apart; polled reads on their own.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonThrottle",
        "core.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.getenv("API_THROTTLE_ANON", "1200/hour"),
        "user": os.getenv("API_THROTTLE_USER", "3000/hour"),
        "poll": os.getenv("API_THROTTLE_POLL", "600/minute"),
    },
}
# accounts.services: how long the cache may remember a known API key's user (it forgets it at
# once when the token is revoked or its user saved or deleted).
API_TOKEN_CACHE_SECONDS = envint("API_TOKEN_CACHE_SECONDS", "60")
# The proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed when
# telling clients apart; with none, the connection's own address is the client's.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        SETTINGS_ERRORS.append(("TRUSTED_PROXIES", f"TRUSTED_PROXIES: {_proxy!r} is not an "
                                                   "address or network (e.g. 10.0.0.0/8)."))
SPECTACULAR_SETTINGS = {
    "TITLE": "Reverie API",
    "DESCRIPTION": "Pictures into music, dreams into stories, ideas into storybooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from this server, so /api/docs/ works with no internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Auth, sessions, security ---------------------------------------------------------------------
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one username, or from one address, sign-in is
# refused for AXES_COOLOFF_MINUTES; a right password before then clears the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
if envbool("BEHIND_TLS_PROXY", "False"):
    # Behind one proxy the client is the last address it appends, not the proxy itself.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90  # anonymous visitors keep their results for 90 days

_secure = not DEBUG and not LOCAL_ONLY
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(_secure))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(_secure))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(_secure))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if _secure else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = _secure
if envbool("BEHIND_TLS_PROXY", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere; media and blob: for the players; the job socket.
CONTENT_SECURITY_POLICY = {
    # Swagger UI's own page (a third-party template) carries an inline style and script; it
    # shows the API description only, never what people upload.
    "EXCLUDE_URL_PREFIXES": ["/api/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *envlist("CSP_MEDIA_ORIGINS", "")],
        "media-src": ["'self'", "blob:", *envlist("CSP_MEDIA_ORIGINS", "")],
        "connect-src": ["'self'", "ws:", "wss:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if GS_BUCKET_NAME:
    for _directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append("https://storage.googleapis.com")

# Email: printed on the console unless a server is named (EMAIL_URL, or EMAIL_HOST etc.).
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Reverie <noreply@localhost>")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_URL = os.getenv("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps", "submission"} or not _email.hostname:
        SETTINGS_ERRORS.append(("EMAIL_URL", "EMAIL_URL must look like "
                                             "smtp://user:password@host:587 (or smtps://)."))
    else:
        os.environ.setdefault("EMAIL_HOST", _email.hostname)
        os.environ.setdefault("EMAIL_PORT", str(_email.port or
                                                (465 if _email.scheme == "smtps" else 587)))
        os.environ.setdefault("EMAIL_HOST_USER", unquote(_email.username or ""))
        os.environ.setdefault("EMAIL_HOST_PASSWORD", unquote(_email.password or ""))
        os.environ.setdefault("EMAIL_USE_SSL", str(_email.scheme == "smtps"))
        os.environ.setdefault("EMAIL_USE_TLS", str(_email.scheme != "smtps"))
if os.getenv("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False" if EMAIL_USE_SSL else "True")
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")

# Pages, messages and API errors in English or Korean; the language switcher's choice is kept
# in the django_language cookie for a year.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
