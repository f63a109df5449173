from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self):
        from unicancer_site.core import search

        from .models import Centre

        search.register(
            Centre,
            search.SearchSpec(
                key="centres",
                label=_("Centres"),
                weighted_fields={
                    "A": ["name", "short_name"],
                    "B": ["sites__city", "sites__name"],
                    "C": ["description_fr", "description_en"],
                },
                ordering=["name"],
                position=10,
                snippet_fields=["description"],
            ),
        )
