"""Error responses of the whole site: JSON under the API's prefix, the site's pages elsewhere.

Django calls these views (``handler400`` … ``handler500`` in the root URLconf, ``CSRF_FAILURE_VIEW``), and
the site's middleware answers with ``error_response``. A database that cannot be reached is no bug of the
page: ``server_error`` answers 503 with ``Retry-After``, so that a load balancer and a client retry later.
"""

import contextlib
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from .i18n import api_language

# Seconds a client is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def _messages() -> dict[int, str]:
    return {
        400: _("Bad request."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("Method not allowed."),
        500: _("Server error."),
        503: _("The service is briefly unavailable: try again in a few moments."),
    }


def wants_json(request) -> bool:
    """True for the API's addresses (``JSON_ERROR_PATH_PREFIXES``), whose clients read JSON, not pages."""
    return request.path.startswith(tuple(settings.JSON_ERROR_PATH_PREFIXES))


def json_error(status: int, message: str | None = None, *, request=None, parameter: str = "detail") -> JsonResponse:
    """The API's error shape: ``{"errors": {parameter: ["message"]}}`` ("detail" when no parameter is at fault),
    in the language the client asked for (``?lang=``, else Accept-Language) when ``request`` is given."""
    language = api_language(request) if request is not None else None
    with translation.override(language) if language else contextlib.nullcontext():
        response = JsonResponse(
            {"errors": {parameter: [str(message or _messages()[status])]}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    if language:
        response["Content-Language"] = language
    return response


def database_unavailable(exc: BaseException | None) -> bool:
    """A database that refused, dropped or timed out the connection (or a statement), not a bug in a query."""
    return isinstance(exc, OperationalError | InterfaceError)


def _self_contained_page(request, template_name: str, status: int) -> HttpResponse:
    # No RequestContext: no context processor, nothing that could need what failed. The style's nonce only.
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    html = loader.get_template(template_name).render({"csp_nonce": nonce})
    return HttpResponse(html, status=status)


def error_response(request, status: int, message: str | None = None) -> HttpResponse:
    """An error answer in the form the caller reads: JSON under the API, a plain page elsewhere."""
    if wants_json(request):
        return json_error(status, message)
    if status == 503:
        return _self_contained_page(request, "503.html", 503)
    if status >= 500:
        return _self_contained_page(request, "500.html", status)
    return HttpResponse(message or _messages()[status], status=status, content_type="text/plain; charset=utf-8")


def _caused_by_the_database(exception: BaseException | None) -> bool:
    seen = set()
    while exception is not None and id(exception) not in seen:
        if database_unavailable(exception):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def bad_request(request, exception=None):
    """``handler400``; but a session that could not be saved because the database is down (Django says
    "session interrupted", a 400) is the service's fault, not the client's: 503 with Retry-After."""
    if _caused_by_the_database(exception):
        response = error_response(request, 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # A request value the site cannot read (core.middleware.InvalidRequestValue) names its parameter.
    parameter = getattr(exception, "parameter", None)
    message = getattr(exception, "message", None) or _("The request could not be read.")
    if wants_json(request):
        return json_error(400, message, request=request, parameter=parameter or "detail")
    return render(request, "400.html", {"parameter": parameter, "message": message}, status=400)


def permission_denied(request, exception=None):
    """``handler403``."""
    if wants_json(request):
        return json_error(403, request=request)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    """``handler404``."""
    if wants_json(request):
        return json_error(404, request=request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """``handler500``: 503 with Retry-After when the database is unreachable, else the 500 page.

    Django calls it while handling the exception, so ``sys.exc_info()`` holds it. The traceback goes to the
    log (``django.request``), never to the visitor.
    """
    status = 503 if database_unavailable(sys.exc_info()[1]) else 500
    response = error_response(request, status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the API's clients get JSON like every other error."""
    if wants_json(request):
        return json_error(403, _("CSRF verification failed."))
    return csrf.csrf_failure(request, reason)
