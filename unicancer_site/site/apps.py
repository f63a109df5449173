from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top floor: the pages that show the whole site (home, search, robots, the sitemap's own pages)."""

    name = "unicancer_site.site"
    label = "site"
    verbose_name = _("Site")
