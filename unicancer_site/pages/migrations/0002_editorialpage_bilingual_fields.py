# One row per page with both languages, like every other model: the new columns first.
# 0003 moves the texts into them and merges each translation into its page, 0004 drops the old columns.
# Three migrations rather than one: on PostgreSQL a migration is one transaction, and the rows deleted
# in 0003 leave deferred foreign-key checks pending, which would refuse 0004's ALTER TABLE in the same one.

import django.db.models.deletion
from django.db import migrations, models


def text_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="title_fr",
            field=models.CharField(default="", max_length=300, verbose_name="title (French)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="title_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="title (English)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="summary_fr",
            field=models.TextField(blank=True, verbose_name="summary (French)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="summary_en",
            field=models.TextField(blank=True, verbose_name="summary (English)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="body_fr",
            field=models.TextField(blank=True, verbose_name="body (French)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="body_en",
            field=models.TextField(blank=True, verbose_name="body (English)"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="role",
            field=models.CharField(
                blank=True,
                choices=[("charter", "Charter (the trial pages link to it and quote it)")],
                default="",
                help_text="Leave empty for most pages. A role is given to one page at most.",
                max_length=20,
                verbose_name="role",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
    ]

    operations = [
        *text_fields("editorialpage"),
        *text_fields("historicaleditorialpage"),
        # The English pages' own addresses, which 0003 records as they merge into their French page.
        migrations.CreateModel(
            name='FormerSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='former slug')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='former_slugs', to='pages.editorialpage', verbose_name='page')),
            ],
            options={
                'verbose_name': 'former address',
                'verbose_name_plural': 'former addresses',
                'ordering': ['slug'],
            },
        ),
    ]
