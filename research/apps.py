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
                weighted_fields={
                    "A": ["acronym", "title_fr", "title_en"],
                    "B": [
                        "localisations__name_fr",
                        "localisations__name_en",
                        "centres__name",
                        "centres__short_name",
                        "centres__sites__city",
                        "collaborative_group",
                    ],
                    "C": ["summary_fr", "summary_en"],
                    "D": ["eligibility_fr", "eligibility_en"],
                },
                identifier_fields=["nct_id", "eudract_id", "eu_ct_id"],
                snippet_fields=["summary"],
                ordering=["acronym"],
                position=20,
            ),
        )
