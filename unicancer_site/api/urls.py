"""The API: /api/v1/ (one router), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, own static files)."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from unicancer_site.core.errors import page_not_found

from .views import ApiDocsView, ApiRootView, ApiSchemaView, api_viewsets


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's JSON 404, as the URLconf's handler404 gives it."""
    return page_not_found(request, None)


class ApiRouter(DefaultRouter):
    """DRF's router, with a root that names the resources under ``SITE_URL``."""

    APIRootView = ApiRootView


router = ApiRouter()
router.include_format_suffixes = False
# Each content app declares its resources (an ApiViewSet with a ``route``) in its api/views.py.
for viewset in api_viewsets():
    router.register(viewset.route, viewset, basename=viewset.basename)

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", ApiSchemaView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page (ending in "/", so that
    # APPEND_SLASH still redirects /api/v1/centres to /api/v1/centres/).
    re_path(r"^.*/$", api_not_found),
]
