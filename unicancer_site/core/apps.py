from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "unicancer_site.core"
    label = "core"
    verbose_name = _("Sources")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save, pre_save

        from .db import register_sqlite_functions
        from .history import skip_history_of_raw_saves
        from .logs import forget_request_id
        from .redirects import delete_former_slugs, has_public_slug, remember_former_slug
        from .text import clean_text_fields, french_spacing_fields

        connection_created.connect(register_sqlite_functions)
        request_finished.connect(forget_request_id)
        # Every model's text, the project's and the libraries': see core/text.py.
        pre_save.connect(clean_text_fields, dispatch_uid="core.clean_text_fields")
        # A fixture records no version, its many-to-many fields included: see core/history.py.
        post_save.connect(skip_history_of_raw_saves, dispatch_uid="core.skip_history_of_raw_saves")
        # French text keeps its no-break spaces whoever typed it: see core/text.py.
        pre_save.connect(french_spacing_fields, dispatch_uid="core.french_spacing_fields")
        # A public object whose slug changes keeps answering under the old one (301): see core/redirects.py.
        pre_save.connect(remember_former_slug, dispatch_uid="core.remember_former_slug")
        # Only for the models with public slugs: a receiver for every model would cost the others (sessions)
        # Django's fast delete.
        for model in self.apps.get_models():
            if has_public_slug(model):
                post_delete.connect(delete_former_slugs, sender=model, dispatch_uid=f"core.delete_former_slugs.{model}")
