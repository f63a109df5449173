"""Load the demo content (fixtures/demo.json) into an empty database, and only then.

`make run` calls this every time: a database that already holds centres keeps what staff
changed locally.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from centres.models import Centre


class Command(BaseCommand):
    help = "Load the demo content into an empty database (does nothing if centres already exist)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if the database holds content.")

    def handle(self, *args, force=False, **options):
        if Centre.objects.exists() and not force:
            self.stdout.write("The database already holds content: the demo content is not loaded again.")
            return
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
