from unicancer_site.core.sitemaps import I18nSitemap

from .models import Trial


class TrialSitemap(I18nSitemap):
    """Published trials and programmes (``get_absolute_url`` picks the trial or programme page)."""

    changefreq = "weekly"

    def items(self):
        return Trial.objects.published().order_by("acronym")

    def lastmod(self, trial):
        return trial.updated
