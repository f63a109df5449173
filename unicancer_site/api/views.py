"""The base of every API viewset: language, visibility, filters, pagination and conditional requests."""

import hashlib
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Q
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from unicancer_site.accounts.scoping import scope_queryset_for_user
from unicancer_site.core.addresses import on_site
from unicancer_site.core.i18n import FALLBACK_LANGUAGE, api_language, language_codes
from unicancer_site.core.parsing import parse_yes_no

from .filters import AccentInsensitiveSearchFilter, StrictDjangoFilterBackend, StrictOrderingFilter
from .models import ApiToken
from .pagination import validate_page_parameters
from .renderers import CSVRenderer
from .validators import latest_change, shown_models

DEFAULT_LANGUAGE = FALLBACK_LANGUAGE
# Names the filter values of a list that name nothing (``near=zzz``, ``centre=no-such-centre``).
UNKNOWN_REFERENCE_HEADER = "Unknown-Reference"


# ``?lang=`` first, then the best language of Accept-Language (its weights read), French by default.
language_from_request = api_language


def api_viewsets() -> list[type["ApiViewSet"]]:
    """Every resource the apps declare: the ApiViewSet subclasses with a ``route``, found in each installed app's
    ``api/views.py`` (as the admin finds ``admin.py``), in the order of INSTALLED_APPS."""
    autodiscover_modules("api.views")
    found, pending = [], list(ApiViewSet.__subclasses__())
    while pending:
        viewset = pending.pop(0)
        pending.extend(viewset.__subclasses__())
        if viewset.route:
            found.append(viewset)
    order = {config.name: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(found, key=lambda viewset: order.get(apps.get_containing_app_config(viewset.__module__).name, 0))


class ApiRootView(APIRootView):
    """/api/v1/: each resource's list under ``SITE_URL``, like the items' ``url`` and the pagination links (DRF's
    root builds them from the host the request came by)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {name: on_site(url) for name, url in response.data.items()}
        return response


class JsonErrorsMixin:
    """Errors in JSON whatever the view renders when it succeeds (the schema's YAML, the docs' HTML)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response.renderer_context = self.get_renderer_context()
        return response


class ApiSchemaView(JsonErrorsMixin, SpectacularAPIView):
    """``/api/schema/``: the OpenAPI document (YAML, or JSON with ``?format=json``); GET and HEAD only."""

    http_method_names = ["get", "head"]


class ApiDocsView(JsonErrorsMixin, SpectacularSwaggerView):
    """``/api/docs/``: Swagger UI from the site's own static files; GET and HEAD only (OPTIONS would need an
    HTML template for DRF's metadata)."""

    http_method_names = ["get", "head"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # drf-spectacular relaxes the opener policy for OAuth2 pop-ups, which the API does not use: the site's
        # own policy (same-origin) applies.
        if response.headers.get("Cross-Origin-Opener-Policy") == "unsafe-none":
            del response.headers["Cross-Origin-Opener-Policy"]
        return response


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, in the language asked for, published content unless a token may see more, with ETags."""

    # A resource declares its URL prefix under /api/v1/ and its URL names' prefix (a comment, not the docstring:
    # drf-spectacular would print the docstring as the description of every resource that has none).
    route: str | None = None
    basename: str | None = None

    api_resource = True  # for ApiAutoSchema

    @property
    def publishable(self) -> bool:
        """Whether the model's rows are published or not: its QuerySet has ``published()``, the one rule of what
        is public. Then only published rows, unless a token may see more (?include_unpublished=1)."""
        return hasattr(self.queryset, "published")

    filter_backends = [StrictDjangoFilterBackend, AccentInsensitiveSearchFilter, StrictOrderingFilter]
    search_fields: list[str] = []
    ordering_fields: dict[str, str] = {}
    ordering: list[str] = []
    renderer_classes = [JSONRenderer]
    # Any path segment reaches the view, which answers a JSON 404 for a value it cannot find.
    lookup_value_regex = "[^/]+"
    language = DEFAULT_LANGUAGE
    last_modified = None

    # Language -------------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.language = language_from_request(request)
        with translation.override(self.language):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name in ("format", "include_unpublished"):
            if request.query_params.get(name) == "":
                # One of a list, or yes/no, in the schema: an empty value is neither.
                raise exceptions.ValidationError({name: [_("Give a value, or leave the parameter out.")]})
        asked = request.query_params.get("lang")
        if asked is not None and asked not in language_codes():
            raise exceptions.ValidationError(
                {"lang": [_("Choose %(languages)s.") % {"languages": _(" or ").join(language_codes())}]}
            )

    # Visibility -----------------------------------------------------------------------------------

    def include_unpublished(self) -> bool:
        raw = self.request.query_params.get("include_unpublished")
        if raw is None or not raw.strip():
            return False
        try:
            if not parse_yes_no(raw):
                return False
        except ValueError:
            raise exceptions.ValidationError({"include_unpublished": [_("Give 1 or 0.")]}) from None
        if not isinstance(self.request.auth, ApiToken):
            raise exceptions.NotAuthenticated(_("Unpublished content needs an API token."))
        user = self.request.user
        opts = self.queryset.model._meta
        if not (user.is_superuser or user.has_perm(f"{opts.app_label}.view_{opts.model_name}")):
            raise exceptions.PermissionDenied(_("This token may not read unpublished items."))
        return True

    def get_queryset(self):
        queryset = self.queryset.all()
        if not self.publishable:
            return queryset
        published = queryset.published()
        if not self.include_unpublished():
            return published
        # What the public sees, and whatever else the token's owner may see in the admin.
        visible = scope_queryset_for_user(self.request.user, self.queryset.model._default_manager.all())
        if hasattr(visible, "not_in_trash"):  # an item in the trash is out of reach until a publisher restores it
            visible = visible.not_in_trash()
        return queryset.filter(Q(pk__in=published.values("pk")) | Q(pk__in=visible.values("pk")))

    # Lists ----------------------------------------------------------------------------------------

    @property
    def paginator(self):
        # CSV is for spreadsheets: the whole filtered list at once.
        renderer = getattr(self.request, "accepted_renderer", None)
        if isinstance(renderer, CSVRenderer):
            return None
        return super().paginator

    def list(self, request, *args, **kwargs):
        if self.paginator is None and self.pagination_class is not None:
            # CSV gives the whole list, but page and page_size are still what the schema says they are.
            validate_page_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = page if page is not None else list(queryset)
        # The latest change to anything the list shows, visible or not: an item withdrawn, deleted or going live,
        # a nested row edited (api.validators), so that If-Modified-Since never gets a stale list.
        self.last_modified = latest_change(self.queryset.model, self.shown_models())
        data = self.get_serializer(objects, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.last_modified = latest_change(self.queryset.model, self.shown_models(), pk=obj.pk)
        return Response(self.get_serializer(obj).data)

    def shown_models(self) -> set[type]:
        """The models whose rows this resource's answers show (``api.validators.shown_models``)."""
        return shown_models(self.get_serializer_class()(context=self.get_serializer_context()))

    # Responses ------------------------------------------------------------------------------------

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(getattr(response, "accepted_renderer", None), CSVRenderer):
            # Errors are always JSON, whatever format was asked for.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        response["Content-Language"] = self.language
        unknown = getattr(request, "unknown_references", None)
        if unknown:
            # Query-string form, percent-encoded: a header holds ASCII only, and clients already read this form.
            response[UNKNOWN_REFERENCE_HEADER] = urlencode(unknown)
        if isinstance(request.auth, ApiToken):
            patch_cache_control(response, private=True)
        # Rendered here, in the language asked for (Django would render it after the override ends).
        if hasattr(response, "render"):
            response.render()
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # Django's own validators (get_conditional_response, as ConditionalGetMiddleware uses), set here rather
        # than by that middleware: it skips HEAD requests, and the body must be rendered in the language asked for.
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request._request, etag=etag, last_modified=timestamp, response=response)
