"""The demo content (fixtures/demo.json) says what the five source documents say, and only that.

The expected values below are written out literally from the documents in ../shared/seeds/:
D000 = press release of 22 August 2024 (HAS certification), D001 = press release of 9 October 2018
(ISO 9001), D002 = the 2022 annual report, D003 = the care model in 10 points, D004 = the Charter page.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from centres.models import Centre, Region, Site
from certifications.models import Certification, ChapterScore, Decision, Holder, PlannedVisit, Scheme, ValidityRule
from research.models import Trial
from research.views import join_passage
from unicancer_site.core.dates import PartialDate
from unicancer_site.core.models import Source
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.news.models import NewsItem, PressContact
from unicancer_site.pages.models import EditorialPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    """Dates are written in French below (« juin 2022 »), whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


D000 = "000_53166c81b1a79165.txt"
D001 = "001_7e8c866757dd680e.txt"
D002 = "002_ff0603114fd3a484.txt"
D003 = "003_0fbd71c792e9be73.txt"
D004 = "004_c88c44b9ae8956a3.txt"

CERTIFIED = Decision.CERTIFIED
WITH_MENTION = Decision.CERTIFIED_WITH_MENTION
LEVEL_NOT_STATED = Decision.CERTIFIED_LEVEL_NOT_STATED

# Every HAS V2020 decision the documents state, per centre (slug): document and lines.
EXPECTED_HAS_DECISIONS = {
    # D000 l.16-18, 34-39: the 4 new CLCC and the associated centre certified « Haute qualité des soins »
    "ico": {WITH_MENTION},
    "centre-oscar-lambret": {WITH_MENTION},
    "icans": {WITH_MENTION},
    "centre-antoine-lacassagne": {WITH_MENTION},
    "icap": {WITH_MENTION},
    # D002 l.4028 (Curie), l.4152-4154 (Godinot), l.4250-4252 (Eugène Marquis): « avec mention »
    "institut-curie": {WITH_MENTION},
    "institut-godinot": {WITH_MENTION},
    "centre-eugene-marquis": {WITH_MENTION},
    # D002 l.3022-3024: « certifié par la HAS pour 4 ans », no mention stated
    "institut-bergonie": {LEVEL_NOT_STATED},
    # D002 l.3280-3286: visit concluded Nov. 2022, 98,97/100, « Un recours pour la mention est en cours »
    "centre-jean-perrin": {CERTIFIED},
    # D000 l.113-117: among the 14 certified; whether they hold the mention is not stated
    "centre-henri-becquerel": {LEVEL_NOT_STATED},
    "institut-paoli-calmettes": {LEVEL_NOT_STATED},
    "institut-de-cancerologie-de-lorraine": {LEVEL_NOT_STATED},
    "gustave-roussy": {LEVEL_NOT_STATED},
}
# D000 l.119: « Les 5 CLCC restants (Toulouse, Dijon, Montpellier, Caen et Lyon) seront évalués en 2024 et 2025 »
NOT_YET_VISITED = {
    "iuct-oncopole",
    "centre-georges-francois-leclerc",
    "institut-du-cancer-de-montpellier",
    "centre-francois-baclesse",
    "centre-leon-berard",
}
# The 8 centres the documents name as holding the mention; D000 l.96 counts 11 on 31 July 2024, but no document
# says which the other 3 are (3 of the 6 « certified » CLCC above).
NAMED_WITH_MENTION = {slug for slug, decisions in EXPECTED_HAS_DECISIONS.items() if decisions == {WITH_MENTION}}
DAY_OF_THE_COUNT = datetime.date(2024, 7, 31)  # D000 l.96 « Au 31 juillet 2024 »


@pytest.fixture
def demo():
    call_command("loaddata", "demo", verbosity=0)


def source(document):
    return Source.objects.get(document=document)


def test_there_is_one_source_per_document(demo):
    assert set(Source.objects.values_list("document", flat=True)) == {D000, D001, D002, D003, D004}
    assert source(D000).date == datetime.date(2024, 8, 22)
    assert source(D001).date == datetime.date(2018, 10, 9)
    assert source(D002).title == "Rapport annuel 2022"


def test_the_network_has_18_clcc_and_2_affiliated_centres(demo):
    assert Centre.objects.clcc().count() == 18
    assert set(Centre.objects.affiliated().values_list("short_name", flat=True)) == {"ICAP", "ICPF"}


def test_ico_has_two_sites_angers_and_nantes(demo):
    ico = Centre.objects.get(short_name="ICO")
    assert sorted(ico.sites.values_list("city", flat=True)) == ["Angers", "Nantes"]


def test_every_centre_has_a_site_and_the_18_clcc_cities_of_the_press_release(demo):
    assert not Centre.objects.filter(sites__isnull=True).exists()
    clcc_cities = set(Site.objects.filter(centre__kind=Centre.Kind.CLCC).values_list("city", flat=True))
    # D000 l.113-119, with Paris for « Paris Curie » and Clermont-Ferrand for « Clermont »
    assert clcc_cities == {
        "Rouen", "Marseille", "Nancy", "Paris", "Bordeaux", "Rennes", "Reims", "Villejuif", "Clermont-Ferrand",
        "Lille", "Strasbourg", "Nice", "Angers", "Nantes", "Toulouse", "Dijon", "Montpellier", "Caen", "Lyon",
    }  # fmt: skip


def test_sites_invent_no_address_and_place_cities_in_france(demo):
    assert not Site.objects.exclude(address="").exists()
    assert not Site.objects.exclude(postcode="").exists()
    for site in Site.objects.exclude(region=Region.OUTRE_MER):
        assert Decimal("41") < site.latitude < Decimal("51.5"), site
        assert Decimal("-5.5") < site.longitude < Decimal("10"), site
    # No city is given for the Polynesian institute: no coordinates either.
    polynesia = Site.objects.get(centre__short_name="ICPF")
    assert polynesia.region == Region.OUTRE_MER
    assert polynesia.latitude is None and polynesia.longitude is None


def test_every_fact_has_a_source(demo):
    models = (Certification, ValidityRule, KeyFigure, Trial, PlannedVisit, Centre, Site, NewsItem, EditorialPage)
    for model in (*models, PressContact):
        assert not model.objects.filter(source__isnull=True).exists(), model.__name__
    assert Certification.objects.count() > 0
    assert KeyFigure.objects.count() > 0
    assert Trial.objects.count() > 0


def test_the_has_decisions_are_exactly_those_the_documents_state(demo):
    decisions = {}
    for certification in Certification.objects.has().select_related("centre"):
        decisions.setdefault(certification.centre.slug, set()).add(certification.decision)
    assert decisions == EXPECTED_HAS_DECISIONS
    assert not Certification.objects.has().filter(centre__slug__in=NOT_YET_VISITED).exists()
    assert set(Certification.objects.has().values_list("referential", flat=True)) == {"V2020"}


def test_14_establishments_certified_on_31_july_2024(demo):
    current = Certification.objects.has().in_force_on(DAY_OF_THE_COUNT)
    assert set(current.values_list("centre__slug", flat=True)) == set(EXPECTED_HAS_DECISIONS)
    assert current.count() == 14
    assert current.filter(centre__kind=Centre.Kind.CLCC).count() == 13
    # D000 l.96: 11 with the mention. The documents name 8 of them; the other 3 are not identified.
    mention = set(current.filter(decision=WITH_MENTION).values_list("centre__slug", flat=True))
    assert mention == NAMED_WITH_MENTION
    assert len(mention) == 8
    assert KeyFigure.objects.get(source__document=D000, value=11, year=2024).topic == KeyFigure.Topic.QUALITY


def test_has_scores_where_the_annual_report_gives_them(demo):
    def chapters(slug):
        certification = Certification.objects.has().get(centre__slug=slug)
        return {score.chapter: score.score for score in certification.chapter_scores.all()}

    assert chapters("institut-bergonie") == {1: Decimal("97"), 2: Decimal("99"), 3: Decimal("97")}  # l.3026-3034
    assert chapters("centre-eugene-marquis") == {1: Decimal("99"), 2: Decimal("99"), 3: Decimal("98")}  # l.4262
    assert chapters("institut-godinot") == {1: Decimal("99"), 2: Decimal("99"), 3: Decimal("97")}  # l.4158-4164
    assert Certification.objects.has().get(centre__slug="institut-curie").global_score == Decimal("97.67")
    jean_perrin = Certification.objects.has().get(centre__slug="centre-jean-perrin")
    assert jean_perrin.global_score == Decimal("98.97")
    assert jean_perrin.appeal_pending
    assert ChapterScore.objects.count() == 9
    # No decision date is stated to the day for any HAS decision: none is invented, each keeps its precision.
    assert not Certification.objects.has().filter(decision_date__isnull=False, decision_date_precision="day").exists()
    eugene_marquis = Certification.objects.has().get(centre__slug="centre-eugene-marquis")
    assert str(eugene_marquis.decided) == "juin 2022"  # D002 l.4250 « certifié en juin 2022 »
    bergonie = Certification.objects.has().get(centre__slug="institut-bergonie")
    assert (str(bergonie.visited), str(bergonie.decided)) == ("mars 2022", "décembre 2022")  # D002 l.3010-3024
    # D000 l.16-18 « En 2023 et 2024, 4 nouveaux CLCC et 1 Centre associé ont été certifiés »
    assert str(Certification.objects.has().get(centre__slug="icap").decided) == "2023–2024"


def test_planned_visits(demo):
    first = PlannedVisit.objects.filter(scheme=Scheme.HAS, iteration=1)
    assert set(first.values_list("centre__slug", flat=True)) == NOT_YET_VISITED
    # D000 l.119 « seront évalués en 2024 et 2025 »
    assert {str(visit.planned) for visit in first} == {"2024–2025"}
    second = [
        visit for visit in PlannedVisit.objects.filter(scheme=Scheme.HAS, iteration=2) if str(visit.planned) == "2025"
    ]
    assert {visit.centre.slug for visit in second} == {
        "centre-henri-becquerel",
        "institut-paoli-calmettes",
        "institut-de-cancerologie-de-lorraine",
    }
    assert str(PlannedVisit.objects.get(centre__short_name="ICAP").planned) == "mars 2024"  # D002 l.4800


def test_iso_9001_of_the_18_clcc_and_unicancer_rd(demo):
    iso = Certification.objects.filter(scheme=Scheme.ISO_9001, source__document=D001)
    assert iso.filter(holder=Holder.CENTRE).values("centre").distinct().count() == 18
    assert iso.get(holder=Holder.UNICANCER_RD).decision_date == datetime.date(2018, 10, 1)
    on_release = Certification.objects.filter(scheme=Scheme.ISO_9001).in_force_on(datetime.date(2018, 10, 9))
    assert on_release.filter(centre__kind=Centre.Kind.CLCC).count() == 18
    assert on_release.filter(holder=Holder.UNICANCER_RD).count() == 1
    # D001 l.30-34: three CLCC certified beforehand (date not stated, so only « in force » on the release's date)
    earlier = {"institut-paoli-calmettes", "iuct-oncopole", "centre-leon-berard"}
    undated = iso.filter(holder=Holder.CENTRE, decision_date__isnull=True)
    assert set(undated.values_list("centre__slug", flat=True)) == earlier
    assert set(undated.values_list("in_force_on", flat=True)) == {datetime.date(2018, 10, 9)}
    # « en avril 2018, les autres CLCC ont obtenu la certification »: April 2018, no day
    april = iso.filter(decision_date__isnull=False, holder=Holder.CENTRE)
    assert april.count() == 15
    assert {str(certification.decided) for certification in april} == {"avril 2018"}


def test_icap_iso_and_ico_oeci(demo):
    icap = Certification.objects.filter(centre__short_name="ICAP")
    assert set(icap.values_list("scheme", flat=True)) == {Scheme.HAS, Scheme.ISO_9001, Scheme.ISO_50001}
    oeci = Certification.objects.get(scheme=Scheme.OECI)
    assert oeci.centre.short_name == "ICO"
    assert oeci.decision == Decision.ACCREDITED
    assert oeci.designation == ""  # not stated


def test_canto_had_13000_patients_at_the_end_of_2022(demo):
    canto = Trial.objects.get(acronym="CANTO")
    assert canto.actual_enrolment == 13000
    assert str(canto.enrolment_counted) == "2022"  # D002 l.2526-2528 « fin 2022 »: no day is given
    assert canto.source.document == D002


def test_mypebs_partners_countries_and_inclusions(demo):
    mypebs = Trial.objects.get(acronym="MyPeBS")
    assert mypebs.partners_count == 27
    assert mypebs.countries_count == 6
    assert mypebs.actual_enrolment == 20572
    assert mypebs.is_international


def test_trials_invent_no_registry_identifier_and_no_phase(demo):
    assert not Trial.objects.exclude(nct_id="").exists()
    assert not Trial.objects.exclude(eudract_id="").exists()
    assert not Trial.objects.exclude(eu_ct_id="").exists()
    with_phase = {trial.acronym: sorted(trial.phases.values_list("code", flat=True)) for trial in Trial.objects.all()}
    # D002 l.3674 (INA03 « phase 1 »), l.4477 (TG4001 « phase 2 »), l.4564 (TG4050 « phase I »)
    assert {acronym: phases for acronym, phases in with_phase.items() if phases} == {
        "INA03": ["phase_1"],
        "TG4001": ["phase_2"],
        "TG4050": ["phase_1"],
    }
    assert Trial.objects.get(acronym="SAFIR02-BREAST").sponsor == Trial.Sponsor.UNICANCER  # l.4593
    assert Trial.objects.get(acronym="INA03").sponsor_centre.short_name == "IPC"  # l.3684


def test_key_figures(demo):
    research_2022 = KeyFigure.objects.filter(source__document=D002, year=2022, topic=KeyFigure.Topic.RESEARCH)
    assert research_2022.filter(value=109, label_fr__contains="dont 39 à l’international").exists()
    assert research_2022.filter(value=22734).exists()
    assert KeyFigure.objects.filter(source__document=D001, year=2017, value=569).exists()


def test_the_two_press_releases(demo):
    releases = NewsItem.objects.press_releases()
    assert set(releases.values_list("source__document", flat=True)) == {D000, D001}
    iso = releases.get(source__document=D001)
    assert iso.dated == PartialDate(datetime.date(2018, 10, 9))  # dated by its document
    assert iso.press_contact.name == "Gwendoline Miguel"
    assert iso.press_contact.email == "g-miguel@unicancer.fr"
    # The 2024 press release names no press contact: none is attached to it.
    has_release = releases.get(source__document=D000)
    assert has_release.press_contact is None
    assert has_release.dated == PartialDate(datetime.date(2024, 8, 22))
    assert releases.published().count() == 2


def test_one_news_item_per_centre(demo):
    for centre in Centre.objects.all():
        news = centre.news_items.filter(kind=NewsItem.Kind.NEWS, source__document=D002)
        assert news.published().exists(), centre.name
    assert NewsItem.objects.news().count() == 20
    assert not NewsItem.objects.exclude(title_en="").filter(body_en="").exists()


def test_the_editorial_pages_in_french_and_english(demo):
    care_model = EditorialPage.objects.get(source__document=D003)
    charter = EditorialPage.objects.get(source__document=D004)
    assert care_model.body_fr.count("<li>") == 13  # 3 missions + the 10 points
    assert "<ol>" in care_model.body_fr
    assert charter.title_en == "A shared model formalised in a Charter"
    # Each page has both languages: the care model (D003, in French) its English translation, the Charter page
    # (D004, in English) its French one.
    for page in (care_model, charter):
        assert page.title_fr and page.title_en and page.summary_fr and page.summary_en, page.slug
        assert page.body_fr and page.body_en, page.slug
    assert care_model.title_fr != care_model.title_en and charter.title_fr != charter.title_en
    # The Charter page is the charter the trial pages quote, in both languages.
    assert list(EditorialPage.objects.exclude(role="")) == [charter]
    assert charter.role == EditorialPage.Role.CHARTER
    assert join_passage(charter.body_en) and join_passage(charter.body_fr)
    assert EditorialPage.objects.published().count() == 2
