"""The site's one public address: every absolute URL it gives out is built here, from ``settings.SITE_URL``.

Canonical links, hreflang alternates, og:url, the sitemap, the feeds, the API's ``url`` fields, JSON-LD and
robots.txt all call :func:`absolute_url`, so that a page never names itself under two hosts (the request's
``Host`` header says how a request reached one instance, not the address the site is published under).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` ("/fr/centres/", with an optional query string) under ``settings.SITE_URL``
    ("https://www.example.org/fr/centres/"). A URL that is already absolute (``http://``, ``https://``) is
    returned unchanged; a path without a leading slash gets one."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{settings.SITE_URL}{path}"


def site_scheme() -> str:
    """The scheme of ``settings.SITE_URL``: "https" or "http"."""
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_host() -> str:
    """``settings.SITE_URL`` without its scheme: "www.example.org" (with a port or a path prefix if it has one)."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def on_site(url: str | None) -> str | None:
    """An absolute URL built from a request (``build_absolute_uri()``: the host the request came by) moved under
    ``settings.SITE_URL``, path and query string kept; None stays None (no next page)."""
    if url is None:
        return None
    parts = urlsplit(url)
    return absolute_url(f"{parts.path}?{parts.query}" if parts.query else parts.path)
