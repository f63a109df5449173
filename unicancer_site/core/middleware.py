"""Middleware every request goes through: one log line per request with its id, no TRACE, values the database
cannot hold stopped at the door, the language."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.exceptions import BadRequest
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty

from .errors import error_response
from .i18n import address_in_own_words, object_address_in_own_words, site_language
from .logs import request_id_var
from .redirects import former_slug_address

access_logger = logging.getLogger("unicancer_site.request")

# A request id given by the front server (X-Request-ID) is kept when it looks like one, so that its logs and
# ours can be matched; anything else is replaced, so that a client cannot write into the logs.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
REFUSED_METHODS = frozenset({"TRACE", "TRACK", "CONNECT"})


def _user_id(request):
    """The signed-in user's id, without a query: a user not loaded yet by the view is not loaded here
    (the database may be what failed)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class RequestLogMiddleware:
    """Gives each request an id (``X-Request-ID``, also in every log line of the request) and logs one line
    when it ends: method, path (never the query string, which may hold a token), status, duration, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID_PATTERN.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Cleared when the response is closed (core.apps), not here: Django logs a 4xx/5xx after the middleware.
        request_id_var.set(request_id)
        start = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                "user_id": _user_id(request),
            },
        )
        return response


class RefuseTraceMiddleware:
    """TRACE (and its relatives) would echo the request back, cookies included: 405 everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            response = error_response(request, 405)
            response["Allow"] = "GET, HEAD, OPTIONS, POST"
            return response
        return self.get_response(request)


NUL = "\x00"


class InvalidRequestValue(BadRequest):
    """A 400 about one request parameter: ``parameter`` names it, ``message`` says what is wrong."""

    def __init__(self, parameter: str, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class NullCharacterMiddleware:
    """A NUL character in a request value never reaches a view, so never the database.

    PostgreSQL refuses NUL in text (a DataError, so a 500) and SQLite stores it; no slug, parameter value
    or session key of the site can hold one. Django's forms already refuse NUL in what is posted
    (``ProhibitNullCharactersValidator``), but a path segment, a query parameter read by a view or a
    library (the admin's ``?q=``, a FilterSet's lookups) and the session cookie reach queries unchecked:

    - a cookie holding NUL is ignored, as if absent (a broken session cookie is no session, not an error page);
    - NUL in the path is a 404: no such page;
    - NUL in a query parameter's name or value, or in a header, is a 400 that names it.

    Place it before SessionMiddleware, which reads the session cookie. The path and the query string are checked
    in ``process_view``, which Django runs after every middleware's request phase: the language is then
    active and the error page goes back through every middleware's response phase (Content-Language, CORS).
    The errors are answered by the URLconf's ``handler404`` and ``handler400``.
    No library does this: Django checks NUL in form fields only.
    """

    message = ProhibitNullCharactersValidator.message

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            request.COOKIES = {name: value for name, value in request.COOKIES.items() if NUL not in name + value}
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if NUL in request.path:
            raise Http404(self.message)
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                raise InvalidRequestValue(name.replace(NUL, ""), self.message)
        # Headers reach the database too (the User-Agent the login lockout stores). Posted values do not need this:
        # Django's form fields refuse NUL with a form error, and text read from a POST without a form is cleaned
        # when saved (core.text).
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str) and NUL in value:
                raise InvalidRequestValue(name[5:].replace("_", "-").title(), self.message)
        return None


class AcceptLanguageLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with Accept-Language read with its weights (``core.i18n``).

    Subclassed, not replaced, so that the rest stays Django's: the redirect of ``/`` to ``/fr/`` or ``/en/``, the
    404 redirects, ``Vary`` and ``Content-Language``. ``process_request`` is Django's, line for line, but for the
    call to ``site_language``: Django's own ``get_language_from_request`` keeps a language weighted ``q=0``.
    """

    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
        language = site_language(request, check_path=i18n_patterns_used)
        language_from_path = translation.get_language_from_path(request.path_info)
        if not language_from_path and i18n_patterns_used and not prefixed_default_language:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """Django's, after a 301 for an address in the other language's path words (``/en/actualites/`` to
        ``/en/news/``, the English addresses the site had before its path words were translated)."""
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            moved = address_in_own_words(request.path_info)
            if moved is not None:
                # An object's page under its slug in the other language too (/en/actualites/<French slug>/), or under
                # a former slug: straight to its address in the page's words and slug, one redirect rather than two.
                prefix = get_script_prefix()
                path_info = "/" + moved[len(prefix) :]
                moved = (
                    object_address_in_own_words(request, path_info) or former_slug_address(request, path_info) or moved
                )
                query = request.META.get("QUERY_STRING", "")
                # ``moved`` is reversed, so it carries the script prefix already.
                return HttpResponsePermanentRedirect(f"{moved}?{query}" if query else moved)
        return super().process_response(request, response)
