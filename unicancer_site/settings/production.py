"""Production settings: everything from base, plus what a public deployment must have.

Refuses to start without a real SECRET_KEY, an explicit ALLOWED_HOSTS, PostgreSQL (DATABASE_URL) and Redis
(CACHE_URL): a forgotten variable stops the start with a message naming it, rather than serving a half-configured
site. Uploaded media go to S3-compatible storage when MEDIA_S3_BUCKET is set, else to MEDIA_ROOT.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

for _name, _meaning in [
    ("SECRET_KEY", "a long random string"),
    ("ALLOWED_HOSTS", "comma-separated host names"),
    ("DATABASE_URL", "postgres://user:password@host:5432/name"),
    ("CACHE_URL", "redis://host:6379/0"),
]:
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production ({_meaning}).")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database in production (postgres://…).")

DEBUG = False
# Persistent database connections: a new connection per request cost 18-25 % of the throughput (issue 13). Each
# gunicorn thread keeps its own; the health check (base settings) replaces one that PostgreSQL closed.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Load balancers probe over plain HTTP from inside: /healthz and /readyz are never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Password-reset links never go to the log: SMTP unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files: hashed names and compressed copies, served by WhiteNoise with long cache lifetimes.
STORAGES = {
    # Uploads are named by their checked content (core/uploads.py).
    "default": {"BACKEND": "unicancer_site.core.uploads.ContentNamedStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media: on local disk (MEDIA_ROOT, shared by the instances), or on S3-compatible storage (django-storages).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            # Uploaded names are random (core.uploads): never overwrite, never list.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": env_bool("MEDIA_S3_SIGNED_URLS", default=False),
        },
    }
    # The credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables.
    SERVE_MEDIA = False
    _media_host = env_str("MEDIA_S3_CUSTOM_DOMAIN") or env_str("MEDIA_S3_ENDPOINT_URL")
    if _media_host:
        _origin = _media_host if "://" in _media_host else f"https://{_media_host}"
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_origin)

# One JSON object a line on the standard error, for the log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
