"""Load the demo content (fixtures/demo.json) into an empty database, and only then.

`make run` calls this every time: a database that already holds centres keeps what staff
changed locally. Each object loaded starts its history with one version, "imported from the source
documents", so that the first change has something to compare with and to go back to.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext

from centres.models import Centre
from unicancer_site.core.history import record_initial_versions


def initial_version_reason() -> str:
    """The reason of the demo content's first version, in the site's first language (stored as text)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Imported from the source documents")


class Command(BaseCommand):
    help = "Load the demo content into an empty database (does nothing if centres already exist)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if the database holds content.")

    def handle(self, *args, force=False, **options):
        verbosity = options["verbosity"]
        if Centre.objects.exists() and not force:
            self.stdout.write("The database already holds content: the demo content is not loaded again.")
            return
        call_command("loaddata", "demo", verbosity=verbosity)
        versions = record_initial_versions(initial_version_reason())
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded. First versions recorded in the history: {versions}.")
            )
