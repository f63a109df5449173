"""Editorial pages' former addresses become the shared ``core.FormerSlug`` (every public slug redirects the same
way, core/redirects.py): each row is copied, then the pages' own table goes."""

from django.db import migrations


def copy_to_core(apps, schema_editor):
    PageFormerSlug = apps.get_model("pages", "FormerSlug")
    FormerSlug = apps.get_model("core", "FormerSlug")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = list(PageFormerSlug.objects.order_by("pk"))
    if not rows:
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="pages", model="editorialpage")
    FormerSlug.objects.bulk_create(
        [FormerSlug(content_type=content_type, object_id=row.page_id, slug=row.slug) for row in rows]
    )


def copy_back(apps, schema_editor):
    PageFormerSlug = apps.get_model("pages", "FormerSlug")
    FormerSlug = apps.get_model("core", "FormerSlug")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="pages", model="editorialpage").first()
    if content_type is None:
        return
    PageFormerSlug.objects.bulk_create(
        [
            PageFormerSlug(slug=row.slug, page_id=row.object_id)
            for row in FormerSlug.objects.filter(content_type=content_type).order_by("pk")
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_former_slug"),
        ("pages", "0008_editorialpage_slug_en"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="FormerSlug"),
    ]
