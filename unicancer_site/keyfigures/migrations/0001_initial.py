"""Key figures move from the core app to their own: same tables (core_keyfigure, core_historicalkeyfigure)."""

import django.db.models.deletion
import simple_history.models
import unicancer_site.core.i18n
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor, old, new, models):
    """Permissions, history and the admin log follow the model: its content type changes app, not id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label=old, model__in=models).update(
        app_label=new
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0004_move_key_figures_to_their_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are: only Django's idea of which app holds the model moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalKeyFigure',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                        ('updated', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('topic', models.CharField(choices=[('network', 'Network'), ('research', 'Research'), ('quality', 'Quality and certification'), ('care', 'Care')], db_index=True, max_length=20, verbose_name='topic')),
                        ('label_fr', models.CharField(max_length=300, verbose_name='label (French)')),
                        ('label_en', models.CharField(blank=True, max_length=300, verbose_name='label (English)')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='value')),
                        ('unit', models.CharField(blank=True, help_text='For example %, €, M€.', max_length=30, verbose_name='unit')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.source', verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'historical key figure',
                        'verbose_name_plural': 'historical key figures',
                        'db_table': 'core_historicalkeyfigure',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='KeyFigure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('topic', models.CharField(choices=[('network', 'Network'), ('research', 'Research'), ('quality', 'Quality and certification'), ('care', 'Care')], db_index=True, max_length=20, verbose_name='topic')),
                        ('label_fr', models.CharField(max_length=300, verbose_name='label (French)')),
                        ('label_en', models.CharField(blank=True, max_length=300, verbose_name='label (English)')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='value')),
                        ('unit', models.CharField(blank=True, help_text='For example %, €, M€.', max_length=30, verbose_name='unit')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='key_figures', to='core.source', verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'key figure',
                        'verbose_name_plural': 'key figures',
                        'db_table': 'core_keyfigure',
                        'ordering': ['topic', 'position', '-year'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('year__gte', 1900), ('year__lte', 2100)), name='core_keyfigure_year_plausible', violation_error_message='The year must be between 1900 and 2100.'), models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='core_keyfigure_value_not_negative', violation_error_message='A key figure cannot be negative.')],
                    },
                    bases=(unicancer_site.core.i18n.TranslatedMixin, models.Model),
                ),
            ],
        ),
        migrations.RunPython(
            lambda apps, schema_editor: rename_content_types(apps, schema_editor, 'core', 'keyfigures', ['keyfigure', 'historicalkeyfigure']),
            lambda apps, schema_editor: rename_content_types(apps, schema_editor, 'keyfigures', 'core', ['keyfigure', 'historicalkeyfigure']),
        ),
    ]
