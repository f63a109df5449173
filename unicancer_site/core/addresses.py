"""Addresses: the site's one public address (``SITE_URL``) and the address a request came from.

The site's one public address: every absolute URL it gives out is built here, from ``settings.SITE_URL``.

Canonical links, hreflang alternates, og:url, the sitemap, the feeds, the API's ``url`` fields, JSON-LD and
robots.txt all call :func:`absolute_url`, so that a page never names itself under two hosts (the request's
``Host`` header says how a request reached one instance, not the address the site is published under).

The client's address, read from the trusted proxies' ``X-Forwarded-For`` only when settings say how many there are.

``TRUSTED_PROXY_COUNT`` (an integer, 0 by default) is the number of proxies in front of the application, each of
which appends the address it received the request from to ``X-Forwarded-For``. With 0 the header is ignored
(anyone can write it) and ``REMOTE_ADDR`` is the client. With N, the client is the N-th address from the right:
what the outermost trusted proxy saw; anything to its left was written by the client and is not believed.

Django REST framework reads the same setting (``NUM_PROXIES``, set from it) with the same rule, so the API's
throttles and the login lockout see the same address.

Why not django-ipware (which django-axes can use): its ``proxy_count`` expects exactly that many addresses after
the client's and answers None otherwise, so a client that adds a forged address of its own gets no address at
all, and every such client would share the lockout of "None". Taking the N-th from the right cannot be steered
by the client.
"""

import ipaddress
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


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address (a string such as ``"81.2.69.142"``), or None when the request carries none.

    ``request`` is an ``HttpRequest`` (only its ``META`` is read). A malformed forwarded address falls back to
    ``REMOTE_ADDR``, never to a value the client chose.
    """
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: a proxy did not append (misconfigured); the left-most is then the nearest
    # thing to the client, as Django REST framework does.
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote
