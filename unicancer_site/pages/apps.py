from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "unicancer_site.pages"
    label = "pages"
    verbose_name = _("Editorial pages")

    def ready(self):
        from unicancer_site.core import search

        from .models import EditorialPage

        search.register(
            EditorialPage,
            search.SearchSpec(
                key="pages",
                label=_("Pages"),
                weighted_fields={
                    "A": ["title_fr", "title_en"],
                    "C": ["summary_fr", "summary_en"],
                    "D": ["body_fr", "body_en"],
                },
                snippet_fields=["summary", "body"],
                ordering=["title_fr"],
                position=40,
            ),
        )
