from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "unicancer_site.core"
    label = "core"
    verbose_name = _("Sources and key figures")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from .db import register_sqlite_functions
        from .logs import forget_request_id

        connection_created.connect(register_sqlite_functions)
        request_finished.connect(forget_request_id)
