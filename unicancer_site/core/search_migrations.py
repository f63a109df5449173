"""Migration operations of a searchable model: its GIN index (PostgreSQL only) and the filling of its documents.

A model's migration adding ``core.models.Searchable`` runs ``search_operations("research", "trial")``. The GIN
index is not in the model's ``Meta.indexes``: SQLite has no GIN indexes, and Django's index classes would write
``USING gin`` there too.
"""

from django.db import migrations


def _gin_index(app_label: str, model_name: str):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model(app_label, model_name)._meta.db_table
        # The full-text query of the site search (search_vector @@ query) reads this index.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_vector_gin" ON "{table}" USING gin ("search_vector")'
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = apps.get_model(app_label, model_name)._meta.db_table
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_vector_gin"')

    return migrations.RunPython(create, drop, elidable=False)


def _fill(app_label: str, model_name: str):
    def fill(apps, schema_editor):
        from django.apps import apps as live_apps

        from . import search

        historical = apps.get_model(app_label, model_name)
        spec = search.spec_for(live_apps.get_model(app_label, model_name))
        search.index_all(historical, spec=spec)

    return migrations.RunPython(fill, migrations.RunPython.noop)


def search_operations(app_label: str, model_name: str) -> list:
    """The GIN index of ``search_vector`` (PostgreSQL) and every row's search document, built now."""
    return [_gin_index(app_label, model_name), _fill(app_label, model_name)]


def rebuild_documents(app_label: str, model_name: str) -> list:
    """Every row's search document built again: a migration of the app runs it when what a document holds
    changes (core.search_text), so that a deployed site finds what new rows would."""
    return [_fill(app_label, model_name)]
