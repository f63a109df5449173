"""Staff users for every role, and two centres with content of every kind (A is the editor's, B is not)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone, translation

from certifications.models import ChapterScore, PlannedVisit, Scheme
from research.models import RecruitmentStatus, TrialCentre
from tests.factories import make_centre, make_certification, make_news_item, make_site, make_source, make_trial
from unicancer_site.accounts.models import CentreMembership
from unicancer_site.accounts.roles import CENTRE_EDITOR, ROLES
from unicancer_site.core.history import keep_one_version
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.news.models import PressContact
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

SUPERUSER = "superuser"
ALL_ROLES = [*ROLES, SUPERUSER]


def make_staff(role: str, centres=(), username: str | None = None) -> User:
    username = username or role.lower().replace(" ", "-").replace("_", "-")
    user = User.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
    if role == SUPERUSER:
        user.is_superuser = True
        user.save()
    else:
        user.groups.add(Group.objects.get(name=role))
    for centre in centres:
        CentreMembership.objects.create(user=user, centre=centre)
    return user


@pytest.fixture(autouse=True)
def english():
    """Assertions read the English msgids: the tests do not depend on the French translations."""
    with translation.override("en"):
        yield


def client_for(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _content_for(centre, label: str, source):
    site = make_site(centre, name=f"Site {label}")
    trial = make_trial(status=PublicationStatus.DRAFT, publish_from=None, acronym=f"TRIAL-{label}")
    participation = TrialCentre.objects.create(
        trial=trial, centre=centre, recruitment_status=RecruitmentStatus.RECRUITING
    )
    news = make_news_item(status=PublicationStatus.DRAFT, publish_from=None, title_fr=f"Actualité {label}")
    news.centres.add(centre)
    # One version for the creation, with its centre, as a save through the admin records it.
    keep_one_version(news, after_id=None)
    certification = make_certification(centre=centre, source=source)
    chapter_score = ChapterScore.objects.create(certification=certification, chapter=1, score=90)
    visit = PlannedVisit.objects.create(
        centre=centre,
        scheme=Scheme.HAS,
        planned_date=datetime.date(2027, 1, 1),
        planned_date_precision="year",
        source=source,
    )
    return SimpleNamespace(
        centre=centre,
        site=site,
        trial=trial,
        participation=participation,
        news=news,
        certification=certification,
        chapter_score=chapter_score,
        visit=visit,
    )


@pytest.fixture
def world(db):
    """Centre A (the centre editor's) and centre B, each with one object of every centre-owned kind."""
    source = make_source()
    a = _content_for(make_centre(name="Centre A test", short_name="CA"), "A", source)
    b = _content_for(make_centre(name="Centre B test", short_name="CB"), "B", source)
    page = EditorialPage.objects.create(slug="test-page", title_fr="Page de test", body_fr="<p>Texte</p>")
    figure = KeyFigure.objects.create(
        topic=KeyFigure.Topic.RESEARCH, label_fr="Essais", value=12, year=2024, source=source
    )
    contact = PressContact.objects.create(name="Contact test", email="presse@example.org")
    return SimpleNamespace(a=a, b=b, source=source, page=page, figure=figure, contact=contact)


@pytest.fixture
def staff(world):
    """One user per role; the centre editor works for centre A."""
    users = {role: make_staff(role) for role in ROLES if role != CENTRE_EDITOR}
    users[CENTRE_EDITOR] = make_staff(CENTRE_EDITOR, centres=[world.a.centre])
    users[SUPERUSER] = make_staff(SUPERUSER)
    return users


@pytest.fixture
def frozen_now():
    return timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


def export_rows(client, export_url: str, file_format: str = "0") -> bytes:
    """Export through the admin's export form, every field ticked; the file's bytes."""
    page = client.get(export_url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": file_format, "resource": "0"}
    for name in form.fields:
        if name not in ("format", "resource", "export_items"):
            data[name] = "on"
    response = client.post(export_url, data)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response.content
