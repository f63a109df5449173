"""The certification pages in the sitemap: one per scheme of which the documents establish a decision today."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from unicancer_site.core.sitemaps import I18nSitemap

from .models import Certification, Scheme


class SchemeSitemap(I18nSitemap):
    """A scheme's page, last modified when one of the decisions it shows today last changed (one query)."""

    changefreq = "monthly"

    def items(self):
        known = (
            Certification.objects.known_on(timezone.localdate())
            .order_by()
            .values("scheme")
            .annotate(last_change=Max("updated"))
        )
        self._last_change = {row["scheme"]: row["last_change"] for row in known}
        return [scheme for scheme in Scheme.values if scheme in self._last_change]

    def location(self, scheme):
        return reverse("certifications:scheme_detail", kwargs={"scheme": scheme})

    def lastmod(self, scheme):
        return self._last_change.get(scheme)
