"""Small factories for tests that need their own objects next to the demo content."""

import datetime
import itertools

from django.utils import timezone

from centres.models import Centre, Region, Site
from certifications.models import Certification, Decision, Scheme
from research.models import Trial
from unicancer_site.core.models import Source
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

_counter = itertools.count(1)


def make_source(**kwargs) -> Source:
    n = next(_counter)
    defaults = {"title": f"Test document {n}", "date": datetime.date(2024, 8, 22), "kind": Source.Kind.PRESS_RELEASE}
    return Source.objects.create(**{**defaults, **kwargs})


def make_centre(**kwargs) -> Centre:
    n = next(_counter)
    centre = Centre.objects.create(
        **{"slug": f"test-centre-{n}", "name": f"Centre de test {n}", "kind": Centre.Kind.CLCC, **kwargs}
    )
    return centre


def make_site(centre: Centre, **kwargs) -> Site:
    defaults = {"name": f"Site {centre.name}", "city": "Lyon", "region": Region.AUVERGNE_RHONE_ALPES}
    return Site.objects.create(centre=centre, **{**defaults, **kwargs})


_NEW = object()


def make_certification(centre: Centre | None = _NEW, **kwargs) -> Certification:
    defaults = {
        "scheme": Scheme.HAS,
        "referential": "V2020",
        "centre": make_centre() if centre is _NEW else centre,
        "decision": Decision.CERTIFIED,
        "decision_date": datetime.date(2023, 6, 1),
        "source": kwargs.pop("source", None) or make_source(),
    }
    certification = Certification(**{**defaults, **kwargs})
    certification.full_clean()
    certification.save()
    return certification


def make_trial(**kwargs) -> Trial:
    n = next(_counter)
    defaults = {
        "slug": f"test-trial-{n}",
        "acronym": f"TEST-{n}",
        "title_fr": f"Essai de test {n}",
        "status": PublicationStatus.PUBLISHED,
        "publish_from": timezone.now() - datetime.timedelta(days=1),
    }
    return Trial.objects.create(**{**defaults, **kwargs})


def make_news_item(**kwargs) -> NewsItem:
    n = next(_counter)
    defaults = {
        "slug": f"test-news-{n}",
        "title_fr": f"Actualité de test {n}",
        "status": PublicationStatus.PUBLISHED,
        "publish_from": timezone.now() - datetime.timedelta(days=1),
    }
    return NewsItem.objects.create(**{**defaults, **kwargs})


def make_page(**kwargs) -> EditorialPage:
    n = next(_counter)
    defaults = {
        "slug": f"test-page-{n}",
        "title_fr": f"Page de test {n}",
        "status": PublicationStatus.PUBLISHED,
        "publish_from": timezone.now() - datetime.timedelta(days=1),
    }
    return EditorialPage.objects.create(**{**defaults, **kwargs})
