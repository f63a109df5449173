from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "unicancer_site.news"
    label = "news"
    verbose_name = _("News and press releases")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from unicancer_site.core import search
        from unicancer_site.core.models import Source

        from .models import NewsItem
        from .views import forget_published_years

        # Not a domain rule: the cached year list (news.views.published_years) is forgotten when what it shows
        # may have changed.
        for model in (NewsItem, Source):
            post_save.connect(forget_published_years, sender=model, dispatch_uid=f"news-years-{model.__name__}")
            post_delete.connect(forget_published_years, sender=model, dispatch_uid=f"news-years-del-{model.__name__}")

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
