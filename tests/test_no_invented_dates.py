"""No public page prints a date or a year that no document states.

Every French page of the demo site is read as a visitor reads it (the text, without the markup and the scripts):
each day, month and year it prints must be stated by one of the five documents in ../shared/seeds/, or be the day
the page is about (today, or the day the visitor chose), or a validity the site derives from a decision date and a
sourced rule ("juin 2026": four years after June 2022). A source is dated only by what its own document says.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.utils import timezone, translation

from centres.models import Centre
from certifications.models import Certification, Scheme
from research.models import Trial
from unicancer_site.core.dates import format_partial_date
from unicancer_site.core.models import Source
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
SPACE = "[ \u00a0\u202f]+"
DAY = re.compile(rf"\b(1er|[0-9]{{1,2}}){SPACE}({MONTHS}){SPACE}((?:19|20)[0-9]{{2}})\b", re.IGNORECASE)
MONTH = re.compile(rf"\b({MONTHS}){SPACE}((?:19|20)[0-9]{{2}})\b", re.IGNORECASE)
YEAR = re.compile(r"(?<![\w,.])(?:19|20)[0-9]{2}(?![\w])")
NUMERIC_DATE = re.compile(r"\b[0-9]{1,2}/[0-9]{1,2}/(?:19|20)[0-9]{2}\b")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).lower().replace("1er ", "1 ")


def dates_in(text: str) -> tuple[set, set, set]:
    """(days "1 octobre 2018", months "avril 2018", years "2018") written in ``text``."""
    text = normalise(text)
    days = {" ".join(match) for match in DAY.findall(text)}
    months = {" ".join(match) for match in MONTH.findall(text)}
    return days, months, set(YEAR.findall(text))


@pytest.fixture(scope="module")
def stated():
    """What the documents state: their days, months and years, and each document's own text."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    days, months, years = set(), set(), set()
    for text in texts.values():
        found = dates_in(text)
        days |= found[0]
        months |= found[1]
        years |= found[2]
    return {"days": days, "months": months, "years": years, "texts": texts}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def public_pages() -> list[str]:
    pages = ["/fr/", "/fr/centres/", "/fr/certifications/", "/fr/recherche/essais/", "/fr/recherche/programmes/"]
    pages += ["/fr/recherche/chiffres-cles/", "/fr/actualites/", "/fr/actualites/presse/", "/fr/pages/"]
    pages += [f"/fr/certifications/{scheme}/" for scheme in Scheme.values]
    pages += [centre.get_absolute_url() for centre in Centre.objects.all()]
    pages += [trial.get_absolute_url() for trial in Trial.objects.published()]
    pages += [item.get_absolute_url() for item in NewsItem.objects.published()]
    pages += [page.get_absolute_url() for page in EditorialPage.objects.published()]
    return pages


def derived_validities() -> set[str]:
    """The validity ends the site computes from a decision date and a sourced rule, as it writes them."""
    with translation.override("fr"):
        return {format_partial_date(c.validity) for c in Certification.objects.all() if c.validity is not None}


def test_no_page_prints_a_date_or_year_that_no_document_states(client, stated):
    today = timezone.localdate()
    with translation.override("fr"):
        page_day = format_partial_date(today)
    allowed_days, allowed_months, allowed_years = dates_in(page_day)
    derived = derived_validities()
    derived_months, derived_years = set(), set()
    for text in derived:
        found = dates_in(text)
        derived_months |= found[1]
        derived_years |= found[2]
    invented = []
    for url in public_pages():
        with translation.override("fr"):
            response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert "{#" not in text and "{%" not in text, url  # no template comment or tag left in the page
        days, months, years = dates_in(text)
        invented += [(url, day) for day in days - stated["days"] - allowed_days]
        months -= {" ".join(day.split()[1:]) for day in days}  # the month of a day already checked
        invented += [(url, month) for month in months - stated["months"] - allowed_months - derived_months]
        invented += [(url, year) for year in years - stated["years"] - allowed_years - derived_years]
        invented += [(url, numeric) for numeric in NUMERIC_DATE.findall(text)]
    assert invented == []


def test_each_source_is_dated_by_what_its_own_document_says(stated):
    with translation.override("fr"):
        for source in Source.objects.all():
            if source.date is None:
                continue
            text = normalise(stated["texts"][source.document])
            assert normalise(source.date_display) in text, source.title


def test_the_undated_documents_print_no_year(client):
    for source in Source.objects.filter(date__isnull=True):
        assert source.date_display == ""
    for page in EditorialPage.objects.published().select_related("source"):
        html = client.get(page.get_absolute_url()).content.decode()
        assert "(2011)" not in html and "(2019)" not in html


def test_the_news_of_the_annual_report_are_dated_by_it(client):
    """The annual report gives no publication date for its news: they are dated by the report, « 2023 »."""
    report_news = NewsItem.objects.published().filter(source__document="002_ff0603114fd3a484.txt")
    assert {str(item.dated) for item in report_news} == {"2023"}
    html = client.get("/fr/actualites/").content.decode()
    assert "22 mars 2023" not in html
    assert '<time datetime="2023">2023</time>' in html
