"""The sitemap: every public page in French and English, with hreflang alternates.

Each app describes its own pages in ``<app>/sitemaps.py``; ``SITEMAPS`` gathers them for the URLconf.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from certifications.models import Scheme


class I18nSitemap(Sitemap):
    """Both languages, each URL with its alternates and an x-default (French)."""

    i18n = True
    alternates = True
    x_default = True


class StaticViewSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        names = [
            ("home", {}),
            ("centres:centre_list", {}),
            ("certifications:overview", {}),
            *[("certifications:scheme_detail", {"scheme": scheme}) for scheme in Scheme.values],
            ("research:trial_list", {}),
            ("research:programme_list", {}),
            ("research:figures", {}),
            ("news:newsitem_list", {}),
            ("news:press_room", {}),
            ("pages:page_list", {}),
        ]
        return names

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


def get_sitemaps() -> dict:
    from centres.sitemaps import CentreSitemap
    from research.sitemaps import TrialSitemap
    from unicancer_site.news.sitemaps import NewsItemSitemap
    from unicancer_site.pages.sitemaps import EditorialPageSitemap

    return {
        "static": StaticViewSitemap,
        "centres": CentreSitemap,
        "research": TrialSitemap,
        "news": NewsItemSitemap,
        "pages": EditorialPageSitemap,
    }
