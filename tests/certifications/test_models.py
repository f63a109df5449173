"""Certification rules kept by the database, and where a decision stands on a date (``with_standing_on``)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from certifications.models import Certification, ChapterScore, Decision, Holder, PlannedVisit, Scheme, Standing
from tests.factories import make_centre, make_certification, make_source
from unicancer_site.core.dates import DatePrecision, PartialDate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    """Dates are written in French below (« juin 2022 »), whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


def test_has_v2020_validity_comes_from_the_schemes_rule_with_its_source():
    certification = make_certification(decision_date=datetime.date(2023, 6, 1))
    assert certification.validity_rule.years == 4
    assert certification.validity_rule.source.title.startswith("Certification « Haute qualité des soins »")
    assert certification.validity == PartialDate(datetime.date(2027, 6, 1))
    assert certification.in_force_until == datetime.date(2027, 6, 1)
    assert certification.valid_until is None  # derived, not stated


def test_a_validity_stated_by_the_source_wins_over_the_rule():
    stated_years = make_certification(decision_date=datetime.date(2022, 12, 1), validity_years=3)
    assert stated_years.validity_rule is None
    assert stated_years.validity == PartialDate(datetime.date(2025, 12, 1))
    stated_end = make_certification(
        scheme=Scheme.ISO_9001, decision_date=datetime.date(2018, 4, 1), valid_until=datetime.date(2021, 4, 1)
    )
    assert stated_end.valid_until == datetime.date(2021, 4, 1)
    assert stated_end.validity == PartialDate(datetime.date(2021, 4, 1))


def test_no_rule_and_nothing_stated_means_no_validity():
    certification = make_certification(scheme=Scheme.ISO_9001, decision_date=datetime.date(2018, 4, 1))
    assert certification.validity is None and certification.validity_ends_by is None


def test_the_validity_keeps_the_precision_of_the_decision_date():
    june = make_certification(decision_date=datetime.date(2022, 6, 17), decision_date_precision=DatePrecision.MONTH)
    assert june.decision_date == datetime.date(2022, 6, 1)  # stored as the first day of its month
    assert str(june.validity) == "juin 2026"
    assert (june.validity_ends_from, june.validity_ends_by) == (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


def test_changing_a_rule_updates_its_decisions():
    certification = make_certification(decision_date=datetime.date(2023, 6, 1))
    rule = certification.validity_rule
    rule.years = 5
    rule.save()
    certification.refresh_from_db()
    assert certification.in_force_until == datetime.date(2028, 6, 1)


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


class TestStanding:
    def test_in_force_between_decision_and_validity_end(self):
        certification = make_certification(decision_date=datetime.date(2023, 6, 1))
        mine = Certification.objects.filter(pk=certification.pk)
        assert not mine.in_force_on(datetime.date(2023, 5, 31)).exists()
        assert mine.in_force_on(datetime.date(2023, 6, 1)).exists()
        assert mine.in_force_on(datetime.date(2027, 6, 1)).exists()
        assert not mine.in_force_on(datetime.date(2027, 6, 2)).exists()
        assert mine.with_standing_on(datetime.date(2027, 6, 2)).get().standing == Standing.ENDED
        assert mine.with_standing_on(datetime.date(2023, 5, 31)).get().standing == Standing.NOT_YET

    def test_a_later_decision_supersedes_the_earlier_one(self):
        centre = make_centre()
        first = make_certification(centre=centre, decision_date=datetime.date(2019, 1, 10))
        second = make_certification(
            centre=centre, decision=Decision.CERTIFIED_WITH_MENTION, decision_date=datetime.date(2023, 1, 10)
        )
        theirs = Certification.objects.filter(centre=centre)
        assert list(theirs.in_force_on(datetime.date(2020, 1, 1))) == [first]
        assert list(theirs.in_force_on(datetime.date(2024, 1, 1))) == [second]
        assert theirs.with_standing_on(datetime.date(2024, 1, 1)).get(pk=first.pk).standing == Standing.SUPERSEDED

    def test_a_refusal_ends_the_current_certification(self):
        centre = make_centre()
        make_certification(centre=centre, decision_date=datetime.date(2019, 1, 10))
        refusal = make_certification(
            centre=centre, decision=Decision.NOT_CERTIFIED, decision_date=datetime.date(2022, 1, 10)
        )
        theirs = Certification.objects.filter(centre=centre)
        assert not theirs.in_force_on(datetime.date(2022, 6, 1)).exists()
        known = list(theirs.known_on(datetime.date(2022, 6, 1)))
        assert known == [refusal] and known[0].standing == Standing.NOT_GRANTED

    def test_other_schemes_do_not_supersede(self):
        centre = make_centre()
        has = make_certification(centre=centre, decision_date=datetime.date(2023, 1, 10))
        iso = make_certification(
            centre=centre,
            scheme=Scheme.ISO_9001,
            scope_fr="Recherche clinique",
            decision_date=datetime.date(2023, 5, 10),
            in_force_on=datetime.date(2024, 1, 1),
        )
        assert set(Certification.objects.filter(centre=centre).in_force_on(datetime.date(2024, 1, 1))) == {has, iso}

    def test_a_decision_stated_in_force_counts_from_that_date(self):
        certification = make_certification(decision_date=None, in_force_on=datetime.date(2024, 7, 31))
        mine = Certification.objects.filter(pk=certification.pk)
        assert mine.in_force_on(datetime.date(2024, 7, 31)).exists()
        assert not mine.in_force_on(datetime.date(2024, 7, 30)).exists()

    def test_with_no_validity_a_decision_is_in_force_only_as_far_as_a_document_says(self):
        rd = make_certification(
            centre=None,
            holder=Holder.UNICANCER_RD,
            scheme=Scheme.ISO_9001,
            scope_fr="Recherche clinique (test)",
            decision_date=datetime.date(2018, 10, 1),
            in_force_on=datetime.date(2018, 10, 9),
        )
        mine = Certification.objects.filter(pk=rd.pk)
        assert mine.in_force_on(datetime.date(2018, 10, 9)).exists()
        assert mine.with_standing_on(datetime.date(2019, 1, 1)).get().standing == Standing.NO_LATER_INFORMATION
        assert mine.unconfirmed_on(datetime.date(2030, 1, 1)).exists()
        assert rd.holder_name.startswith("Unicancer R&D")

    def test_a_later_document_confirming_it_extends_what_is_supported(self):
        certification = make_certification(
            scheme=Scheme.ISO_9001, decision_date=datetime.date(2018, 4, 1), decision_date_precision=DatePrecision.MONTH
        )
        mine = Certification.objects.filter(pk=certification.pk)
        # Decided in April 2018, with no validity and no statement: no day is supported.
        assert not mine.in_force_on(datetime.date(2018, 4, 30)).exists()
        assert mine.with_standing_on(datetime.date(2018, 4, 30)).get().standing == Standing.NO_LATER_INFORMATION
        certification.confirmed_on = datetime.date(2020, 1, 1)
        certification.confirmed_by = make_source(date=datetime.date(2020, 1, 2))
        certification.save()
        assert not mine.in_force_on(datetime.date(2018, 4, 15)).exists()  # April 2018: maybe not yet
        assert mine.in_force_on(datetime.date(2018, 4, 30)).exists()
        assert mine.in_force_on(datetime.date(2019, 6, 1)).exists()
        assert not mine.in_force_on(datetime.date(2020, 1, 2)).exists()
        assert certification.last_statement == (PartialDate(datetime.date(2020, 1, 1)), certification.confirmed_by)

    def test_a_confirmation_needs_its_document(self):
        certification = make_certification()
        with pytest.raises(IntegrityError), transaction.atomic():
            Certification.objects.filter(pk=certification.pk).update(confirmed_on=datetime.date(2024, 1, 1))

    def test_a_date_at_month_precision_is_stored_as_its_first_day_by_the_database(self):
        certification = make_certification()
        with pytest.raises(IntegrityError), transaction.atomic():
            Certification.objects.filter(pk=certification.pk).update(
                decision_date=datetime.date(2023, 6, 17), decision_date_precision=DatePrecision.MONTH
            )


class TestPlannedVisits:
    def test_a_visit_is_pending_until_a_decision_comes(self):
        centre = make_centre()
        announcement = make_source(date=datetime.date(2023, 3, 22))
        visit = PlannedVisit.objects.create(
            centre=centre, planned_date=datetime.date(2024, 1, 1), planned_date_precision="year", source=announcement
        )
        pending = PlannedVisit.objects.filter(pk=visit.pk)
        assert pending.pending_on(datetime.date(2024, 1, 1)).exists()
        make_certification(centre=centre, decision_date=None, in_force_on=datetime.date(2024, 7, 31))
        assert pending.pending_on(datetime.date(2024, 7, 30)).exists()
        assert not pending.pending_on(datetime.date(2024, 7, 31)).exists()
        assert not pending.overdue_on(datetime.date(2025, 1, 1)).exists()

    def test_a_visit_planned_for_a_past_year_with_no_decision_has_no_later_information(self):
        visit = PlannedVisit.objects.create(
            centre=make_centre(),
            planned_date=datetime.date(2024, 6, 1),
            planned_date_precision="year",
            source=make_source(),
        )
        assert visit.planned_date == datetime.date(2024, 1, 1) and visit.planned_until == datetime.date(2024, 12, 31)
        mine = PlannedVisit.objects.filter(pk=visit.pk)
        assert mine.pending_on(datetime.date(2024, 12, 31)).exists()
        assert not mine.pending_on(datetime.date(2025, 1, 1)).exists()
        assert mine.overdue_on(datetime.date(2025, 1, 1)).exists()

    def test_a_span_of_years(self):
        visit = PlannedVisit.objects.create(
            centre=make_centre(),
            planned_date=datetime.date(2024, 1, 1),
            planned_date_precision="year",
            planned_date_end=datetime.date(2025, 1, 1),
            source=make_source(),
        )
        assert str(visit.planned) == "2024–2025"
        assert PlannedVisit.objects.filter(pk=visit.pk).pending_on(datetime.date(2025, 6, 1)).exists()
