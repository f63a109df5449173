from unicancer_site.core.sitemaps import I18nSitemap

from .models import EditorialPage


class EditorialPageSitemap(I18nSitemap):
    """Each page once per language (/fr/pages/<slug>/ and /en/pages/<slug>/), each with the other as alternate."""

    changefreq = "monthly"

    def items(self):
        return EditorialPage.objects.published().order_by("slug")

    def lastmod(self, page):
        return page.updated
