"""Trial rules kept by the database: registry identifiers, sponsor, enrolment, dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from research.models import Trial, TrialCentre
from tests.factories import make_centre, make_trial

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nct_id", ["NCT1234567", "NCT123456789", "nct12345678", "ABC12345678", "NCT1234567X"])
def test_an_invalid_nct_number_is_refused(nct_id):
    trial = make_trial()
    # PostgreSQL refuses the over-long one for its length (DataError) before the format check.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Trial.objects.filter(pk=trial.pk).update(nct_id=nct_id)
    trial.nct_id = nct_id
    with pytest.raises(ValidationError) as error:
        trial.full_clean()
    assert "nct_id" in error.value.message_dict


def test_valid_registry_identifiers_are_accepted_and_linked():
    trial = make_trial(nct_id="NCT01993498", eudract_id="2012-001234-56", eu_ct_id="2023-501234-12-00")
    trial.full_clean()
    registries = {registry: url for registry, _, url in trial.registry_links}
    assert registries["ClinicalTrials.gov"] == "https://clinicaltrials.gov/study/NCT01993498"
    assert "2012-001234-56" in registries["EudraCT"]
    assert "2023-501234-12-00" in registries["EU CTIS"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("eudract_id", "2012-1234-56"), ("eudract_id", "12-001234-56"), ("eu_ct_id", "2023-501234-12")],
)
def test_invalid_eu_identifiers_are_refused(field, value):
    trial = make_trial()
    with pytest.raises(IntegrityError), transaction.atomic():
        Trial.objects.filter(pk=trial.pk).update(**{field: value})


def test_an_nct_number_belongs_to_one_trial():
    make_trial(nct_id="NCT00000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(nct_id="NCT00000001")


def test_trials_without_registry_identifier_may_coexist():
    make_trial()
    make_trial()


def test_a_centre_sponsor_names_its_centre():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(sponsor=Trial.Sponsor.CENTRE)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(sponsor=Trial.Sponsor.UNICANCER, sponsor_centre=make_centre())
    trial = make_trial(sponsor=Trial.Sponsor.CENTRE, sponsor_centre=make_centre(name="Centre Sponsor"))
    assert trial.sponsor_display == "Centre Sponsor"


def test_an_enrolment_count_is_dated():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(actual_enrolment=13000)
    make_trial(actual_enrolment=13000, enrolment_date=datetime.date(2022, 12, 31))


def test_end_date_not_before_start_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_trial(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2019, 1, 1))


def test_a_centre_takes_part_once_per_trial():
    trial, centre = make_trial(), make_centre()
    TrialCentre.objects.create(trial=trial, centre=centre, recruitment_status="recruiting")
    with pytest.raises(IntegrityError), transaction.atomic():
        TrialCentre.objects.create(trial=trial, centre=centre)


def test_programmes_have_their_own_page():
    trial = make_trial(kind=Trial.Kind.TRIAL)
    cohort = make_trial(kind=Trial.Kind.COHORT)
    assert "/essais/" in trial.get_absolute_url()
    assert "/programmes/" in cohort.get_absolute_url()


def test_phases_come_from_clinicaltrials_gov_vocabulary():
    from research.models import Phase

    assert set(Phase.objects.values_list("code", flat=True)) >= {
        "early_phase_1",
        "phase_1",
        "phase_2",
        "phase_3",
        "phase_4",
        "not_applicable",
    }


def test_recruiting_means_the_recruitment_status():
    recruiting = make_trial(recruitment_status="recruiting")
    completed = make_trial(recruitment_status="completed")
    assert recruiting in Trial.objects.recruiting()
    assert completed not in Trial.objects.recruiting()
