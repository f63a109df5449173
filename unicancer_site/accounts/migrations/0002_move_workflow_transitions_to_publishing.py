"""Workflow transitions move to the publishing app (its migration 0001 takes the table over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('publishing', '0001_initial'),
    ]

    operations = [
        # The tables stay where they are: only Django's idea of which app holds the model moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='WorkflowTransition',
                ),
            ],
        ),
    ]
