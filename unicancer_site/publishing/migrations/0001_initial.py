"""Workflow transitions move from the accounts app to the publishing app: same table (accounts_workflowtransition)."""

import django.db.models.deletion
import django.utils.timezone
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
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are: only Django's idea of which app holds the model moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WorkflowTransition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('from_status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished')], max_length=12, verbose_name='from')),
                        ('to_status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished')], max_length=12, verbose_name='to')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='content type')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='workflow_transitions', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'workflow transition',
                        'verbose_name_plural': 'workflow transitions',
                        'db_table': 'accounts_workflowtransition',
                        'ordering': ['-at', '-pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='accounts_transition_object')],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            lambda apps, schema_editor: rename_content_types(apps, schema_editor, 'accounts', 'publishing', ['workflowtransition']),
            lambda apps, schema_editor: rename_content_types(apps, schema_editor, 'publishing', 'accounts', ['workflowtransition']),
        ),
    ]
