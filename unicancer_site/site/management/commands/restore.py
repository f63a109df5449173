"""``python manage.py restore unicancer.tar.gz``: migrate, then load an archive of ``backup`` into an empty
database and its media into the storage."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from unicancer_site.site.backups import RestoreRefused, restore_site


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty database (migrated first) and the media storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="An archive written by `manage.py backup`.")

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore_site(archive)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        rows = sum(len(keys) for keys in manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and {len(manifest['files'])} files from {archive}.")
        )
