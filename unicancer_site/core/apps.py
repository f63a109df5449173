from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "unicancer_site.core"
    label = "core"
    verbose_name = _("Sources")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
