"""Compressed HTML and JSON for responses that carry no secret (brotli when the client accepts it, else gzip).

Django's ``GZipMiddleware`` does the gzip part (Vary, weak ETag, streaming, "Heal the Breach" padding); brotli
comes from Google's own binding (the ``brotli`` package). Our own code is only the choice of what may be
compressed: django-compression-middleware (the one package that does both) compresses every response, secrets
included, and has not been released since 2023.

BREACH: an attacker who can put text into a compressed response that also holds a secret can guess the secret from
the response's length. So a response is left uncompressed when it holds a CSRF token (a view that uses one makes
Django's CSRF middleware set the CSRF cookie on that very response) or when the request carries or the response
sets a session cookie (a signed-in user's page may show what only they may see). Public pages and the API's JSON
are compressed; static files already are (WhiteNoise serves its precompressed copies).
"""

import brotli
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

COMPRESSED_TYPES = ("text/html", "application/json", "application/xml", "text/xml", "text/plain", "text/csv")
accepts_brotli = _lazy_re_compile(r"\bbr\b")
# Quality 4: about gzip's speed for a better ratio; the highest qualities cost far more CPU than they save bytes
# on a page built for each request.
BROTLI_QUALITY = 4


def carries_secret(request, response) -> bool:
    """True when compressing the response could leak a secret through its length (BREACH)."""
    return (
        settings.CSRF_COOKIE_NAME in response.cookies
        or settings.SESSION_COOKIE_NAME in response.cookies
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class CompressionMiddleware(GZipMiddleware):
    """Brotli or gzip for HTML, JSON, XML, CSV and text responses without a secret; anything else passes as is."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSED_TYPES or response.has_header("Content-Encoding"):
            return response
        if carries_secret(request, response):
            return response
        if response.streaming or not accepts_brotli.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return super().process_response(request, response)
        if len(response.content) < 200:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(response.content, quality=BROTLI_QUALITY)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response
