"""Every error is ``{"errors": {"<parameter or 'detail'>": ["message", ...]}}``."""

from rest_framework import exceptions
from rest_framework.views import exception_handler


def _as_lists(value):
    if isinstance(value, dict):
        return {str(key): _messages(item) for key, item in value.items()}
    return {"detail": _messages(value)}


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        flat = []
        for item in value:
            flat.extend(_messages(item))
        return flat
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    return [str(value)]


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(data, list):
        data = {"non_field_errors": data}
    elif isinstance(data, dict) and set(data) == {"detail"}:
        data = data["detail"]
    response.data = {"errors": _as_lists(data)}
    return response
