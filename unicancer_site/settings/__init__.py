"""Settings package: ``base`` for every environment, ``production`` on top of it, ``test`` for the suite.

Every entry point (``manage.py``, the WSGI and ASGI applications) chooses the module the same way, with
``use_settings_module()``: ``DJANGO_SETTINGS_MODULE`` when it is set, else ``base``. A production run sets
``DJANGO_SETTINGS_MODULE=unicancer_site.settings.production`` once, for every command (``make prod`` does), so
that ``collectstatic``, ``migrate`` and gunicorn never run with different settings.
"""

import os

DEFAULT_SETTINGS_MODULE = "unicancer_site.settings.base"


def use_settings_module() -> str:
    """Set ``DJANGO_SETTINGS_MODULE`` to the default unless it is set; return the module in force."""
    return os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
