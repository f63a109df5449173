"""``python manage.py backup unicancer.tar.gz``: the database's rows and the media in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand

from unicancer_site.site.backups import backup_site


class Command(BaseCommand):
    help = "Write the database's rows and the uploaded media to a .tar.gz archive (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Where to write the archive, e.g. unicancer-2026-11-29.tar.gz")

    def handle(self, *args, archive: Path, **options):
        manifest = backup_site(archive)
        rows = sum(len(keys) for keys in manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{archive}: {rows} rows of {len(manifest['rows'])} models, {len(manifest['files'])} files."
            )
        )
