"""Middleware of the whole site: one log line per request with its id, and no TRACE."""

import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject, empty

from .errors import error_response
from .logs import request_id_var

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
