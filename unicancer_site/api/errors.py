"""The 400 and 404 answers given outside the API's views (a middleware, the URL resolver).

Installed as ``handler400`` and ``handler404`` in ``unicancer_site/urls.py``: under ``/api/`` the API's JSON shape
(``{"errors": {"<parameter or 'detail'>": ["message"]}}``) in the language asked for, elsewhere the site's pages.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from .views import language_from_request

API_PATH_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Whether ``request`` is for the API (its URLs are mounted at /api/ in unicancer_site/urls.py)."""
    return request.path_info.startswith(API_PATH_PREFIX)


def json_error(request, status: int, parameter: str, message) -> JsonResponse:
    """``{"errors": {parameter: [message]}}`` with ``status``, in the language the API client asked for."""
    language = language_from_request(request)
    with translation.override(language):
        response = JsonResponse(
            {"errors": {parameter: [str(message)]}}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    response["Content-Language"] = language
    return response


def bad_request(request, exception):
    """A 400: JSON under /api/, else the site's page saying which parameter could not be read."""
    parameter = getattr(exception, "parameter", None)
    message = getattr(exception, "message", None) or _("The request could not be read.")
    if is_api_request(request):
        return json_error(request, 400, parameter or "detail", message)
    return render(request, "400.html", {"parameter": parameter, "message": message}, status=400)


def page_not_found(request, exception):
    """A 404: JSON under /api/, else the site's page (Django's view, templates/404.html)."""
    if is_api_request(request):
        return json_error(request, 404, "detail", _("Not found."))
    return defaults.page_not_found(request, exception)
