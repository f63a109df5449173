from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self):
        from unicancer_site.core import search

        from .models import Centre, centres_by_place

        search.register(
            Centre,
            search.SearchSpec(
                key="centres",
                label=_("Centres"),
                weighted_fields={"A": ["name", "short_name"], "B": ["description_fr", "description_en"]},
                ordering=["name"],
                position=10,
                also_matching=centres_by_place,
            ),
        )
