"""What a serving process checks once at start, so that a deployment mistake is one clear error, not a 500 per
page."""

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages


def check_static_manifest() -> None:
    """With hashed static files (production), the manifest ``collectstatic`` writes must be there.

    Without it every ``{% static %}`` fails (``Missing staticfiles manifest entry``): refuse to start instead, and
    say how to fix it.
    """
    storage = storages["staticfiles"]
    if isinstance(storage, ManifestFilesMixin) and not storage.hashed_files:
        raise ImproperlyConfigured(
            f"No static files manifest in {storage.location}: run `python manage.py collectstatic --noinput` with "
            "the same DJANGO_SETTINGS_MODULE as the server (make prod does both)."
        )
