"""The trial finder: every trial by default, recruiting ones first, with a count of each status (each a link);
each filter narrows, filters combine, bad values give the page with a message, pagination keeps the filters,
a fixed number of queries."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from centres.models import Region
from research.models import Localisation, Phase, RecruitmentStatus, Trial, TrialCentre
from tests.factories import make_centre, make_site, make_trial
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


def finder_url(language="fr"):
    with translation.override(language):
        return reverse("research:trial_list")


@pytest.fixture
def world():
    """Two centres in two regions, two localisations and four trials of ours, plus a programme and a draft."""
    lyon = make_centre(slug="zz-centre-lyon", name="Zz Centre Lyon")
    make_site(lyon, city="Lyon", region=Region.AUVERGNE_RHONE_ALPES)
    lille = make_centre(slug="zz-centre-lille", name="Zz Centre Lille")
    make_site(lille, city="Lille", region=Region.HAUTS_DE_FRANCE)
    breast = Localisation.objects.create(slug="zz-sein", name_fr="Zz sein", name_en="Zz breast")
    lung = Localisation.objects.create(slug="zz-poumon", name_fr="Zz poumon", name_en="")

    def trial(acronym, status, phase, localisation, centre, international, **extra):
        made = make_trial(
            slug=acronym.lower(),
            acronym=acronym,
            title_fr=f"Essai {acronym} sur la thérapie ciblée" if "THER" in acronym else f"Essai {acronym}",
            title_en=f"{acronym} trial",
            recruitment_status=status,
            is_international=international,
            **extra,
        )
        made.phases.add(Phase.objects.get(code=phase))
        made.localisations.add(localisation)
        TrialCentre.objects.create(trial=made, centre=centre, recruitment_status=status)
        return made

    return {
        "lyon": lyon,
        "lille": lille,
        "breast": breast,
        "lung": lung,
        "alpha": trial("ZZALPHA", RecruitmentStatus.RECRUITING, "phase_2", breast, lyon, True),
        "bravo": trial("ZZBRAVO", RecruitmentStatus.RECRUITING, "phase_3", lung, lille, False),
        "charlie": trial("ZZCHARLIE", RecruitmentStatus.COMPLETED, "phase_2", breast, lille, False),
        "therapy": trial("ZZTHERAPY", RecruitmentStatus.RECRUITING, "phase_1", lung, lyon, False),
        "programme": make_trial(
            slug="zzprog", acronym="ZZPROG", kind=Trial.Kind.COHORT, recruitment_status=RecruitmentStatus.RECRUITING
        ),
        "draft": make_trial(
            slug="zzdraft",
            acronym="ZZDRAFT",
            status=PublicationStatus.DRAFT,
            recruitment_status=RecruitmentStatus.RECRUITING,
        ),
    }


def acronyms(response) -> set[str]:
    """Our trials (acronyms starting with ZZ) listed on the page."""
    return {trial.acronym for trial in response.context["trials"] if trial.acronym.startswith("ZZ")}


def get(client, **params):
    response = client.get(finder_url(), {"q": "ZZ", **params})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_trial_by_default_recruiting_first_in_both_languages(client, world, language):
    response = client.get(finder_url(language), {"q": "ZZ"})
    assert response.status_code == 200
    assert acronyms(response) == {"ZZALPHA", "ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}  # not the programme, the draft
    ours = [trial.acronym for trial in response.context["trials"] if trial.acronym.startswith("ZZ")]
    assert ours == ["ZZALPHA", "ZZBRAVO", "ZZTHERAPY", "ZZCHARLIE"]  # recruiting first, then by acronym
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert '<option value="any" selected>' in html
    assert 'for="trial-status"' in html and 'id="trial-status"' in html


def test_the_default_lists_every_published_trial(client):
    response = client.get(finder_url())
    assert response.context["paginator"].count == Trial.objects.published().trials().count() > 0


def test_each_status_is_counted_and_one_click_away(client, world):
    response = get(client)
    counts = {status["value"]: status["count"] for status in response.context["status_counts"]}
    assert counts[RecruitmentStatus.RECRUITING] == 3 and counts[RecruitmentStatus.COMPLETED] == 1
    assert [status["value"] for status in response.context["status_counts"]][0] == RecruitmentStatus.RECRUITING
    html = response.content.decode()
    # The recruiting trials, one click away, keeping the other filters.
    assert re.search(r'<a href="\?q=ZZ&amp;status=recruiting">En recrutement\u00a0: 3 essais</a>', html)
    recruiting = get(client, status="recruiting")
    assert acronyms(recruiting) == {"ZZALPHA", "ZZBRAVO", "ZZTHERAPY"}
    # The counts follow the other filters, not the status.
    narrowed = {
        s["value"]: s["count"]
        for s in get(client, status="recruiting", centre="zz-centre-lille").context["status_counts"]
    }
    assert narrowed[RecruitmentStatus.RECRUITING] == 1 and narrowed[RecruitmentStatus.COMPLETED] == 1


def test_any_status_is_the_default(client, world):
    response = get(client, status="any")
    assert acronyms(response) == {"ZZALPHA", "ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}
    assert '<option value="any" selected>' in response.content.decode()
    # An empty status (the select's "any" sent by hand) means the same.
    assert acronyms(get(client, status="")) == {"ZZALPHA", "ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}


def test_status_filter_narrows(client, world):
    assert acronyms(get(client, status="completed")) == {"ZZCHARLIE"}
    assert acronyms(get(client, status=["completed", "recruiting"])) == {"ZZALPHA", "ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}


def test_text_search_narrows_and_ignores_accents(client, world):
    assert acronyms(get(client, q="ZZBRAVO")) == {"ZZBRAVO"}
    # "therapie" finds "thérapie" in the French title.
    assert acronyms(get(client, q="therapie ciblee", status="any")) == {"ZZTHERAPY"}


def test_localisation_filter_narrows(client, world):
    assert acronyms(get(client, localisation="zz-sein", status="any")) == {"ZZALPHA", "ZZCHARLIE"}


def test_phase_filter_narrows(client, world):
    assert acronyms(get(client, phase="phase_2", status="any")) == {"ZZALPHA", "ZZCHARLIE"}
    assert acronyms(get(client, phase=["phase_1", "phase_3"])) == {"ZZBRAVO", "ZZTHERAPY"}


def test_centre_filter_narrows(client, world):
    assert acronyms(get(client, centre="zz-centre-lille", status="any")) == {"ZZBRAVO", "ZZCHARLIE"}


def test_region_filter_narrows(client, world):
    assert acronyms(get(client, region=Region.AUVERGNE_RHONE_ALPES)) == {"ZZALPHA", "ZZTHERAPY"}


def test_international_filter_narrows(client, world):
    assert acronyms(get(client, international="true")) == {"ZZALPHA"}
    assert acronyms(get(client, international="false")) == {"ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}
    # The site's one yes/no parser: the API's "1"/"0" mean the same on the page.
    assert acronyms(get(client, international="1")) == {"ZZALPHA"}
    assert acronyms(get(client, international="0")) == {"ZZBRAVO", "ZZCHARLIE", "ZZTHERAPY"}


def test_filters_combine(client, world):
    response = get(client, status="any", localisation="zz-sein", centre="zz-centre-lille", phase="phase_2")
    assert acronyms(response) == {"ZZCHARLIE"}
    assert acronyms(get(client, localisation="zz-sein", centre="zz-centre-lille", status="recruiting")) == set()
    html = response.content.decode()
    # The form shows what was chosen, so that the search can be refined.
    assert '<option value="zz-sein" selected>' in html
    assert '<option value="zz-centre-lille" selected>' in html
    assert 'value="phase_2" checked' in html


def test_result_count_is_shown(client, world):
    response = get(client, q="ZZALPHA")
    assert response.context["paginator"].count == 1
    assert "1 essai trouvé" in response.content.decode() or "1 trial found" in response.content.decode()


def test_english_page_marks_a_french_only_localisation(client, world):
    response = client.get(finder_url("en"), {"q": "ZZ"})
    html = response.content.decode()
    assert '<option value="zz-poumon" lang="fr">Zz poumon</option>' in html
    assert ">Zz breast</option>" in html


@pytest.mark.parametrize(
    "params",
    [
        {"phase": "phase_9"},
        {"centre": "no-such-centre"},
        {"localisation": "no-such-localisation"},
        {"status": "sleeping"},
        {"region": "atlantis"},
        {"international": "maybe"},
        {"international": "unknown"},
        {"q": "x" * 201},
        {"page": "abc"},
        {"page": "999"},
        {"page": "0"},
    ],
)
def test_an_invalid_value_gives_the_page_with_a_message(client, world, params):
    response = client.get(finder_url(), params)
    assert response.status_code == 200
    assert response.context["filter_messages"], params
    assert 'class="message message--error" role="alert"' in response.content.decode()


def test_an_invalid_value_keeps_the_other_filters(client, world):
    response = get(client, centre="no-such-centre", localisation="zz-sein")
    assert acronyms(response) == {"ZZALPHA", "ZZCHARLIE"}
    assert any("Centre" in message or "centre" in message for message in response.context["filter_messages"])


def test_page_out_of_range_shows_the_last_page(client, world):
    response = get(client, page="999")
    assert response.context["page_obj"].number == response.context["paginator"].num_pages


def test_pagination_keeps_the_filters(client, world):
    for number in range(25):
        trial = make_trial(
            acronym=f"ZZPAGE{number:02}",
            title_fr="Essai zzpagination",
            recruitment_status=RecruitmentStatus.RECRUITING,
        )
        trial.localisations.add(world["breast"])
    response = get(client, q="zzpagination", localisation="zz-sein")
    assert response.context["paginator"].count == 25
    assert response.context["page_obj"].has_next()
    html = response.content.decode()
    next_link = re.search(r'<a href="\?([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert "q=zzpagination" in next_link and "localisation=zz-sein" in next_link and "page=2" in next_link
    second = client.get(f"{finder_url()}?{next_link}")
    assert second.context["page_obj"].number == 2
    assert {trial.acronym for trial in second.context["trials"]} == {f"ZZPAGE{number:02}" for number in range(20, 25)}


def test_only_published_trials_are_found(client, world):
    response = get(client, q="ZZDRAFT")
    assert acronyms(response) == set()


def test_finder_query_count(client, world, django_assert_num_queries):
    # 1 localisation (validating the filter) 2 count 3 page of trials with their sponsoring centre
    # 4 phases 5 localisations (prefetched) 6 trials by status 7 localisations 8 phases 9 centres (the form)
    with django_assert_num_queries(9):
        response = client.get(finder_url(), {"localisation": "zz-sein", "status": "any"})
    assert response.status_code == 200


def test_finder_query_count_does_not_grow_with_rows(client, world, django_assert_num_queries):
    for number in range(10):
        trial = make_trial(acronym=f"ZZMORE{number}", recruitment_status=RecruitmentStatus.RECRUITING)
        trial.phases.add(Phase.objects.get(code="phase_2"))
    # 1 whether the words find a trial (else they are corrected: core.search.resolve_terms) 2 count
    # 3 page of trials 4 phases 5 localisations (prefetched) 6 trials by status 7 localisations 8 phases
    # 9 centres (the form)
    with django_assert_num_queries(9):
        client.get(finder_url(), {"q": "ZZMORE1"})


def test_empty_values_among_others_are_ignored(client, world):
    response = get(client, phase=["phase_2", ""], status="any")
    assert acronyms(response) == {"ZZALPHA", "ZZCHARLIE"}
    assert response.context["filter_messages"] == []


def test_distinct_only_when_a_filter_joins_a_to_many_relation():
    """DISTINCT over every column costs a sort of the whole result: only when a join can repeat a trial."""
    from research.filters import TrialFilter

    plain = TrialFilter({"status": ["recruiting"], "kind": ["trial"]}, queryset=Trial.objects.all()).qs
    assert not plain.query.distinct
    assert TrialFilter({"phase": ["phase_3"]}, queryset=Trial.objects.all()).qs.query.distinct
    assert TrialFilter({"region": Region.BRETAGNE.value}, queryset=Trial.objects.all()).qs.query.distinct
    # An empty to-many filter joins nothing.
    assert not TrialFilter({"status": ["recruiting"], "phase": []}, queryset=Trial.objects.all()).qs.query.distinct


def test_a_trial_in_two_centres_of_a_region_is_listed_once(client):
    trial = make_trial(acronym="ZZTWICE")
    for _ in range(2):
        centre = make_centre()
        make_site(centre, region=Region.BRETAGNE)
        TrialCentre.objects.create(trial=trial, centre=centre)
    response = client.get(reverse("research:trial_list"), {"region": Region.BRETAGNE.value})
    acronyms = [t.acronym for t in response.context["trials"]]
    assert acronyms.count("ZZTWICE") == 1
