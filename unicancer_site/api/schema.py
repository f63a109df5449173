"""The OpenAPI schema's shared parts: language, unpublished content, CSV, and the error responses."""

import django_filters
from django import forms
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from unicancer_site.core.i18n import language_codes

from .filters import is_reference
from .renderers import CSVRenderer

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=language_codes(),
    description="Language of the text fields and public URLs: French by default, or from Accept-Language. "
    "A text missing in English is given in French.",
)
INCLUDE_UNPUBLISHED_PARAMETER = OpenApiParameter(
    "include_unpublished",
    OpenApiTypes.BOOL,
    description="With a token whose owner may see this content in the admin: include drafts, items in review, "
    "scheduled and withdrawn ones (1/0, true/false). Without a token: 401; with a token that may not: 403.",
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv: the whole (filtered) list as CSV, nested fields flattened to dotted columns, "
    "list values joined with '; '. Not paginated.",
)


class ErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The parameter at fault ('detail' when it is no parameter) and what is wrong with it.",
    )


ERROR_EXAMPLES = {
    "400": OpenApiExample("Invalid parameter", value={"errors": {"phase": ["Select a valid choice."]}}),
    "401": OpenApiExample("Bad token", value={"errors": {"detail": ["Invalid, revoked or expired token."]}}),
    "403": OpenApiExample("Not allowed", value={"errors": {"detail": ["This token may not read unpublished items."]}}),
    "404": OpenApiExample("Not found", value={"errors": {"detail": ["No object matches the given query."]}}),
    "429": OpenApiExample("Throttled", value={"errors": {"detail": ["Request was throttled."]}}),
}
ERROR_DESCRIPTIONS = {
    "400": "An invalid parameter (filter, ordering, page, lang).",
    "401": "An invalid, revoked or expired token, or unpublished content asked for without a token.",
    "403": "The token's owner may not see unpublished content of this kind.",
    "404": "No such object, or no such page.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}
# Answered by the server in front of Django (gunicorn's limit on the request line, about 4 KB), not in JSON.
URI_TOO_LONG = {"description": "The address is too long: the server refuses request lines over about 4 KB."}
# Query parameters are text without NUL characters (PostgreSQL refuses them): the API answers 400.
NO_NUL = "^[^\\x00]*$"


UNKNOWN_REFERENCE_HEADER = OpenApiParameter(
    "Unknown-Reference",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description=(
        "Present when the list is empty because a filter's value names nothing (an unknown centre, a place no table"
        " holds): those parameters and values, in query-string form, percent-encoded (near=zzz&centre=no-such)."
    ),
)


class ApiAutoSchema(AutoSchema):
    def _is_api_view(self):
        return getattr(self.view, "api_resource", False)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._is_api_view():
            parameters.append(LANG_PARAMETER)
            if hasattr(getattr(self.view, "queryset", None), "published"):
                parameters.append(INCLUDE_UNPUBLISHED_PARAMETER)
            if self._is_list_view() and any(issubclass(r, CSVRenderer) for r in self.view.renderer_classes):
                parameters.append(FORMAT_PARAMETER)
            filterset_class = getattr(self.view, "filterset_class", None)
            if (
                self._is_list_view()
                and filterset_class is not None
                and any(is_reference(declared) for declared in filterset_class.base_filters.values())
            ):
                parameters.append(UNKNOWN_REFERENCE_HEADER)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or not self._is_api_view():
            return responses
        responses["304"] = {"description": "Not modified: the ETag or date the client sent is still current."}
        for code, description in ERROR_DESCRIPTIONS.items():
            response = OpenApiResponse(ErrorSerializer, description=description, examples=[ERROR_EXAMPLES[code]])
            responses[code] = self._get_response_for_code(response, code, media_types=["application/json"])
        responses["414"] = URI_TOO_LONG
        return responses


class StrictDjangoFilterExtension(DjangoFilterExtension):
    """The schema of ``StrictDjangoFilterBackend``: what the backend accepts, said in the parameters.

    A year is an integer with its bounds (django-filter's NumberFilter reads as any number); a reference to an
    object (a centre's slug) matches nothing when unknown, which the description says.
    """

    target_class = "unicancer_site.api.filters.StrictDjangoFilterBackend"
    match_subclasses = True
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            schema = parameter["schema"].get("items", parameter["schema"])
            if isinstance(filter_field, django_filters.NumberFilter) and filter_field.field_class is forms.IntegerField:
                schema["type"] = "integer"
                schema.pop("format", None)
            if isinstance(filter_field, django_filters.NumberFilter):
                for bound, keyword in (("minimum", "min_value"), ("maximum", "max_value")):
                    if filter_field.extra.get(keyword) is not None:
                        schema[bound] = filter_field.extra[keyword]
            if is_reference(filter_field):
                parameter["description"] = (
                    parameter.get("description", "")
                    + " An unknown value matches nothing (an empty list), and the response's Unknown-Reference"
                    + " header names it."
                ).strip()
        return parameters


# Examples for the parameters the FilterSets declare (drf-spectacular gives their types, not examples).
PARAMETER_EXAMPLES = {
    "q": "sein",
    "search": "thérapie ciblée",
    "localisation": ["sein"],
    "phase": ["phase_3"],
    "status": ["recruiting"],
    "kind": "clcc",
    "centre": "centre-leon-berard",
    "region": "pays-de-la-loire",
    "international": True,
    "updated_since": "2025-01-01T00:00:00Z",
    "published_after": "2025-01-01T00:00:00Z",
    "published_before": "2026-01-01T00:00:00Z",
    "current_on": "2025-06-30",
    "year": 2024,
    "page": 2,
    "page_size": 50,
    "cursor": "cD0yMDI1LTAxLTAx",
    "lang": "en",
    "include_unpublished": True,
    "format": "csv",
    "decision": ["certified_with_mention"],
    "scheme": "has",
    "holder": "centre",
    "language": "fr",
    "topic": "research",
    "near": "49000",
}


def add_parameter_examples(result, generator, request, public):
    """Every query parameter gets an example: a known one, else the first value of its enum; free text says it
    may not hold a NUL character."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                for text in (schema, schema.get("items", {})):
                    if text.get("type") == "string" and not ({"enum", "pattern", "format"} & set(text)):
                        text["pattern"] = NO_NUL
                if "example" in parameter or "examples" in parameter:
                    continue
                schema = parameter.get("schema", {})
                items = schema.get("items", {})
                enum = schema.get("enum") or items.get("enum")
                example = PARAMETER_EXAMPLES.get(parameter["name"])
                if enum and (example is None or (example if schema.get("type") != "array" else example[0]) not in enum):
                    example = [enum[0]] if schema.get("type") == "array" else enum[0]
                if example is None and parameter["in"] == "path":
                    example = "centre-leon-berard" if schema.get("type") == "string" else 1
                if example is not None:
                    parameter["example"] = example
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "unicancer_site.api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token issued by staff in the admin: `Authorization: Bearer uc_...` "
            "(`Token uc_...` also works). Optional: without it, published content at a lower rate.",
        }
