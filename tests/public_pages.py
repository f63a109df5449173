"""Every type of public page, as URLs on the demo content: what the reflow (tests/browser/test_reflow.py) and
valid-HTML (tests/test_valid_html.py) checks go through. A new page type is added here once."""

from django.urls import reverse
from django.utils import translation

from centres.models import Centre
from research.models import Trial
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage


def public_page_urls(language: str = "fr") -> dict[str, str]:
    """{page type: path} in ``language`` for every public page type, each with content from the database (the
    demo content): one object of each kind that is public. Raises LookupError when a kind has no public object."""

    def first(queryset, what: str):
        found = queryset.first()
        if found is None:
            raise LookupError(f"No public {what} in the database: load the demo content.")
        return found

    with translation.override(language):
        trials = Trial.objects.published()
        news = NewsItem.objects.published()
        return {
            "home": reverse("home"),
            "centres list": reverse("centres:centre_list"),
            "a centre": first(Centre.objects.all(), "centre").get_absolute_url(),
            "certifications overview": reverse("certifications:overview"),
            "HAS table": reverse("certifications:scheme_detail", kwargs={"scheme": "has"}),
            "trial finder": reverse("research:trial_list"),
            "a trial": first(trials.filter(kind=Trial.Kind.TRIAL), "trial").get_absolute_url(),
            "programmes list": reverse("research:programme_list"),
            "a programme": first(trials.exclude(kind=Trial.Kind.TRIAL), "programme").get_absolute_url(),
            "research figures": reverse("research:figures"),
            "news list": reverse("news:newsitem_list"),
            "a news item": first(news.filter(kind=NewsItem.Kind.NEWS), "news item").get_absolute_url(),
            "press room": reverse("news:press_room"),
            "editorial pages list": reverse("pages:page_list"),
            "an editorial page": first(EditorialPage.objects.published(), "editorial page").get_absolute_url(),
            "site search with results": reverse("search") + "?q=cancer",
            "trial finder with filters": reverse("research:trial_list") + "?q=sein",
            "error 404": f"/{language}/no-such-page/",
        }
