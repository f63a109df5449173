"""Create the local staff account for `make run`, with a freshly generated password."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local superuser 'admin' with a random password, printed once (never a fixed default)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--reset", action="store_true", help="Give an existing account a new random password.")

    def handle(self, *args, username="admin", reset=False, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user and not reset:
            self.stdout.write(
                f"Local staff account '{username}' already exists. "
                f"New password: python manage.py create_local_staff --reset"
            )
            return
        password = secrets.token_urlsafe(15)
        if user is None:
            user = User(username=username, email=f"{username}@localhost", is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff login for http://127.0.0.1:8000/admin/ — username: {username}  password: {password}"
            )
        )
