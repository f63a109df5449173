from unicancer_site.core.sitemaps import I18nSitemap

from .models import EditorialPage


class EditorialPageSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return EditorialPage.objects.published().order_by("slug")

    def lastmod(self, page):
        return page.updated
