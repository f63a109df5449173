"""An English slug for each editorialpage: from its English title where it has one, else its French slug (the
English address it had until now), so that no row gets words its texts do not hold."""

from django.db import migrations, models

from unicancer_site.core.i18n import derived_slug

HELP = "The words of the English address; the French slug where left empty."


def fill_english_slugs(apps, schema_editor):
    Model = apps.get_model("pages", "editorialpage")
    taken: set[str] = set()
    for row in Model.objects.order_by("pk").only("pk", "slug", "title_en"):
        Model.objects.filter(pk=row.pk).update(slug_en=derived_slug(row.title_en, row.slug, taken))


class Migration(migrations.Migration):
    dependencies = [
        ('pages', '0007_editorialpage_search_document'),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaleditorialpage",
            name="slug_en",
            field=models.SlugField(blank=True, help_text=HELP, max_length=120, verbose_name="slug (English)"),
        ),
        migrations.AddField(
            model_name="editorialpage",
            name="slug_en",
            # No index yet: the unique constraint below brings it (PostgreSQL would otherwise build the same
            # "_like" index twice).
            field=models.SlugField(
                blank=True, db_index=False, default="", help_text=HELP, max_length=120, verbose_name="slug (English)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_english_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="editorialpage",
            name="slug_en",
            field=models.SlugField(
                blank=True, help_text=HELP, max_length=120, unique=True, verbose_name="slug (English)"
            ),
        ),
    ]
