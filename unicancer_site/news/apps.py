from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "unicancer_site.news"
    label = "news"
    verbose_name = _("News and press releases")

    def ready(self):
        from unicancer_site.core import search

        from .models import NewsItem

        search.register(
            NewsItem,
            search.SearchSpec(
                key="news",
                label=_("News and press releases"),
                weighted_fields={
                    "A": ["title_fr", "title_en"],
                    "B": ["centres__name", "centres__short_name", "centres__sites__city", "trials__acronym"],
                    "C": ["summary_fr", "summary_en"],
                    "D": ["body_fr", "body_en"],
                },
                snippet_fields=["summary", "body"],
                ordering=["-dated_on", "-publish_from"],
                position=30,
            ),
        )
