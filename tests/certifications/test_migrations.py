"""Migrations core 0005 and certifications 0003: existing rows carried over to dates at their precision.

Rows are built in the old shape (a planned year, a year-precision source stored with a day, decisions with a
day), then migrated forwards. The tests change the schema, so they run outside a transaction (SQLite refuses
schema changes inside one): the database is flushed afterwards, as for the browser tests, and pytest-django runs
them after the tests that use the demo content.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("core", "0004_move_key_figures_to_their_app"), ("certifications", "0002_decision_level_not_stated")]
AFTER = [("core", "0005_source_dates_at_their_precision"), ("certifications", "0003_validity_and_date_precision")]


def migrate(targets):
    """Migrate to ``targets``; the models as they are there."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_rows():
    from unicancer_site.core.models import Source

    # The old schema dates every source: the demo content's undated documents get one before going back.
    Source.objects.filter(date__isnull=True).update(date=datetime.date(2000, 1, 1), date_precision="year")
    # Their first versions (the demo content's "imported from the source documents") too: the old table wants a date.
    Source.history.filter(date__isnull=True).update(date=datetime.date(2000, 1, 1), date_precision="year")
    apps = migrate(BEFORE)
    Source = apps.get_model("core", "Source")
    Centre = apps.get_model("centres", "Centre")
    Certification = apps.get_model("certifications", "Certification")
    PlannedVisit = apps.get_model("certifications", "PlannedVisit")
    report = Source.objects.create(title="Rapport (migration)", date=datetime.date(2023, 3, 22), date_precision="year")
    release = Source.objects.create(title="Communiqué (migration)", date=datetime.date(2024, 8, 22))
    centre = Centre.objects.create(slug="centre-migration", name="Centre migration")
    common = {"scheme": "has", "referential": "V2020", "holder": "centre", "centre": centre, "source": release}
    rows = {
        "report": report.pk,
        # Saved by the old code: the four years it added to the decision date.
        "dated": Certification.objects.create(
            decision="certified",
            decision_date=datetime.date(2020, 1, 15),
            valid_until=datetime.date(2024, 1, 15),
            **common,
        ).pk,
        "stated": Certification.objects.create(
            decision="certified_level_not_stated", in_force_on=datetime.date(2024, 7, 31), **{**common, "scope_fr": "x"}
        ).pk,
        "visit": PlannedVisit.objects.create(centre=centre, scheme="has", planned_year=2025, source=release).pk,
    }
    yield rows
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_migrating_forwards(old_rows):
    apps = migrate(AFTER)
    Source = apps.get_model("core", "Source")
    Certification = apps.get_model("certifications", "Certification")
    PlannedVisit = apps.get_model("certifications", "PlannedVisit")

    # A year-precision date keeps its year only.
    assert Source.objects.get(pk=old_rows["report"]).date == datetime.date(2023, 1, 1)
    # A planned year becomes a planned date at year precision, with the last day of its year.
    visit = PlannedVisit.objects.get(pk=old_rows["visit"])
    assert (visit.planned_date, visit.planned_date_precision, visit.planned_until) == (
        datetime.date(2025, 1, 1),
        "year",
        datetime.date(2025, 12, 31),
    )
    # Each decision gets the days its documents support; a validity end the old code stored is kept.
    dated = Certification.objects.get(pk=old_rows["dated"])
    assert (dated.known_from, dated.in_force_from, dated.in_force_until, dated.validity_ends_by) == (
        datetime.date(2020, 1, 15),
        datetime.date(2020, 1, 15),
        datetime.date(2024, 1, 15),
        datetime.date(2024, 1, 15),
    )
    stated = Certification.objects.get(pk=old_rows["stated"])
    assert (stated.in_force_from, stated.in_force_until, stated.validity_ends_by) == (
        datetime.date(2024, 7, 31),
        datetime.date(2024, 7, 31),
        None,
    )
