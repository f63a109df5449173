"""The ASGI application, with the settings chosen as ``manage.py`` and the WSGI application do."""

from django.core.asgi import get_asgi_application

from unicancer_site.settings import use_settings_module

use_settings_module()
application = get_asgi_application()

from unicancer_site.core.deploy import check_static_manifest  # noqa: E402

check_static_manifest()
