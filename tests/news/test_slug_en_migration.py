"""Migration news 0005: each news item's English slug comes from its English title, else its French slug.

Rows are built at 0004 and migrated forwards. The test changes the schema, so it runs outside a transaction (as
``tests/pages/test_migrations.py``): the database is flushed afterwards and migrated back to the latest.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("news", "0004_newsitem_search_document")]
AFTER = [("news", "0005_newsitem_slug_en")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def latest_schema_afterwards():
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_english_slugs_come_from_english_titles_else_the_french_slug(latest_schema_afterwards):
    NewsItem = migrate(BEFORE).get_model("news", "NewsItem")
    NewsItem.objects.all().delete()
    NewsItem.objects.create(slug="prix-innovation", title_fr="Prix de l'innovation", title_en="Innovation prize")
    NewsItem.objects.create(slug="seulement-francais", title_fr="Seulement en français", title_en="")
    # Two English titles giving the same words: the second gets a number, never another row's slug.
    NewsItem.objects.create(slug="prix-innovation-bis", title_fr="Prix (bis)", title_en="Innovation prize!")

    NewsItem = migrate(AFTER).get_model("news", "NewsItem")
    slugs = dict(NewsItem.objects.values_list("slug", "slug_en"))
    assert slugs == {
        "prix-innovation": "innovation-prize",
        "seulement-francais": "seulement-francais",
        "prix-innovation-bis": "innovation-prize-2",
    }
