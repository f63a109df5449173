"""Key figures move to the keyfigures app (its migration 0001 takes the tables over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_source_date_precision'),
    ]

    operations = [
        # The tables stay where they are: only Django's idea of which app holds the model moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='keyfigure',
                    name='source',
                ),
                migrations.DeleteModel(
                    name='HistoricalKeyFigure',
                ),
                migrations.DeleteModel(
                    name='KeyFigure',
                ),
            ],
        ),
    ]
