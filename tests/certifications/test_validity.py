"""Facts that stay true over time: a decision is in force only on the days the documents support.

Read on any later day, the demo content (the five documents) must say no more than they do: the HAS certification
lasts four years (press release of 22 August 2024), so a decision of June 2022 has ended by November 2026; a
decision whose validity no document gives is "no later information" after the last document mentioning it.
"""

import datetime
from unittest import mock

import pytest
from django.utils import translation

from certifications.models import Certification, PlannedVisit, Scheme, Standing, VisitStanding
from certifications.validity import supported_period
from unicancer_site.core.dates import DatePrecision, PartialDate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    """Dates are written in French below (« juin 2022 »), whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


TODAY = datetime.date(2026, 11, 29)
IN_2030 = datetime.date(2030, 1, 1)
# The 4 new CLCC and the associated centre certified « en 2023 et 2024 » (press release of 22 August 2024).
CERTIFIED_IN_2023_OR_2024 = {"ico", "centre-oscar-lambret", "icans", "centre-antoine-lacassagne", "icap"}
# Only stated in force (on 31 July 2024, or by the 2022 annual report): no document gives when they end.
LAST_KNOWN_ONLY = {
    "institut-curie",
    "institut-godinot",
    "centre-jean-perrin",
    "centre-henri-becquerel",
    "institut-paoli-calmettes",
    "institut-de-cancerologie-de-lorraine",
    "gustave-roussy",
}


def slugs(queryset) -> set[str]:
    return set(queryset.values_list("centre__slug", flat=True))


class TestTheDocumentsReadOnLaterDays:
    def test_on_1_january_2030_no_has_decision_of_the_documents_is_in_force(self):
        assert not Certification.objects.has().in_force_on(IN_2030).exists()
        # Every one of them has ended: four years after a decision taken by 31 July 2024 at the latest.
        assert set(Certification.objects.has().known_on(IN_2030).values_list("standing", flat=True)) == {Standing.ENDED}

    def test_on_29_november_2026_the_june_2022_decision_has_ended_and_the_2024_ones_are_in_force(self):
        eugene_marquis = Certification.objects.has().known_on(TODAY).get(centre__slug="centre-eugene-marquis")
        assert str(eugene_marquis.decided) == "juin 2022"
        assert eugene_marquis.standing == Standing.ENDED
        assert str(eugene_marquis.validity) == "juin 2026"
        in_force = slugs(Certification.objects.has().in_force_on(TODAY))
        # Bergonié: certified in December 2022 « pour 4 ans » (annual report): until December 2026.
        assert in_force == CERTIFIED_IN_2023_OR_2024 | {"institut-bergonie"}
        assert slugs(Certification.objects.has().unconfirmed_on(TODAY)) == LAST_KNOWN_ONLY

    def test_the_2024_decisions_last_four_years_from_a_date_the_documents_bound(self):
        ico = Certification.objects.has().get(centre__slug="ico")
        assert ico.validity_rule.source.date == datetime.date(2024, 8, 22)
        assert str(ico.validity) == "2027–2028"
        assert (ico.in_force_from, ico.in_force_until) == (datetime.date(2024, 7, 31), datetime.date(2027, 1, 1))
        assert ico.validity_ends_by == datetime.date(2028, 7, 31)

    def test_a_validity_stated_by_the_annual_report_is_kept(self):
        bergonie = Certification.objects.has().get(centre__slug="institut-bergonie")
        curie = Certification.objects.has().get(centre__slug="institut-curie")
        assert (
            bergonie.validity_years == curie.validity_years == 4
        )  # « pour 4 ans », « pour une période de quatre ans »
        assert bergonie.validity_rule is None
        assert str(bergonie.validity) == "décembre 2026"
        assert curie.validity is None  # four years, from a decision whose date no document gives

    def test_iso_9001_of_april_2018_is_in_force_in_october_2018_and_no_later_information_in_2026(self):
        april = Certification.objects.filter(scheme=Scheme.ISO_9001, centre__slug="institut-curie")
        assert str(april.get().decided) == "avril 2018"
        assert april.in_force_on(datetime.date(2018, 10, 1)).exists()
        assert not april.in_force_on(TODAY).exists()
        assert april.with_standing_on(TODAY).get().standing == Standing.NO_LATER_INFORMATION
        assert april.get().last_statement[0] == PartialDate(datetime.date(2018, 10, 9))

    def test_visits_planned_for_past_years_with_no_later_decision(self):
        outstanding = PlannedVisit.objects.outstanding_on(TODAY)
        assert {visit.standing for visit in outstanding} == {VisitStanding.NO_LATER_INFORMATION}
        # The 5 CLCC « évalués en 2024 et 2025 » and the second iteration of Rouen, Marseille, Nancy « en 2025 »;
        # ICAP's visit of March 2024 was followed by its certification (press release of 22 August 2024).
        assert {visit.centre.slug for visit in outstanding} == {
            "iuct-oncopole",
            "centre-georges-francois-leclerc",
            "institut-du-cancer-de-montpellier",
            "centre-francois-baclesse",
            "centre-leon-berard",
            "centre-henri-becquerel",
            "institut-paoli-calmettes",
            "institut-de-cancerologie-de-lorraine",
        }
        assert not PlannedVisit.objects.pending_on(TODAY).exists()
        on_the_release = PlannedVisit.objects.pending_on(datetime.date(2024, 8, 22))
        assert on_the_release.count() == 8 and not on_the_release.filter(centre__short_name="ICAP").exists()

    def test_the_stored_days_are_those_the_rule_computes(self):
        """The demo content stores what the model computes (loaddata saves rows as they are written)."""
        for certification in Certification.objects.select_related("validity_rule"):
            fields = ("validity_rule_id", "known_from", "in_force_from", "in_force_until", "validity_ends_by")
            stored = [getattr(certification, field) for field in fields]
            certification.refresh_validity()
            assert stored == [getattr(certification, field) for field in fields], certification.pk
        for visit in PlannedVisit.objects.all():
            stored = (visit.planned_date, visit.planned_date_end, visit.planned_until)
            visit.refresh_period()
            assert stored == (visit.planned_date, visit.planned_date_end, visit.planned_until)


class TestThePages:
    def test_the_has_page_on_1_january_2030(self, client):
        response = client.get("/fr/certifications/has/", {"on": "2030-01-01"})
        assert response.context["figures"]["has_certified"] == 0
        html = response.content.decode()
        assert "Validité échue" in html and "standing--in-force" not in html
        assert "Au 1er janvier 2030" in html

    def test_the_has_page_today(self, client):
        response = client.get("/fr/certifications/has/", {"on": "2026-11-29"})
        figures = response.context["figures"]
        assert figures["has_certified"] == 6
        assert figures["has_unconfirmed"] == len(LAST_KNOWN_ONLY)
        html = response.content.decode()
        # Dates at the precision of the documents: a month, a year, a span; never an invented day.
        assert '<time datetime="2022-06">juin 2022</time>' in html
        assert '<time datetime="2026-12">décembre 2026</time>' in html  # Bergonié's validity
        assert '<time datetime="2023">2023</time>–<time datetime="2024">2024</time>' in html
        assert "30/06/2022" not in html and "1 juin 2022" not in html and "22 mars 2023" not in html
        assert "Aucune information ultérieure" in html
        # Visits planned for a past period are not "still to come".
        assert '<time datetime="2024">2024</time>–<time datetime="2025">2025</time>\u202f; aucune information' in html
        # The validity derived from the scheme's rule cites the rule's document.
        assert "règle du dispositif\u00a0: 4 ans" in html

    def test_the_iso_9001_page_in_english(self, client):
        today = client.get("/en/certifications/iso_9001/", {"on": "2026-11-29"}).content.decode()
        assert '<time datetime="2018-04">April 2018</time>' in today
        assert "No later information" in today
        assert "30/04/2018" not in today and "Apr. 30, 2018" not in today
        october = client.get("/en/certifications/iso_9001/", {"on": "2018-10-01"})
        standings = {row["certification"].standing for row in october.context["rows"] if row["certification"]}
        assert Standing.IN_FORCE in standings

    def test_the_overview_counts_no_later_information_apart(self, client):
        response = client.get("/fr/certifications/", {"on": "2026-11-29"})
        by_scheme = {
            scheme.value: (count, unconfirmed)
            for scheme, count, unconfirmed in response.context["figures"]["by_scheme"]
        }
        assert by_scheme["iso_9001"] == (0, 19)  # the 18 CLCC (2018) and ICAP (the 2022 annual report)
        assert response.context["overdue_visits"] and not response.context["planned_visits"]

    def test_a_centre_page_shows_where_its_decisions_stand_today(self, client):
        with mock.patch("centres.views.timezone.localdate", return_value=TODAY):
            html = client.get("/fr/centres/centre-eugene-marquis/").content.decode()
        assert "Validité échue" in html and '<time datetime="2022-06">juin 2022</time>' in html


class TestTheApi:
    def test_current_on_2030_finds_no_has_decision(self, client):
        response = client.get("/api/v1/certifications/", {"scheme": "has", "current_on": "2030-01-01"})
        assert response.status_code == 200 and response.json()["count"] == 0

    def test_the_decisions_with_their_precision_and_standing(self, client):
        eugene_marquis = Certification.objects.has().get(centre__slug="centre-eugene-marquis")
        with mock.patch("certifications.api.views.timezone.localdate", return_value=TODAY):
            data = client.get(f"/api/v1/certifications/{eugene_marquis.pk}/").json()
        assert data["decision_date"] == "2022-06"
        assert data["valid_until"] == "2026-06"
        assert data["validity_years"] == 4
        assert data["validity_rule"]["source"]["date"] == "2024-08-22"
        assert data["standing"] == Standing.ENDED
        assert data["confirmed_on"] == "2024-07-31"


def test_the_staff_dashboard_lists_what_may_end_within_six_months(admin_client):
    expiring = Certification.objects.expiring_between(TODAY, TODAY + datetime.timedelta(days=183))
    # Bergonié: December 2026; the decisions of 2023 or 2024 may end from January 2027.
    assert slugs(expiring) == {"institut-bergonie"} | CERTIFIED_IN_2023_OR_2024
    with mock.patch("unicancer_site.publishing.sites.timezone.localdate", return_value=TODAY):
        html = admin_client.get("/admin/").content.decode()
    assert "Institut Bergonié" in html[html.index('id="dashboard-expiring"') :]


class TestSupportedPeriod:
    """The rule on its own (certifications.validity): what a few documents support."""

    def test_a_decision_of_a_month_with_a_four_year_validity(self):
        period = supported_period(
            decided=PartialDate(datetime.date(2022, 6, 1), DatePrecision.MONTH),
            visited=None,
            statements=[],
            stated_end=None,
            years=4,
        )
        assert period.in_force_from == datetime.date(2022, 6, 30)  # surely taken by the end of June
        assert period.in_force_until == datetime.date(2026, 6, 1)  # surely valid until 1 June 2026
        assert period.validity_ends_by == datetime.date(2026, 6, 30)

    def test_a_statement_alone_supports_its_own_day(self):
        period = supported_period(
            decided=None,
            visited=None,
            statements=[PartialDate(datetime.date(2024, 7, 31))],
            stated_end=None,
            years=None,
        )
        assert (period.in_force_from, period.in_force_until) == (datetime.date(2024, 7, 31),) * 2
        assert period.validity_ends_by is None

    def test_a_visit_bounds_the_decision_that_follows_it(self):
        period = supported_period(
            decided=None,
            visited=PartialDate(datetime.date(2022, 11, 1), DatePrecision.MONTH),
            statements=[PartialDate(datetime.date(2024, 7, 31))],
            stated_end=None,
            years=4,
        )
        assert period.in_force_until == datetime.date(2026, 11, 1)
        assert period.validity_ends_by == datetime.date(2028, 7, 31)

    def test_nothing_to_date_it_is_an_error(self):
        with pytest.raises(ValueError):
            supported_period(decided=None, visited=None, statements=[], stated_end=None, years=4)
