"""A trial's page, the programme pages, the programmes list and the research key figures, in both languages."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from research.models import Localisation, Phase, RecruitmentStatus, Trial, TrialCentre
from tests.factories import make_centre, make_news_item, make_page, make_source, make_trial
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.pages.models import EditorialPage
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db

CHARTER_BODY = """<p>Our Charter of commitments towards patients.</p>
<h2>Innovations</h2>
<h3>Joining a clinical trial</h3>
<p>Patients in our Centres may <strong>join a clinical trial</strong>.</p>
<ul><li>Committees of patients</li></ul>
<h3>Something else</h3>
<p>Not about trials.</p>"""
CHARTER_BODY_FR = "<h3>Participer à un essai clinique</h3><p>Les patients peuvent participer à un essai.</p>"


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def json_ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.DOTALL)
    return json.loads(match.group(1))


@pytest.fixture
def trial():
    centre_a = make_centre(name="Aa Centre recruteur")
    centre_b = make_centre(name="Bb Centre fermé")
    sponsor = make_centre(name="Centre promoteur")
    made = make_trial(
        slug="zz-essai",
        acronym="ZZESSAI",
        title_fr="Essai de phase 2 sur la thérapie ciblée",
        title_en="Phase 2 trial of targeted therapy",
        summary_fr="Résumé en français.",
        summary_en="",
        recruitment_status=RecruitmentStatus.RECRUITING,
        sponsor=Trial.Sponsor.CENTRE,
        sponsor_centre=sponsor,
        collaborative_group="UCBG",
        nct_id="NCT01993498",
        eudract_id="2012-001234-56",
        target_enrolment=56000,
        actual_enrolment=20572,
        enrolment_date=datetime.date(2022, 12, 31),
        enrolment_unit_fr="femmes",
        enrolment_unit_en="women",
        is_international=True,
        countries_count=6,
        source=make_source(title="Rapport annuel de test"),
    )
    made.phases.add(Phase.objects.get(code="phase_2"))
    made.localisations.add(Localisation.objects.create(slug="zz-sein", name_fr="Zz sein", name_en="Zz breast"))
    TrialCentre.objects.create(trial=made, centre=centre_a, recruitment_status=RecruitmentStatus.RECRUITING)
    TrialCentre.objects.create(trial=made, centre=centre_b, recruitment_status=RecruitmentStatus.COMPLETED)
    make_news_item(title_fr="Actualité publiée sur l'essai").trials.add(made)
    make_news_item(title_fr="Brouillon sur l'essai", status=PublicationStatus.DRAFT).trials.add(made)
    make_news_item(
        title_fr="Actualité future sur l'essai", publish_from=timezone.now() + datetime.timedelta(days=3)
    ).trials.add(made)
    return made


@pytest.fixture
def charter():
    """The charter page, in French and English (replacing the demo content's pages)."""
    EditorialPage.objects.all().delete()
    return make_page(
        slug="zz-charte",
        role=EditorialPage.Role.CHARTER,
        title_fr="Un modèle formalisé dans une Charte",
        title_en="A shared model formalised in a Charter",
        body_fr=CHARTER_BODY_FR,
        body_en=CHARTER_BODY,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_trial_page_shows_what_a_visitor_needs(client, trial, language):
    response = client.get(url("research:trial_detail", language, slug="zz-essai"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert "ZZESSAI" in html
    title = "Phase 2 trial of targeted therapy" if language == "en" else "Essai de phase 2 sur la thérapie ciblée"
    assert title in html
    assert "UCBG" in html
    assert "Centre promoteur" in html
    assert "Phase 2" in html
    # Registry identifiers link to the public registries.
    assert 'href="https://clinicaltrials.gov/study/NCT01993498"' in html
    assert "2012-001234-56" in html
    # Participating centres with their own recruitment status, in order.
    assert html.index("Aa Centre recruteur") < html.index("Bb Centre fermé")
    # Enrolment with the date of the count.
    assert "20" in html and "572" in html and "56" in html
    assert "2022" in html
    assert ("women" if language == "en" else "femmes") in html
    # Only published news.
    assert "Actualité publiée sur l&#x27;essai" in html
    assert "Brouillon" not in html
    assert "Actualité future" not in html
    assert "Rapport annuel de test" in html


def test_english_page_marks_the_french_summary(client, trial):
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    assert '<div class="prose lead" lang="fr"><p>Résumé en français.</p></div>' in html
    assert "The summary is only available in French." in html
    assert '<span lang="en">Zz breast</span>' in html


def test_trial_json_ld_is_a_medical_trial(client, trial):
    data = json_ld(client.get(url("research:trial_detail", "en", slug="zz-essai")))
    assert data["@type"] == "MedicalTrial"
    assert data["alternateName"] == "ZZESSAI"
    assert data["name"] == "Phase 2 trial of targeted therapy"
    assert data["status"] == "https://schema.org/Recruiting"
    assert data["phase"] == "Phase 2"
    assert data["sponsor"] == {"@type": "Organization", "name": "Centre promoteur"}
    assert "NCT01993498" in data["identifier"]


@pytest.mark.parametrize(
    ("language", "heading", "passage"),
    [
        ("en", "Joining a clinical trial", "join a clinical trial"),
        ("fr", "Participer à un essai clinique", "Les patients peuvent participer"),
    ],
)
def test_how_to_join_comes_from_the_charter(client, trial, charter, language, heading, passage):
    response = client.get(url("research:trial_detail", language, slug="zz-essai"))
    html = response.content.decode()
    start = html.index('id="join-heading"')
    section = html[start : html.index("</section>", start)]
    assert f'<div class="prose" lang="{language}">' in section
    assert heading in section
    assert passage in section
    assert "Something else" not in section and "Not about trials" not in section
    assert "lang-note" not in section
    assert f'href="{url("pages:page_detail", language, slug="zz-charte")}" lang="{language}"' in section


def test_how_to_join_falls_back_to_the_french_passage_marked_as_such(client, trial, charter):
    charter.body_en = "<p>Our Charter of commitments towards patients, with nothing on trials.</p>"
    charter.save()
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    section = html[html.index('id="join-heading"') :]
    assert '<div class="prose" lang="fr">' in section
    assert "Participer à un essai clinique" in section
    assert '<span class="lang-note" lang="en">(in French)</span>' in section


def test_the_charter_is_found_by_its_role(client, trial, charter):
    # Renamed, the charter still gives the passage; a page saying "charter" without the role gives none.
    charter.title_fr, charter.title_en = "Nos engagements", "Our commitments"
    charter.save()
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    section = html[html.index('id="join-heading"') :]
    assert "Joining a clinical trial" in section and "Our commitments" in section
    charter.role = ""
    charter.save()
    make_page(slug="zz-other", title_fr="La charte", title_en="The charter", body_en=CHARTER_BODY)
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    assert 'id="join-heading"' not in html


def test_a_charter_without_the_passage_gives_no_section(client, trial, charter):
    charter.body_fr = charter.body_en = "<p>Nothing on trials.</p>"
    charter.save()
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    assert 'id="join-heading"' not in html


def test_no_charter_no_section(client, trial):
    EditorialPage.objects.all().delete()
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    assert 'id="join-heading"' not in html


def test_an_unpublished_charter_is_not_quoted(client, trial, charter):
    EditorialPage.objects.update(status=PublicationStatus.DRAFT)
    html = client.get(url("research:trial_detail", "en", slug="zz-essai")).content.decode()
    assert 'id="join-heading"' not in html


@pytest.mark.parametrize(
    "changes",
    [
        {"status": PublicationStatus.DRAFT},
        {"status": PublicationStatus.IN_REVIEW},
        {"publish_from": timezone.now() + datetime.timedelta(days=1)},
        {"publish_until": timezone.now() - datetime.timedelta(minutes=1)},
    ],
)
def test_unpublished_trial_is_404(client, trial, changes):
    if "publish_until" in changes:
        Trial.objects.filter(pk=trial.pk).update(publish_from=timezone.now() - datetime.timedelta(days=2), **changes)
    else:
        Trial.objects.filter(pk=trial.pk).update(**changes)
    for language in ("fr", "en"):
        assert client.get(url("research:trial_detail", language, slug="zz-essai")).status_code == 404


def test_a_programme_is_not_a_trial_page_and_the_reverse(client, trial):
    make_trial(slug="zz-cohorte", acronym="ZZCOHORTE", kind=Trial.Kind.COHORT)
    assert client.get(url("research:trial_detail", slug="zz-cohorte")).status_code == 404
    assert client.get(url("research:programme_detail", slug="zz-essai")).status_code == 404


def test_trial_page_query_count(client, trial, charter, django_assert_num_queries):
    # 1 trial with its sponsoring centre and source 2 phases 3 localisations 4 participations with their centre
    # 5 published news about it 6 the charter page
    with django_assert_num_queries(6):
        response = client.get(url("research:trial_detail", slug="zz-essai"))
    assert response.status_code == 200


@pytest.fixture
def programme():
    made = make_trial(
        slug="zz-cohorte",
        acronym="ZZCOHORTE",
        kind=Trial.Kind.COHORT,
        title_fr="Cohorte de test sur les toxicités",
        title_en="",
        summary_fr="Une cohorte.",
        summary_en="A cohort.",
        actual_enrolment=13000,
        enrolment_date=datetime.date(2022, 12, 31),
        sponsor=Trial.Sponsor.UNICANCER,
    )
    TrialCentre.objects.create(trial=made, centre=make_centre(name="Centre de la cohorte"))
    return made


@pytest.mark.parametrize("language", ["fr", "en"])
def test_programme_page(client, programme, language):
    response = client.get(url("research:programme_detail", language, slug="zz-cohorte"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ZZCOHORTE" in html
    assert "Centre de la cohorte" in html
    assert "13" in html and "000" in html
    if language == "en":
        # The title has no English translation: shown in French, marked.
        assert '<span class="page-header__subtitle" lang="fr">Cohorte de test sur les toxicités</span>' in html
        assert "A cohort." in html
    assert json_ld(response)["@type"] == "ResearchProject"


def test_programme_page_draft_is_404(client, programme):
    Trial.objects.filter(pk=programme.pk).update(status=PublicationStatus.DRAFT)
    assert client.get(url("research:programme_detail", slug="zz-cohorte")).status_code == 404


def test_programme_page_query_count(client, programme, django_assert_num_queries):
    # 1 programme with its sponsoring centre and source 2 phases 3 localisations 4 participations with their centre
    # 5 published news about it
    with django_assert_num_queries(5):
        client.get(url("research:programme_detail", slug="zz-cohorte"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_programme_list_groups_by_kind(client, programme, language):
    make_trial(slug="zz-plateforme", acronym="ZZPLATEFORME", kind=Trial.Kind.PLATFORM)
    make_trial(slug="zz-brouillon", acronym="ZZBROUILLON", kind=Trial.Kind.PROGRAMME, status=PublicationStatus.DRAFT)
    make_trial(slug="zz-essai-seul", acronym="ZZESSAISEUL")
    response = client.get(url("research:programme_list", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="kind-cohort"') < html.index("ZZCOHORTE") < html.index('id="kind-platform"')
    assert html.index('id="kind-platform"') < html.index("ZZPLATEFORME")
    assert "ZZBROUILLON" not in html
    assert "ZZESSAISEUL" not in html  # trials are in the finder
    assert f'href="{url("research:programme_detail", language, slug="zz-cohorte")}"' in html


def test_programme_list_query_count(client, programme, django_assert_num_queries):
    for number in range(5):
        make_trial(acronym=f"ZZP{number}", kind=Trial.Kind.PLATFORM).phases.add(Phase.objects.first())
    # 1 programmes, cohorts and platforms 2 their phases 3 their localisations
    with django_assert_num_queries(3):
        client.get(url("research:programme_list"))


@pytest.fixture
def figures():
    source = make_source(title="Rapport d'activité de test", url="https://www.unicancer.fr/rapport")
    KeyFigure.objects.create(
        topic="research", label_fr="essais de test", label_en="test trials", value=109, year=2031, source=source
    )
    KeyFigure.objects.create(
        topic="research", label_fr="patients de test", label_en="", value=22734, year=2030, source=source
    )
    KeyFigure.objects.create(
        topic="network", label_fr="chiffre réseau de test", label_en="x", value=18, year=2031, source=source
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_research_figures_with_year_and_source(client, figures, language):
    response = client.get(url("research:figures", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="year-2031"') < html.index("109") < html.index('id="year-2030"')
    assert "Rapport d&#x27;activité de test" in html
    assert 'href="https://www.unicancer.fr/rapport"' in html
    assert "chiffre réseau de test" not in html
    if language == "en":
        assert "test trials" in html
        assert '<span class="figure__label" lang="fr">patients de test <span class="lang-note"' in html


def test_research_figures_query_count(client, figures, django_assert_num_queries):
    # 1 research figures with their source
    with django_assert_num_queries(1):
        client.get(url("research:figures"))


def test_trial_cards_show_no_empty_status_and_translated_phases(client):
    from research.models import Phase
    from tests.factories import make_trial

    trial = make_trial(acronym="ZZCARD", recruitment_status="")
    trial.phases.add(Phase.objects.get(code="early_phase_1"))
    content = client.get("/fr/recherche/essais/", {"status": "any", "q": "ZZCARD"}).content.decode()
    assert "ZZCARD" in content
    assert 'tag--status tag--"' not in content
    assert "Phase 1 précoce" in content


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_trial_page_says_who_may_take_part_and_whom_to_ask(client, trial, language):
    Trial.objects.filter(pk=trial.pk).update(
        eligibility_fr="Femmes de 45 à 70 ans sans antécédent de cancer du sein.",
        contact_name="Cellule de coordination ZZ",
        contact_email="essai@example.org",
        contact_phone="01 23 45 67 89",
    )
    office = trial.participations.get(centre__name="Aa Centre recruteur").centre
    office.trial_office_phone = "04 11 22 33 44"
    office.trial_office_email = "recherche@example.org"
    office.save()
    html = client.get(url("research:trial_detail", language, slug="zz-essai")).content.decode()
    assert "Femmes de 45 à 70 ans" in html and 'lang="fr"' in html
    assert 'href="mailto:essai@example.org"' in html and 'href="tel:0123456789"' in html
    assert "Cellule de coordination ZZ" in html
    assert 'href="tel:0411223344"' in html and 'href="mailto:recherche@example.org"' in html
    # The registries' public pages.
    assert 'href="https://clinicaltrials.gov/study/NCT01993498"' in html


def test_a_trial_page_shows_nothing_where_nothing_is_recorded(client, trial):
    html = client.get(url("research:trial_detail", "fr", slug="zz-essai")).content.decode()
    assert 'id="eligibility-heading"' not in html and 'id="contact-heading"' not in html


def test_the_demo_trials_invent_no_contact_or_eligibility():
    assert not Trial.objects.exclude(eligibility_fr="", contact_email="", contact_phone="", contact_name="").exists()


def test_a_trial_office_phone_is_a_phone_number():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Trial.objects.filter(pk=make_trial().pk).update(contact_phone="call us")
    with pytest.raises(ValidationError) as error:
        Trial(slug="zz-phone", acronym="ZZPHONE", title_fr="Essai", contact_phone="<script>").full_clean()
    assert "contact_phone" in error.value.message_dict


def test_the_research_figures_page_shows_every_research_figure(client):
    from unicancer_site.keyfigures.models import KeyFigure

    response = client.get(url("research:figures"))
    shown = {figure.pk for group in response.context["years"] for figure in group["figures"]}
    assert shown == set(KeyFigure.objects.for_topic(KeyFigure.Topic.RESEARCH).values_list("pk", flat=True))
    html = response.content.decode()
    for figure in KeyFigure.objects.for_topic(KeyFigure.Topic.RESEARCH):
        assert escape(figure.label_fr) in html, figure.label_fr
