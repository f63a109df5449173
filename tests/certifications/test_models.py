"""Certification rules kept by the database, and the 'current on a date' query."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certifications.models import Certification, ChapterScore, Decision, Holder, Scheme
from tests.factories import make_centre, make_certification, make_source

pytestmark = pytest.mark.django_db


def test_has_validity_is_four_years_after_the_decision():
    certification = make_certification(decision_date=datetime.date(2023, 6, 1))
    assert certification.valid_until == datetime.date(2027, 6, 1)


def test_explicit_validity_end_is_kept():
    certification = make_certification(
        scheme=Scheme.ISO_9001, decision_date=datetime.date(2018, 4, 1), valid_until=datetime.date(2021, 4, 1)
    )
    assert certification.valid_until == datetime.date(2021, 4, 1)


@pytest.mark.parametrize("score", [-1, 100.5, 250])
def test_a_global_score_outside_0_100_is_refused_by_the_database(score):
    certification = make_certification()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.filter(pk=certification.pk).update(global_score=score)


def test_a_chapter_score_outside_0_100_is_refused_by_the_database():
    certification = make_certification()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChapterScore.objects.create(certification=certification, chapter=1, score=101)


def test_one_score_per_chapter():
    certification = make_certification()
    ChapterScore.objects.create(certification=certification, chapter=1, score=95)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChapterScore.objects.create(certification=certification, chapter=1, score=96)


def test_a_validity_end_before_the_decision_is_refused():
    certification = make_certification()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.filter(pk=certification.pk).update(valid_until=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        make_certification(decision_date=datetime.date(2023, 6, 1), valid_until=datetime.date(2023, 1, 1))


def test_the_holder_and_the_centre_agree():
    source = make_source()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            scheme=Scheme.ISO_9001,
            holder=Holder.UNICANCER_RD,
            centre=make_centre(),
            decision=Decision.CERTIFIED,
            decision_date=datetime.date(2018, 10, 1),
            source=source,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            scheme=Scheme.ISO_9001,
            holder=Holder.CENTRE,
            centre=None,
            decision=Decision.CERTIFIED,
            decision_date=datetime.date(2018, 10, 1),
            source=source,
        )


def test_has_decisions_belong_to_has():
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            scheme=Scheme.ISO_9001,
            centre=make_centre(),
            decision=Decision.CERTIFIED_WITH_MENTION,
            decision_date=datetime.date(2018, 10, 1),
            source=make_source(),
        )


def test_a_decision_is_dated():
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            scheme=Scheme.HAS, centre=make_centre(), decision=Decision.CERTIFIED, source=make_source()
        )


class TestCurrentOn:
    def test_current_between_decision_and_validity_end(self):
        certification = make_certification(decision_date=datetime.date(2023, 6, 1))
        mine = Certification.objects.filter(pk=certification.pk)
        assert not mine.current_on(datetime.date(2023, 5, 31)).exists()
        assert mine.current_on(datetime.date(2023, 6, 1)).exists()
        assert mine.current_on(datetime.date(2027, 6, 1)).exists()
        assert not mine.current_on(datetime.date(2027, 6, 2)).exists()

    def test_a_later_decision_supersedes_the_earlier_one(self):
        centre = make_centre()
        first = make_certification(centre=centre, decision_date=datetime.date(2019, 1, 10))
        second = make_certification(
            centre=centre, decision=Decision.CERTIFIED_WITH_MENTION, decision_date=datetime.date(2023, 1, 10)
        )
        theirs = Certification.objects.filter(centre=centre)
        assert list(theirs.current_on(datetime.date(2020, 1, 1))) == [first]
        assert list(theirs.current_on(datetime.date(2024, 1, 1))) == [second]

    def test_a_refusal_ends_the_current_certification(self):
        centre = make_centre()
        make_certification(centre=centre, decision_date=datetime.date(2019, 1, 10))
        refusal = make_certification(
            centre=centre, decision=Decision.NOT_CERTIFIED, decision_date=datetime.date(2022, 1, 10)
        )
        theirs = Certification.objects.filter(centre=centre)
        assert not theirs.current_on(datetime.date(2022, 6, 1)).exists()
        assert list(theirs.in_force_on(datetime.date(2022, 6, 1))) == [refusal]

    def test_other_schemes_do_not_supersede(self):
        centre = make_centre()
        has = make_certification(centre=centre, decision_date=datetime.date(2023, 1, 10))
        iso = make_certification(
            centre=centre,
            scheme=Scheme.ISO_9001,
            scope_fr="Recherche clinique",
            decision_date=datetime.date(2023, 5, 10),
        )
        assert set(Certification.objects.filter(centre=centre).current_on(datetime.date(2024, 1, 1))) == {has, iso}

    def test_a_decision_stated_in_force_counts_from_that_date(self):
        certification = make_certification(decision_date=None, in_force_on=datetime.date(2024, 7, 31))
        mine = Certification.objects.filter(pk=certification.pk)
        assert mine.current_on(datetime.date(2024, 7, 31)).exists()
        assert not mine.current_on(datetime.date(2024, 7, 30)).exists()

    def test_unicancer_rd_is_a_holder_of_its_own(self):
        rd = make_certification(
            centre=None,
            holder=Holder.UNICANCER_RD,
            scheme=Scheme.ISO_9001,
            scope_fr="Recherche clinique",
            decision_date=datetime.date(2018, 10, 1),
        )
        assert Certification.objects.filter(pk=rd.pk).current_on(datetime.date(2019, 1, 1)).exists()
        assert rd.holder_name.startswith("Unicancer R&D")


class TestPlannedVisits:
    def test_a_visit_is_pending_until_a_decision_comes(self):
        from certifications.models import PlannedVisit

        centre = make_centre()
        announcement = make_source(date=datetime.date(2023, 3, 22))
        visit = PlannedVisit.objects.create(centre=centre, planned_year=2024, source=announcement)
        pending = PlannedVisit.objects.filter(pk=visit.pk)
        assert pending.pending_on(datetime.date(2024, 1, 1)).exists()
        make_certification(centre=centre, decision_date=None, in_force_on=datetime.date(2024, 7, 31))
        assert pending.pending_on(datetime.date(2024, 7, 30)).exists()
        assert not pending.pending_on(datetime.date(2024, 7, 31)).exists()

    def test_a_past_visit_is_not_pending(self):
        from certifications.models import PlannedVisit

        visit = PlannedVisit.objects.create(centre=make_centre(), planned_year=2024, source=make_source())
        assert not PlannedVisit.objects.filter(pk=visit.pk).pending_on(datetime.date(2025, 1, 1)).exists()
