import csv
import datetime
import io

import pytest
from django.utils import timezone

from centres.models import Region
from research.models import Localisation, Phase, RecruitmentStatus, Trial, TrialCentre
from tests.factories import make_centre, make_site, make_source, make_trial
from unicancer_site.publishing.models import PublicationStatus

from .conftest import FROZEN_AT, FROZEN_AT_JSON, slugs

pytestmark = pytest.mark.django_db
PUBLISHED_AT = FROZEN_AT - datetime.timedelta(days=1)


@pytest.fixture
def canto(frozen):
    with frozen:
        source = make_source(title="Rapport API", date=datetime.date(2024, 5, 1), url="https://example.org/rapport")
        lyon = make_centre(slug="api-lyon", name="Centre API Lyon")
        make_site(lyon, name="Site API Lyon", city="Lyon", region=Region.AUVERGNE_RHONE_ALPES)
        nantes = make_centre(slug="api-nantes", name="Centre API Nantes")
        make_site(nantes, name="Site API Nantes", city="Nantes", region=Region.PAYS_DE_LA_LOIRE)
        breast = Localisation.objects.create(slug="api-sein", name_fr="Sein (API)", name_en="Breast (API)")
        trial = make_trial(
            slug="api-canto",
            acronym="API-CANTO",
            title_fr="Cohorte de test",
            title_en="Test cohort",
            summary_fr="Résumé.",
            kind=Trial.Kind.TRIAL,
            recruitment_status=RecruitmentStatus.RECRUITING,
            sponsor=Trial.Sponsor.UNICANCER,
            collaborative_group="UCBG",
            nct_id="NCT01993498",
            target_enrolment=1000,
            actual_enrolment=800,
            enrolment_date=datetime.date(2024, 1, 1),
            enrolment_unit_fr="patientes",
            start_date=datetime.date(2012, 3, 1),
            is_international=False,
            website="https://canto.example.org",
            source=source,
            publish_from=PUBLISHED_AT,
        )
        trial.phases.set(["phase_3", "phase_2"])
        trial.localisations.set([breast])
        TrialCentre.objects.create(trial=trial, centre=nantes, recruitment_status=RecruitmentStatus.COMPLETED)
        TrialCentre.objects.create(trial=trial, centre=lyon, recruitment_status=RecruitmentStatus.RECRUITING)
    return trial


def expected(trial, lang="fr"):
    english = lang == "en"
    return {
        "id": trial.pk,
        "slug": "api-canto",
        "acronym": "API-CANTO",
        "kind": "trial",
        "title": "Test cohort" if english else "Cohorte de test",
        "summary": "Résumé.",  # no English summary: the French one
        "phases": [{"code": "phase_2", "name": "Phase 2"}, {"code": "phase_3", "name": "Phase 3"}],
        "recruitment_status": "recruiting",
        "localisations": [{"slug": "api-sein", "name": "Breast (API)" if english else "Sein (API)"}],
        "sponsor": "unicancer",
        "sponsor_centre": None,
        "sponsor_display": "Unicancer R&D",
        "collaborative_group": "UCBG",
        "nct_id": "NCT01993498",
        "eudract_id": "",
        "eu_ct_id": "",
        "registry_links": [
            {
                "registry": "ClinicalTrials.gov",
                "identifier": "NCT01993498",
                "url": "https://clinicaltrials.gov/study/NCT01993498",
            }
        ],
        "target_enrolment": 1000,
        "actual_enrolment": 800,
        "enrolment_date": "2024-01-01",
        "enrolment_unit": "patientes",
        "start_date": "2012-03-01",
        "end_date": None,
        "is_international": False,
        "countries_count": None,
        "partners_count": None,
        "website": "https://canto.example.org",
        "eligibility": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "centres": [
            {
                "slug": "api-lyon",
                "name": "Centre API Lyon",
                "url": f"http://testserver/{lang}/centres/api-lyon/",
                "recruitment_status": "recruiting",
            },
            {
                "slug": "api-nantes",
                "name": "Centre API Nantes",
                "url": f"http://testserver/{lang}/centres/api-nantes/",
                "recruitment_status": "completed",
            },
        ],
        "url": f"http://testserver/{lang}/{'research/trials' if lang == 'en' else 'recherche/essais'}/api-canto/",
        "source": {
            "title": "Rapport API",
            "kind": "press_release",
            "document": "",
            "date": "2024-05-01",
            "date_precision": "day",
            "url": "https://example.org/rapport",
        },
        "publication_status": "published",
        "publish_from": "2025-02-28T10:30:00+01:00",
        "publish_until": None,
        "updated": FROZEN_AT_JSON,
    }


def test_detail_whole_payload(api, canto):
    response = api.get("/api/v1/trials/api-canto/")
    assert response.status_code == 200
    assert response.json() == expected(canto)


def test_list_whole_payload_in_english(api, canto):
    response = api.get("/api/v1/trials/", {"centre": "api-lyon", "lang": "en"})
    assert response.json()["results"] == [expected(canto, lang="en")]


def test_programme_url(api):
    make_trial(slug="api-programme", acronym="API-PROG", kind=Trial.Kind.PROGRAMME)
    body = api.get("/api/v1/trials/api-programme/").json()
    assert body["url"] == "http://testserver/fr/recherche/programmes/api-programme/"
    assert "api-programme" in slugs(api.get("/api/v1/trials/", {"kind": "programme", "page_size": 100}))


def test_anonymous_clients_see_published_trials_only(api, canto):
    make_trial(slug="api-draft", status=PublicationStatus.DRAFT, publish_from=None)
    make_trial(slug="api-scheduled", publish_from=timezone.now() + datetime.timedelta(days=3))
    make_trial(
        slug="api-expired",
        publish_from=timezone.now() - datetime.timedelta(days=9),
        publish_until=timezone.now() - datetime.timedelta(days=1),
    )
    assert api.get("/api/v1/trials/api-draft/").status_code == 404
    assert api.get("/api/v1/trials/api-scheduled/").status_code == 404
    assert api.get("/api/v1/trials/api-expired/").status_code == 404
    listed = slugs(api.get("/api/v1/trials/", {"search": "essai de test", "page_size": 100}))
    assert not {"api-draft", "api-scheduled", "api-expired"} & set(listed)


def test_filters(api, canto):
    other = make_trial(
        slug="api-other", acronym="API-OTHER", recruitment_status=RecruitmentStatus.COMPLETED, is_international=True
    )
    other.phases.set(["phase_1"])
    TrialCentre.objects.create(trial=other, centre=canto.centres.get(slug="api-nantes"))
    mine = {"centre": "api-nantes", "page_size": 100}
    assert slugs(api.get("/api/v1/trials/", mine)) == ["api-canto", "api-other"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "localisation": "api-sein"})) == ["api-canto"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "phase": "phase_3"})) == ["api-canto"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "phase": ["phase_3", "phase_1"]})) == ["api-canto", "api-other"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "status": "completed"})) == ["api-other"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "international": "true"})) == ["api-other"]
    assert slugs(api.get("/api/v1/trials/", {**mine, "updated_since": "2025-03-02T00:00:00Z"})) == ["api-other"]
    # Lyon's site is in Auvergne-Rhône-Alpes: only CANTO runs there.
    in_region = slugs(api.get("/api/v1/trials/", {"region": "auvergne-rhone-alpes", "page_size": 100}))
    assert "api-canto" in in_region
    assert "api-other" not in in_region
    # A trial with several centres in the region is listed once.
    assert in_region.count("api-canto") == 1


def test_search_ignores_accents(api, canto):
    assert "api-canto" in slugs(api.get("/api/v1/trials/", {"search": "cohorte", "page_size": 100}))
    assert "api-canto" in slugs(api.get("/api/v1/trials/", {"search": "résumé ucbg", "page_size": 100}))
    assert "api-canto" in slugs(api.get("/api/v1/trials/", {"search": "RESUME", "page_size": 100}))


def test_ordering_and_tiebreak(api, canto):
    nantes = canto.centres.get(slug="api-nantes")
    for acronym, start in (("API-B", 2020), ("API-A", 2020), ("API-C", 2019)):
        trial = make_trial(acronym=acronym, start_date=datetime.date(start, 1, 1))
        TrialCentre.objects.create(trial=trial, centre=nantes)
    acronyms = [
        t["acronym"]
        for t in api.get("/api/v1/trials/", {"centre": "api-nantes", "ordering": "-start_date,acronym"}).json()[
            "results"
        ]
    ]
    assert acronyms == ["API-A", "API-B", "API-C", "API-CANTO"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"status": "sleeping"}, "status"),
        ({"region": "atlantis"}, "region"),
        ({"international": "perhaps"}, "international"),
        ({"updated_since": "last week"}, "updated_since"),
        ({"ordering": "title"}, "ordering"),
        ({"ordering": "-acronym,password"}, "ordering"),
        ({"lang": "de"}, "lang"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_invalid_parameters_are_400s_naming_them(api, params, parameter):
    response = api.get("/api/v1/trials/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [parameter]
    assert all(isinstance(message, str) and message for message in response.json()["errors"][parameter])


def test_csv_neutralises_formulas(api, canto):
    dangerous = make_trial(
        slug="api-formula",
        acronym='=HYPERLINK("http://evil")',
        title_fr="+SUM(A1:A2)",
        summary_fr="@cmd",
        collaborative_group="-2+3",
        sponsor=Trial.Sponsor.OTHER,
        sponsor_name="\tTabbed",
    )
    TrialCentre.objects.create(trial=dangerous, centre=canto.centres.get(slug="api-nantes"))
    response = api.get("/api/v1/trials/", {"centre": "api-nantes", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    row = rows["api-formula"]
    assert row["acronym"] == '\'=HYPERLINK("http://evil")'
    assert row["title"] == "'+SUM(A1:A2)"
    assert row["summary"] == "'@cmd"
    assert row["collaborative_group"] == "'-2+3"
    assert row["sponsor_display"] == "'\tTabbed"
    canto_row = rows["api-canto"]
    assert canto_row["phases.code"] == "phase_2; phase_3"
    assert canto_row["centres.slug"] == "api-lyon; api-nantes"
    assert canto_row["centres.recruitment_status"] == "recruiting; completed"
    assert canto_row["source.url"] == "https://example.org/rapport"
    assert canto_row["sponsor_centre.slug"] == ""


def test_csv_is_not_offered_for_other_resources(api):
    response = api.get("/api/v1/centres/", {"format": "csv"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_errors_are_json_even_when_csv_is_asked(api):
    response = api.get("/api/v1/trials/", {"format": "csv", "status": "sleeping"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["status"]


def _make_trials(count):
    centre = make_centre(slug=f"api-count-{count}")
    make_site(centre)
    localisation = Localisation.objects.create(slug=f"api-loc-{count}", name_fr=f"Localisation API {count}")
    for n in range(count):
        trial = make_trial(source=make_source(), sponsor=Trial.Sponsor.CENTRE, sponsor_centre=centre)
        trial.phases.set(Phase.objects.all()[:2])
        trial.localisations.set([localisation])
        TrialCentre.objects.create(trial=trial, centre=centre)
        TrialCentre.objects.create(trial=trial, centre=make_centre())
        assert n >= 0
    return centre


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(api, count, django_assert_num_queries):
    centre = _make_trials(count)
    # 1 the centre filter's choice, 2 count, 3 trials with sponsor centre and source, 4 phases,
    # 5 localisations, 6 participations with their centres, 7 the latest `updated`.
    with django_assert_num_queries(7):
        response = api.get("/api/v1/trials/", {"centre": centre.slug, "page_size": 100})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_csv_query_count_does_not_grow(api, count, django_assert_num_queries):
    centre = _make_trials(count)
    # As the list, without the count: CSV is not paginated.
    with django_assert_num_queries(6):
        response = api.get("/api/v1/trials/", {"centre": centre.slug, "format": "csv"})
    assert response.status_code == 200


def test_detail_query_count(api, canto, django_assert_num_queries):
    # 1 the trial with sponsor centre and source, 2 phases, 3 localisations, 4 participations with centres,
    # 5 the latest change (Last-Modified).
    with django_assert_num_queries(5):
        assert api.get("/api/v1/trials/api-canto/").status_code == 200
