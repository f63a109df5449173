"""The base of every app's sitemap: every public page in each language it really exists in, with hreflang
alternates and an x-default (the French page).

Each app describes its own pages in ``<app>/sitemaps.py``; the URLconf (``unicancer_site/urls.py``) gathers them.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from unicancer_site.core.addresses import site_host, site_scheme


class I18nSitemap(Sitemap):
    """Each item once per language it really has, each URL with its alternates and an x-default (French).

    An item whose model says which languages its page really exists in (``available_languages()``, from
    ``core.i18n.TranslatedMixin``) is listed in those only: an untranslated news item is listed once, in French,
    with no English alternate. Addresses are under ``settings.SITE_URL``, never the request's host.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        available = getattr(item, "available_languages", None)
        return available() if callable(available) else super().get_languages_for_item(item)

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_host()

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's URLs, with the x-default pointing at the French page (Django gives the unprefixed address,
        which the site's ``i18n_patterns`` only redirects from), the same x-default as the pages' own."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url_info in urls:
            by_language = {alternate["lang_code"]: alternate["location"] for alternate in url_info["alternates"]}
            for alternate in url_info["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls
