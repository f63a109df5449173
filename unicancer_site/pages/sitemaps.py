from unicancer_site.core.sitemaps import I18nSitemap

from .models import EditorialPage


class EditorialPageSitemap(I18nSitemap):
    """Each page once per language its text exists in (/fr/pages/<slug>/, /en/pages/<slug_en>/), each with the
    other as alternate."""

    changefreq = "monthly"

    def items(self):
        return EditorialPage.objects.published().order_by("slug")

    def lastmod(self, page):
        return page.updated
