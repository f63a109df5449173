"""The base of every app's sitemap: every public page in French and English, with hreflang alternates.

Each app describes its own pages in ``<app>/sitemaps.py``; the URLconf (``unicancer_site/urls.py``) gathers them.
"""

from django.contrib.sitemaps import Sitemap


class I18nSitemap(Sitemap):
    """Both languages, each URL with its alternates and an x-default (French)."""

    i18n = True
    alternates = True
    x_default = True
