"""``manage.py empty_trash``: delete for good the items kept in the trash longer than ``TRASH_RETENTION_DAYS``.

Meant for cron (once a day is enough); the trash's admin page offers the same to publishers.
"""

from django.core.management.base import BaseCommand

from unicancer_site.publishing import trash


class Command(BaseCommand):
    help = "Delete for good the items in the trash for longer than TRASH_RETENTION_DAYS (default 30)."

    def handle(self, *args, **options):
        count = trash.empty_expired()
        self.stdout.write(
            f"{count} item(s) deleted for good (in the trash for more than {trash.retention_days()} days)."
        )
