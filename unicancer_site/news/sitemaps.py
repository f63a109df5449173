from unicancer_site.core.sitemaps import I18nSitemap

from .models import NewsItem


class NewsItemSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("-publish_from")

    def lastmod(self, item):
        return item.updated
