"""The WSGI application (gunicorn ``unicancer_site.wsgi``), with the settings chosen as ``manage.py`` does."""

from django.core.wsgi import get_wsgi_application

from unicancer_site.settings import use_settings_module

use_settings_module()
application = get_wsgi_application()

# Checked once at start, not on every page: a site whose static files were collected with other settings
# would answer 500 everywhere.
from unicancer_site.core.deploy import check_static_manifest  # noqa: E402

check_static_manifest()
