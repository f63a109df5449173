"""Publish the drafts of live items whose go-live date has come: run every minute from cron (see the README)."""

from django.core.management.base import BaseCommand

from unicancer_site.publishing.revisions import publish_due_revisions


class Command(BaseCommand):
    help = "Publish the scheduled drafts of live items whose go-live date has come."

    def handle(self, *args, **options):
        applied = publish_due_revisions()
        if options["verbosity"]:
            self.stdout.write(f"{applied} scheduled draft(s) published.")
