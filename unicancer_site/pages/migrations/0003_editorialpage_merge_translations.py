# Each page becomes one row with both languages: a French page takes in its English translation
# (linked by translation_of, either way round), whose row is then deleted. The French row keeps its
# slug, status, dates and source. The charter, which the trial pages quote, gets its role.

from django.db import migrations
from django.db.models import F
from django.utils import timezone

TEXTS = ("title", "summary", "body")


def english_partner(page, pages, taken):
    """The English page translating the French ``page`` (the one it points to first), or None."""
    pointed = pages.get(page.translation_of_id)
    if pointed is not None and pointed.language == "en" and pointed.pk not in taken:
        return pointed
    pointing = [
        other
        for other in pages.values()
        if other.language == "en" and other.translation_of_id == page.pk and other.pk not in taken
    ]
    return min(pointing, key=lambda other: other.pk, default=None)


def mentions_the_charter(page):
    # As research.views.how_to_join() found it before this migration: an English title or body saying "charter".
    return "charter" in page.title_en.lower() or "charter" in page.body_en.lower()


def charter_preference(page, now):
    """Sort key among the pages mentioning the charter: as the old code chose, a page on the site first, then one
    saying "charter" in its title, then the first made."""
    live = (
        page.status == "published"
        and page.publish_from is not None
        and page.publish_from <= now
        and (page.publish_until is None or page.publish_until > now)
    )
    return (not live, "charter" not in page.title_en.lower(), page.pk)


def merge_translations(apps, schema_editor):
    EditorialPage = apps.get_model("pages", "EditorialPage")
    HistoricalEditorialPage = apps.get_model("pages", "HistoricalEditorialPage")
    pages = {page.pk: page for page in EditorialPage.objects.order_by("pk")}
    FormerSlug = apps.get_model("pages", "FormerSlug")
    merged = set()
    kept = []
    former_slugs = []

    for page in pages.values():
        if page.language == "en":
            continue
        for name in TEXTS:
            setattr(page, f"{name}_fr", getattr(page, name))
        partner = english_partner(page, pages, merged)
        if partner is not None:
            merged.add(partner.pk)
            for name in TEXTS:
                setattr(page, f"{name}_en", getattr(partner, name))
            former_slugs.append((partner.slug, page))
            if partner.status == "published" and page.status != "published":
                # The English text was public: the merged page stays public rather than hiding it.
                page.status, page.publish_from, page.publish_until = (
                    partner.status,
                    partner.publish_from,
                    partner.publish_until,
                )
        kept.append(page)

    english_only = []
    for page in pages.values():
        if page.language != "en" or page.pk in merged:
            continue
        # French is the reference language and title_fr is required: a page written only in English keeps
        # its text in both columns until the editors translate it.
        for name in TEXTS:
            setattr(page, f"{name}_en", getattr(page, name))
            setattr(page, f"{name}_fr", getattr(page, name))
        english_only.append(page.pk)
        kept.append(page)

    now = timezone.now()
    charters = sorted(
        (page for page in kept if mentions_the_charter(page)), key=lambda page: charter_preference(page, now)
    )
    if charters:
        charters[0].role = "charter"

    # Only the new columns are written: the kept rows keep their slug, status and dates (``updated`` included).
    EditorialPage.objects.filter(pk__in=merged).delete()
    publication = ["status", "publish_from", "publish_until"]
    for page in kept:
        page.save(
            update_fields=[f"{name}_{language}" for name in TEXTS for language in ("fr", "en")] + ["role", *publication]
        )
    # The English pages' addresses keep working: they redirect to the merged page.
    FormerSlug.objects.bulk_create([FormerSlug(slug=slug, page=page) for slug, page in former_slugs])

    # History records keep what each row said then, in the column of its language; the records of a deleted
    # English row stay as they were (under that row's id), the records of an English-only page follow it.
    for language in ("fr", "en"):
        records = HistoricalEditorialPage.objects.filter(language=language)
        records.update(**{f"{name}_{language}": F(name) for name in TEXTS})
    HistoricalEditorialPage.objects.filter(id__in=english_only).update(**{f"{name}_fr": F(name) for name in TEXTS})

    # Each merged page's history ends with the merged page, both languages: a revert starts from there, and never
    # empties the English columns that the records made before the merge do not have.
    fields = [field.attname for field in EditorialPage._meta.concrete_fields]
    HistoricalEditorialPage.objects.bulk_create(
        [
            HistoricalEditorialPage(
                **{name: getattr(page, name) for name in fields},
                history_date=now,
                history_type="~",
                history_change_reason="Translations merged into one page (migration pages 0003)",
            )
            for page in kept
        ]
    )


def unique_slug(EditorialPage, base):
    slug, n = base, 1
    while EditorialPage.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[: 120 - len(str(n)) - 1]}-{n}"
    return slug


def split_translations(apps, schema_editor):
    """Back to one row per language. The English rows get back their former slugs (or ``<French slug>-en``). A page whose two languages are identical is taken for an English-only one."""
    EditorialPage = apps.get_model("pages", "EditorialPage")
    HistoricalEditorialPage = apps.get_model("pages", "HistoricalEditorialPage")
    FormerSlug = apps.get_model("pages", "FormerSlug")
    former = {}
    for record in FormerSlug.objects.order_by("pk"):
        former.setdefault(record.page_id, record.slug)
    FormerSlug.objects.all().delete()
    for page in EditorialPage.objects.order_by("pk"):
        english = {name: getattr(page, f"{name}_en") for name in TEXTS}
        french = {name: getattr(page, f"{name}_fr") for name in TEXTS}
        if english == french:
            # A page written only in English (its text copied into the French columns by the forward step).
            EditorialPage.objects.filter(pk=page.pk).update(language="en", **english)
            continue
        EditorialPage.objects.filter(pk=page.pk).update(language="fr", **french)
        if any(english.values()):
            EditorialPage.objects.create(
                slug=former.get(page.pk) or unique_slug(EditorialPage, f"{page.slug[:117]}-en"),
                language="en",
                title=english["title"] or french["title"],
                summary=english["summary"],
                body=english["body"],
                translation_of=page,
                status=page.status,
                publish_from=page.publish_from,
                publish_until=page.publish_until,
                source_id=page.source_id,
            )
    HistoricalEditorialPage.objects.exclude(title_fr="").update(language="fr", **{name: F(f"{name}_fr") for name in TEXTS})
    HistoricalEditorialPage.objects.filter(title_fr="").update(language="en", **{name: F(f"{name}_en") for name in TEXTS})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_editorialpage_bilingual_fields"),
    ]

    operations = [migrations.RunPython(merge_translations, split_translations)]
