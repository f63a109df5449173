"""Clean the text stored before control characters were cleaned on save (core/text.py): run once after upgrading."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q

from unicancer_site.core.text import clean_text
from unicancer_site.publishing.pagecache import bump_content_version

# What clean_text changes and a database can hold (PostgreSQL holds no NUL; neither holds a lone surrogate).
STORED_PATTERN = "[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


class Command(BaseCommand):
    help = (
        "Remove from every text field of every model the control characters that break the feeds and XLSX "
        "exports (Word's vertical tab...), as saving now does. Rows are updated in place: no new history version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the rows to clean, change nothing.")

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        pattern = STORED_PATTERN if connection.vendor == "postgresql" else f"[\x00{STORED_PATTERN[1:]}"
        total, conflicts = 0, []
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField) and not field.primary_key
            ]
            if not fields:
                continue
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field.attname}__regex": pattern})
            rows = model._base_manager.filter(condition).values("pk", *(field.attname for field in fields))
            count = 0
            for row in rows.iterator():
                changes = {}
                for field in fields:
                    value = row[field.attname]
                    if isinstance(value, str):
                        cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                        if cleaned != value:
                            changes[field.attname] = cleaned
                if changes and not dry_run:
                    # update(): the same content with characters removed is no new version, and 'updated' stays.
                    try:
                        with transaction.atomic():
                            model._base_manager.filter(pk=row["pk"]).update(**changes)
                    except IntegrityError:
                        # Cleaned, the row would break a rule (a name another row has): left for an editor.
                        conflicts.append(f"{model._meta.label} #{row['pk']}")
                        continue
                count += bool(changes)
            if count:
                self.stdout.write(f"{model._meta.label}: {count} row(s)")
            total += count
        if total and not dry_run:
            # update() sends no signal: the cached pages showing the old text are retired here.
            bump_content_version()
        verb = "to clean" if dry_run else "cleaned"
        self.stdout.write(f"{total} row(s) {verb}.")
        if conflicts:
            self.stdout.write(
                "Left as they are, because once cleaned they would duplicate another row or break a rule: "
                + ", ".join(conflicts)
                + ". Correct them in the admin."
            )
