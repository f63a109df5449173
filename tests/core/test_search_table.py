"""Real queries on the demo content, and the first result each must give: the same on SQLite and PostgreSQL.

The suite runs on SQLite (``make test``) and again on PostgreSQL (CI, with DATABASE_URL): each row runs on both,
and both must give the same first result (``core.search`` ranks alike on both). Ties of rank are broken by
each group's ordering (trials by acronym, news by date, centres by name), so a first result is never a chance.
"""

import pytest
from django.utils import translation

from tests.factories import make_trial
from unicancer_site.core.search import site_search

pytestmark = pytest.mark.django_db

LUNG_TRIALS = "ESMÉ"  # the first by acronym of the three trials on lung cancer (ESMÉ, FEDERATED-PET, IPH5301)

# (query, language of the page, group, the group's first result, the words searched instead when corrected)
CASES = [
    # Body parts: singular and plural, capitals, in a phrase with stop words, French and English.
    ("poumon", "fr", "trials", LUNG_TRIALS, None),
    ("poumons", "fr", "trials", LUNG_TRIALS, None),
    ("Poumon", "fr", "trials", LUNG_TRIALS, None),
    ("cancer du poumon", "fr", "trials", "CANTO", None),
    ("sein", "fr", "trials", "DESTHERS", None),
    ("seins", "fr", "trials", "DESTHERS", None),
    ("SEINS", "fr", "trials", "DESTHERS", None),
    ("cancers du sein", "fr", "trials", "XENAIR", None),
    ("ovaires", "fr", "trials", "ESMÉ", None),
    ("prostate", "fr", "trials", "PEACE", None),
    ("lymphomes", "fr", "trials", "Polarix", None),
    ("lymphome", "fr", "trials", "Polarix", None),
    ("col de l'utérus", "fr", "trials", "TG4001", None),
    ("col de l’uterus", "fr", "trials", "TG4001", None),
    # Accents and ligatures, typed or not.
    ("leucémies", "fr", "trials", "INA03", None),
    ("leucemie aigue", "fr", "trials", "INA03", None),
    ("jonction œsogastrique", "fr", "trials", "GASPAR", None),
    ("jonction oesogastrique", "fr", "trials", "GASPAR", None),
    ("voies aérodigestives", "fr", "trials", "ORGAVADS", None),
    ("organoïdes tumoraux", "fr", "trials", "ORGAPRED", None),
    ("organoides", "fr", "trials", "ORGAPRED", None),
    ("pédiatrie", "fr", "news", "centre-oscar-lambret-mobilise-hauts-de-france", None),
    ("pediatrie", "fr", "news", "centre-oscar-lambret-mobilise-hauts-de-france", None),
    ("radiotherapie", "fr", "news", "icans-radixact-clearrt-precision-radiotherapie", None),
    ("théranostique", "fr", "news", "centre-jean-perrin-visite-de-certification-has", None),
    ("theranostic", "fr", "news", "centre-jean-perrin-visite-de-certification-has", None),
    ("immunotherapies", "fr", "trials", "AcSé Cible", None),
    # Misspellings: corrected to a word of the site, and said so.
    ("Novasen", "fr", "trials", "Novasein", "novasein"),
    ("Desters", "fr", "trials", "DESTHERS", "desthers"),
    ("cancpt", "fr", "trials", "CANCEPT", "cancept"),
    ("Montpelier", "fr", "centres", "Institut du Cancer de Montpellier", "montpellier"),
    ("CNATO", "fr", "trials", "CANTO", "canto"),  # two letters swapped: one edit, on both databases
    # The beginning of a long word finds the word (as patients shorten it), on both databases.
    ("chimio", "fr", "trials", "ASTER 70s", None),
    ("immunothera", "fr", "trials", "AcSé Cible", None),
    # A word in English found as such on a French page, never "corrected" to a French word.
    ("brain", "fr", "trials", "ASTER 70s", None),
    # Acronyms and programme names, with and without their hyphen, in any case.
    ("CANTO", "fr", "trials", "CANTO", None),
    ("canto", "fr", "trials", "CANTO", None),
    ("PADA-1", "fr", "trials", "PADA-1", None),
    ("PADA1", "fr", "trials", "PADA-1", None),
    ("pada 1", "fr", "trials", "PADA-1", None),
    ("SAFIR02-BREAST", "fr", "trials", "SAFIR02-BREAST", None),
    ("safir02breast", "fr", "trials", "SAFIR02-BREAST", None),
    # Letters and their number: typed as one word, with a space or a hyphen, whichever is stored.
    ("aster70s", "fr", "trials", "ASTER 70s", None),
    ("aster-70s", "fr", "trials", "ASTER 70s", None),
    ("safir 02", "fr", "trials", "SAFIR02-BREAST", None),
    ("safir-02", "fr", "trials", "SAFIR02-BREAST", None),
    ("ina 03", "fr", "trials", "INA03", None),
    ("ina-03", "fr", "trials", "INA03", None),
    ("tg 4001", "fr", "trials", "TG4001", None),
    ("TG-4001", "fr", "trials", "TG4001", None),
    ("Paris Saclay", "fr", "trials", "Paris-Saclay Cancer Cluster", None),
    ("iuctoncopole", "fr", "centres", "Institut Claudius Regaud – IUCT-Oncopole", None),
    ("ESME", "fr", "trials", "ESMÉ", None),
    ("acse", "fr", "trials", "AcSé Cible", None),
    ("mypebs", "fr", "trials", "MyPeBS", None),
    ("oncobiom", "fr", "trials", "ONCOBIOME", None),
    ("HAS", "fr", "news", "certification-haute-qualite-des-soins-5-centres-2023-2024", None),
    ("ICO", "fr", "centres", "Institut de Cancérologie de l’Ouest", None),
    ("VADS", "fr", "trials", "ORGAVADS", None),
    # Cities and centres: the centre, and the trials run there.
    ("Lyon", "fr", "centres", "Centre Léon Bérard", None),
    ("Lyon", "fr", "trials", "CANCEPT", None),
    ("Villejuif", "fr", "trials", "Interception", None),
    ("Angers", "fr", "centres", "Institut de Cancérologie de l’Ouest", None),
    ("Clermont Ferrand", "fr", "centres", "Centre Jean Perrin", None),
    ("polynesie francaise", "fr", "centres", "Institut du Cancer de Polynésie française", None),
    ("Leon Berard", "fr", "trials", "CANCEPT", None),
    ("Bergonie", "fr", "news", "institut-bergonie-certifie-par-la-has", None),
    ("Paoli Calmettes", "fr", "trials", "INA03", None),
    ("Strasbourg", "fr", "trials", "TG4001", None),
    # English queries on English pages.
    ("lung", "en", "trials", LUNG_TRIALS, None),
    ("breast screening", "en", "trials", "MyPeBS", None),
    ("the charter", "en", "pages", "un-modele-partage-formalise-dans-une-charte", None),
    ("care model", "en", "pages", "modele-de-prise-en-charge-en-10-points", None),
    ("radiotherapy", "en", "news", "icans-radixact-clearrt-precision-radiotherapie", None),
    ("genomic analyses", "en", "news", "cgfl-premier-centre-satellite-tests-genomiques", None),
    ("scanner protons", "en", "news", "centre-antoine-lacassagne-scanner-3d-protontherapie", None),
]


def identify(item) -> str:
    """How a row of the table names a result: a trial by its acronym, a centre by its name, others by slug."""
    name = type(item).__name__
    return item.acronym if name == "Trial" else item.name if name == "Centre" else item.slug


def search(query: str, language: str):
    with translation.override(language):
        return site_search(query)


def first_of(results, key: str):
    group = next(group for group in results.groups if group.key == key)
    assert group.items, f"nothing in {key}"
    return identify(group.items[0])


@pytest.mark.parametrize(("query", "language", "key", "first", "corrected"), CASES)
def test_the_first_result(query, language, key, first, corrected):
    results = search(query, language)
    assert first_of(results, key) == first
    assert results.corrected == corrected


def test_the_table_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("query", ["NCT", "nct", "dix points"])
def test_words_are_matched_whole(query):
    # "jonction" holds the letters N, C, T; "Jonction œsogastrique" is a cancer type.
    assert search(query, "fr").total == 0


# Everyday French words the site does not use: nothing found, rather than a near word of the site ("cerveau" was
# "corrected" to "cervix" and showed a cervical-cancer trial, "rein" to "retain" or "reims", "colon" to "col",
# "foie" to "fois", "sarcomes" to "becomes").
@pytest.mark.parametrize("query", ["cerveau", "rein", "côlon", "colon", "foie", "sarcomes", "cancer du cerveau"])
def test_everyday_words_are_never_corrected_to_other_words(query):
    results = search(query, "fr")
    assert results.corrected is None
    assert all(trial.acronym != "TG4001" for trial in trials_found(query))


def test_corrections_are_close_words_of_the_same_first_letter():
    from unicancer_site.core.search import closest_word

    assert closest_word("cnato") == "canto"
    assert closest_word("montpelier") == "montpellier"
    # Too far (three edits for seven letters), another first letter, too short a word for two edits.
    assert closest_word("cerveau") != "cervix"
    assert closest_word("sarcomes") != "becomes"
    assert closest_word("rein") not in ("retain", "reims")


@pytest.mark.parametrize("query", ["PADA-1", "pada 1", "PADA1", "pada-1"])
def test_an_acronym_and_its_number_find_the_same_items_however_typed(query):
    # PADA-1 and the six programmes whose summary names it ("Mais aussi PADA-1, SAFIR, CAMBRIA, ..."): the same
    # on both databases (SQLite found 8, PostgreSQL 2, when "1" was looked for alone).
    found = [trial.acronym for trial in trials_found(query)]
    assert found[0] == "PADA-1"
    assert sorted(found) == ["CAMBRIA", "CHIPOR", "INTER-EWING", "MOIO", "PADA-1", "PEVO", "PRODIGE"]


def test_nothing_found_says_nothing_was_corrected():
    results = search("zzqxwv", "fr")
    assert results.total == 0 and results.corrected is None


@pytest.fixture
def registered_trial():
    return make_trial(
        acronym="ZZIDENT",
        title_fr="Essai zzident",
        nct_id="NCT01234567",
        eudract_id="2019-001234-56",
        eu_ct_id="2023-501234-12-00",
    )


@pytest.mark.parametrize(
    "query",
    [
        "NCT01234567",
        "nct01234567",
        "2019-001234-56",
        "201900123456",
        "2023-501234-12-00",
        "20235012341200",
        "essai NCT01234567",
        "NCT 01234567",
        "nct-01234567",
        "2023-501234-12",
        "2023 501234 12 00",
        "2019 001234 56",
    ],
)
def test_identifiers_in_any_case_with_or_without_hyphens(registered_trial, query):
    assert first_of(search(query, "fr"), "trials") == "ZZIDENT"


@pytest.mark.parametrize("query", ["NCT0123456", "2019-001234", "01234567"])
def test_identifiers_are_matched_whole(registered_trial, query):
    assert search(query, "fr").total == 0


def test_search_page_query_count(client, django_assert_num_queries):
    # Centres, trials and news find Lyon, pages do not: 1. count and 2. first results of centres, 3-4 of trials,
    # 5-6 of news, 7. count of pages (no results to fetch).
    with django_assert_num_queries(7):
        response = client.get("/fr/recherche-globale/", {"q": "Lyon"})
    assert response.status_code == 200


def test_corrected_search_page_query_count(client, django_assert_num_queries):
    # 1-4. the four counts of the typed word (nothing); 5. is "novasen" a word of the site (no); 6. the nearest
    # word; 7-8. centres count, trials count 9. trials found 10-11. news count and found 12. pages count.
    with django_assert_num_queries(12):
        response = client.get("/fr/recherche-globale/", {"q": "Novasen"})
    html = response.content.decode()
    assert "Did you mean" in html or "Vouliez-vous dire" in html
    assert "novasein" in html


def test_the_page_shows_the_rank_and_the_matched_words(client):
    html = client.get("/fr/recherche-globale/", {"q": "organoïdes"}).content.decode()
    assert '<ol class="results results--ranked">' in html
    assert "<mark>organoïdes</mark>" in html


def test_the_index_follows_saves_and_related_changes():
    from centres.models import Site
    from research.models import Localisation

    trial = make_trial(acronym="ZZFOLLOW", title_fr="Essai zzfollow")
    assert search("zzfollow", "fr").total == 1
    # A cancer type added, then renamed; a centre joined, and its city.
    lung = Localisation.objects.get(name_fr="Poumon")
    trial.localisations.add(lung)
    assert first_of(search("zzfollow poumons", "fr"), "trials") == "ZZFOLLOW"
    lung.name_fr = "Poumon zzpoumonrenomme"
    lung.save()
    assert first_of(search("zzfollow zzpoumonrenomme", "fr"), "trials") == "ZZFOLLOW"
    site = Site.objects.get(city="Lyon")
    trial.participations.create(centre=site.centre)
    assert first_of(search("zzfollow Lyon", "fr"), "trials") == "ZZFOLLOW"
    site.city = "Zzlyonville"
    site.save()
    assert first_of(search("zzfollow zzlyonville", "fr"), "trials") == "ZZFOLLOW"
    trial.participations.all().delete()
    assert search("zzlyonville zzfollow", "fr").total == 0


def test_rebuild_command_gives_the_same_documents():
    from django.core.management import call_command

    from research.models import Trial

    before = dict(Trial.objects.values_list("pk", "search_document"))
    call_command("rebuild_search_index", verbosity=0)
    assert dict(Trial.objects.values_list("pk", "search_document")) == before
    assert first_of(search("poumons", "fr"), "trials") == LUNG_TRIALS


def test_a_snippet_marks_the_matched_words_only_and_escapes_the_rest():
    from unicancer_site.core.search import python_snippet
    from unicancer_site.core.search_text import query_terms
    from unicancer_site.core.templatetags.site_tags import search_snippet

    snippet = python_snippet("<b>Essai</b> (cancers du poumon) à Lyon", query_terms("cancer poumons"))
    assert search_snippet(snippet) == ("&lt;b&gt;Essai&lt;/b&gt; (<mark>cancers</mark> du <mark>poumon</mark>) à Lyon")


FINDER_QUERIES = ["poumons", "cancer du poumon", "Caen", "Marseille", "Toulouse", "PADA1", "seins", "Polarx"]


def trials_found(query: str) -> list:
    results = search(query, "fr")
    return next(group for group in results.groups if group.key == "trials").items


@pytest.mark.parametrize("query", FINDER_QUERIES)
def test_the_trial_finder_finds_what_the_site_search_finds(client, query):
    response = client.get("/fr/recherche/essais/", {"q": query, "status": "any"})
    assert response.status_code == 200
    listed = [trial.acronym for trial in response.context["trials"]]
    expected = [trial.acronym for trial in trials_found(query) if trial.kind == "trial"]
    assert listed and sorted(listed) == sorted(expected)
    # The best match first (the finder then puts recruiting trials first among equals).
    best = max(trial.search_rank for trial in response.context["trials"])
    assert response.context["trials"][0].search_rank == best


@pytest.mark.parametrize("query", FINDER_QUERIES)
def test_the_api_q_finds_what_the_site_search_finds(client, query):
    response = client.get("/api/v1/trials/", {"q": query, "page_size": 100})
    assert response.status_code == 200
    listed = {item["slug"] for item in response.json()["results"]}
    assert listed == {trial.slug for trial in trials_found(query)}


def test_a_site_moved_to_another_centre_moves_its_city():
    from centres.models import Centre, Site

    site = Site.objects.get(city="Lyon")
    site.centre = Centre.objects.get(name="Institut Curie")
    site.save()
    found = {trial.acronym for trial in trials_found("Lyon")}
    assert "PADA-1" in found and "CANCEPT" not in found
    assert first_of(search("Lyon", "fr"), "centres") == "Institut Curie"


def test_a_change_no_document_reads_rewrites_no_document():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from centres.models import Site

    site = Site.objects.get(city="Lyon")
    site.address = "28 rue Laennec"
    with CaptureQueriesContext(connection) as queries:
        site.save()
    rewritten = [
        query["sql"] for query in queries.captured_queries if "search_" in query["sql"] and "UPDATE" in query["sql"]
    ]
    assert rewritten == []


def test_the_api_q_orders_by_relevance_unless_an_ordering_is_asked(client):
    # XENAIR, "cancers du sein" in its title, came last by acronym.
    ranked = client.get("/api/v1/trials/", {"q": "cancers du sein", "page_size": 100}).json()
    best = trials_found("cancers du sein")
    assert [item["slug"] for item in ranked["results"]] == [trial.slug for trial in best]
    assert ranked["results"][0]["acronym"] == "XENAIR"
    assert ranked["corrected_query"] is None
    by_acronym = client.get("/api/v1/trials/", {"q": "cancers du sein", "ordering": "acronym", "page_size": 100})
    acronyms = [item["acronym"] for item in by_acronym.json()["results"]]
    assert acronyms == sorted(acronyms) and acronyms[-1] == "XENAIR"


def test_the_api_says_when_the_words_were_corrected(client, django_assert_num_queries):
    # 1. whether "novasen" finds a trial (no) 2. is it a word of the site 3. the nearest word 4. whether that
    # finds a trial 5. count 6. trials 7. phases 8. localisations 9. participations 10. the latest change.
    with django_assert_num_queries(10):
        response = client.get("/api/v1/trials/", {"q": "Novasen"})
    body = response.json()
    assert body["corrected_query"] == "novasein"
    assert [item["acronym"] for item in body["results"]] == ["Novasein"]
    assert client.get("/api/v1/trials/", {"q": "zzqxwv"}).json() | {"results": []} == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
        "corrected_query": None,
    }


def test_the_trial_finder_ranks_shows_snippets_and_corrections(client):
    response = client.get("/fr/recherche/essais/", {"q": "cancers du sein", "status": "any"})
    ranks = [trial.search_rank for trial in response.context["trials"]]
    assert len(ranks) > 1 and ranks == sorted(ranks, reverse=True)
    best = [trial for trial in trials_found("cancers du sein") if trial.kind == "trial"][0]
    assert response.context["trials"][0].search_rank == best.search_rank
    html = response.content.decode()
    assert '<p class="snippet"' in html and "<mark>" in html
    corrected = client.get("/fr/recherche/essais/", {"q": "Polarx", "status": "any"})
    assert corrected.context["corrected_query"] == "polarix"
    assert [trial.acronym for trial in corrected.context["trials"]] == ["Polarix"]
    assert "Vouliez-vous dire «\u00a0polarix\u00a0»" in corrected.content.decode()
