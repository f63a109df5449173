"""Research and news in a real browser: filter the trial finder and open a trial, read a news item;
axe-core on every research and news page type; screenshots of each (tests/browser/screenshots/)."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from research.models import Localisation, Phase, RecruitmentStatus, TrialCentre
from tests.factories import make_centre, make_news_item, make_site, make_trial
from unicancer_site.news.models import NewsItem, PressContact

from .conftest import assert_only_local_requests

pytestmark = pytest.mark.browser


@pytest.fixture
def research(site):
    """Our own trials next to the demo content: two recruiting trials in one localisation, one completed."""
    centre = make_centre(slug="zz-browser-centre", name="Zz Centre du navigateur")
    make_site(centre)
    localisation = Localisation.objects.create(slug="zz-browser", name_fr="Zz localisation", name_en="Zz location")
    trials = []
    for acronym, status in [
        ("ZZBROWSERA", RecruitmentStatus.RECRUITING),
        ("ZZBROWSERB", RecruitmentStatus.RECRUITING),
        ("ZZBROWSERC", RecruitmentStatus.COMPLETED),
    ]:
        trial = make_trial(
            slug=acronym.lower(),
            acronym=acronym,
            title_fr=f"Essai {acronym} de test",
            summary_fr="Un essai pour les tests du navigateur.",
            recruitment_status=status,
            nct_id=f"NCT0{len(trials) + 1:07}",
            actual_enrolment=120,
            enrolment_date=datetime.date(2024, 6, 30),
        )
        trial.localisations.add(localisation)
        trial.phases.add(Phase.objects.get(code="phase_2"))
        TrialCentre.objects.create(trial=trial, centre=centre, recruitment_status=status)
        trials.append(trial)
    programme = make_trial(slug="zz-browser-cohort", acronym="ZZCOHORT", kind="cohort", title_fr="Cohorte de test")
    TrialCentre.objects.create(trial=programme, centre=centre)
    return trials


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 700), (20, 90, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def news(site, research):
    contact = PressContact.objects.create(name="Zz Service de presse", email="presse@example.org")
    release = make_news_item(
        slug="zz-browser-release",
        kind=NewsItem.Kind.PRESS_RELEASE,
        title_fr="Zz communiqué du navigateur",
        summary_fr="Un communiqué de test.",
        body_fr="<p>Le corps du communiqué.</p><h2>À propos</h2><p>Texte.</p>",
        image_alt_fr="Un rectangle bleu",
        press_contact=contact,
        publish_from=timezone.now() - datetime.timedelta(minutes=1),
    )
    release.image.save("bleu.jpg", jpeg(), save=True)
    release.trials.add(research[0])
    return release


def test_filter_the_trial_finder_and_open_a_trial(page, site, research, axe_check, screenshot):
    page.goto(f"{site.url}/en/research/trials/")
    assert page.get_by_label("Status", exact=True).input_value() == "any"  # every trial by default, visible
    axe_check(page)

    page.get_by_label("Cancer localisation").select_option("zz-browser")
    page.get_by_role("button", name="Show the trials").click()
    page.wait_for_url(re.compile(r"localisation=zz-browser"))
    results = page.locator("#results-heading ~ .grid .card__title a")
    assert results.all_inner_texts() == ["ZZBROWSERA", "ZZBROWSERB", "ZZBROWSERC"]  # recruiting ones first
    screenshot(page, "trial-list")

    # The recruiting trials are one click away, and the other filters stay in the shareable URL.
    page.get_by_role("navigation", name="Trials by status").get_by_role("link", name="Recruiting: 2 trials").click()
    page.wait_for_url(re.compile(r"status=recruiting"))
    assert "localisation=zz-browser" in page.url
    assert results.all_inner_texts() == ["ZZBROWSERA", "ZZBROWSERB"]
    assert page.get_by_label("Status", exact=True).input_value() == "recruiting"
    axe_check(page)

    page.get_by_label("Status", exact=True).select_option("any")
    page.get_by_role("button", name="Show the trials").click()
    page.wait_for_url(re.compile(r"status=any"))
    assert results.all_inner_texts() == ["ZZBROWSERA", "ZZBROWSERB", "ZZBROWSERC"]

    page.get_by_role("link", name="ZZBROWSERC").click()
    page.wait_for_url(re.compile(r"/en/research/trials/zzbrowserc/$"))
    assert "ZZBROWSERC" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name=re.compile("NCT0")).count() == 1
    assert page.get_by_role("rowheader", name="Zz Centre du navigateur").count() == 1
    axe_check(page)
    screenshot(page, "trial")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the trial page scrolls sideways"
    screenshot(page, "trial-375")
    page.goto(f"{site.url}/fr/recherche/essais/?status=any")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the finder scrolls sideways"
    screenshot(page, "trial-list-375")

    # A bad value in a shared link: the page, with a message, still accessible.
    page.goto(f"{site.url}/fr/recherche/essais/?phase=phase_9&international=maybe&page=abc")
    assert page.get_by_role("alert").is_visible()
    axe_check(page)
    assert_only_local_requests(page, site.url)


def test_programmes_and_figures(page, site, research, axe_check, screenshot):
    page.goto(f"{site.url}/en/research/programmes/")
    axe_check(page)
    screenshot(page, "programmes")
    page.get_by_role("link", name="ZZCOHORT").click()
    page.wait_for_url(re.compile(r"/en/research/programmes/zz-browser-cohort/$"))
    axe_check(page)
    screenshot(page, "programme")
    page.goto(f"{site.url}/en/research/key-figures/")
    axe_check(page)
    screenshot(page, "research-figures")
    assert_only_local_requests(page, site.url)


def test_read_a_news_item(page, site, news, axe_check, screenshot):
    page.goto(f"{site.url}/fr/actualites/")
    axe_check(page)
    screenshot(page, "news")
    page.locator("#news-kind").select_option("press_release")
    page.locator("form.news-filter button[type=submit]").click()
    page.wait_for_url(re.compile(r"kind=press_release"))
    page.get_by_role("link", name="Zz communiqué du navigateur").click()
    page.wait_for_url(re.compile(r"/fr/actualites/zz-browser-release/$"))
    axe_check(page)

    image = page.get_by_role("img", name="Un rectangle bleu")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").endswith(".webp")
    assert "Zz Service de presse" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="ZZBROWSERA").count() == 1
    screenshot(page, "news-item")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the news item scrolls sideways"
    screenshot(page, "news-item-375")
    assert_only_local_requests(page, site.url)


def test_press_room(page, site, news, axe_check, screenshot):
    page.goto(f"{site.url}/en/news/press/")
    assert "Zz Service de presse" in page.locator("main").inner_text()
    axe_check(page)
    screenshot(page, "press-room")
    assert_only_local_requests(page, site.url)
