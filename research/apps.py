from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research")

    def ready(self):
        from unicancer_site.core import search

        from .models import Trial

        search.register(
            Trial,
            search.SearchSpec(
                key="trials",
                label=_("Trials and programmes"),
                weighted_fields={"A": ["acronym", "title_fr", "title_en", "nct_id"], "B": ["summary_fr", "summary_en"]},
                ordering=["acronym"],
                position=20,
            ),
        )
