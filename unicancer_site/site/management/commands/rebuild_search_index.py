"""Rebuild the site search's stored documents and its vocabulary (``core.search.rebuild_index``).

Saves keep the index up to date on their own; run this after writes that send no signal (``QuerySet.update``,
``bulk_create``, SQL), or to drop the words no row uses any more.
"""

from django.core.management.base import BaseCommand

from unicancer_site.core.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search documents of every searchable model, and the words misspellings are corrected to."

    def handle(self, *args, **options):
        for label, count in rebuild_index().items():
            self.stdout.write(f"{label}: {count} rows indexed")
