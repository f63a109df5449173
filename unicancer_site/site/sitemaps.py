"""The sitemap of the pages that are not one object's: home, lists, overviews."""

from django.urls import reverse

from unicancer_site.core.sitemaps import I18nSitemap


class StaticViewSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        names = [
            ("home", {}),
            ("centres:centre_list", {}),
            ("certifications:overview", {}),
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
