"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

python-json-logger writes the lines (``LOG_FORMAT=json``, the default in production); this module only adds
what it cannot know: the current request's id, kept in a context variable by ``RequestLogMiddleware``.
"""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (None outside a request: commands, start-up)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def forget_request_id(**kwargs) -> None:
    """``request_finished``: lines logged between requests carry no request's id."""
    request_id_var.set(None)
