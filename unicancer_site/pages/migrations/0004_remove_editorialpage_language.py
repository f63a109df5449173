# The one-row-per-language columns go, now that 0003 has moved their texts into the _fr/_en columns.

from django.db import migrations, models


def old_fields(model_name):
    return [
        # A default for the old title, so that migrating backwards can add the column again to a table with rows
        # (0003's reverse then fills it).
        migrations.AlterField(
            model_name=model_name,
            name="title",
            field=models.CharField(default="", max_length=300, verbose_name="title"),
        ),
        migrations.RemoveField(model_name=model_name, name="language"),
        migrations.RemoveField(model_name=model_name, name="title"),
        migrations.RemoveField(model_name=model_name, name="summary"),
        migrations.RemoveField(model_name=model_name, name="body"),
        migrations.RemoveField(model_name=model_name, name="translation_of"),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_editorialpage_merge_translations"),
    ]

    operations = [
        *old_fields("editorialpage"),
        *old_fields("historicaleditorialpage"),
        migrations.AlterModelOptions(
            name="editorialpage",
            options={
                "ordering": ["title_fr"],
                "verbose_name": "editorial page",
                "verbose_name_plural": "editorial pages",
            },
        ),
        migrations.AddConstraint(
            model_name="editorialpage",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", ""), _negated=True),
                fields=("role",),
                name="pages_editorialpage_one_page_per_role",
                violation_error_message="Another page already plays this role.",
            ),
        ),
    ]
