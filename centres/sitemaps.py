from unicancer_site.core.sitemaps import I18nSitemap

from .models import Centre


class CentreSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Centre.objects.order_by("name")

    def lastmod(self, centre):
        return centre.updated
