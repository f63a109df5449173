"""Serving uploaded files (``/media/``) when Django does it (``SERVE_MEDIA``).

The type comes from the stored extension only, which ``core.uploads`` derives from the checked content, from an
allowlist rather than the system's ``mimetypes`` (which varies between machines and knows ``.html``). Images are
shown; PDFs and anything else are downloads, so that a file can never run as a page of the site's origin.
``X-Content-Type-Options: nosniff`` keeps browsers from guessing another type.

Only files the public may see are served to the public (:func:`is_public_file`): a file that no row refers to
any more (replaced or cleared: the old file stays on disk for the history's reverts and the trash, privately),
or whose row is not published (a draft's, a trashed item's), answers 404. Staff see every file (previews).
"""

import re
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.http import content_disposition_header
from django.views.static import serve

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}
DOWNLOAD_TYPE = "application/octet-stream"


# ``core.renditions``' names: ``renditions/<original's stem>-<digest>-<width>w.webp``.
RENDITION_NAME = re.compile(r"^renditions/(?P<stem>[^/]+)-[0-9a-f]{12}-[0-9]+w\.webp$")


def file_fields() -> list[models.FileField]:
    """Every file or image field of the project's models, found by type (historical copies aside)."""
    return [
        field
        for model in apps.get_models()
        if getattr(model, "instance_type", model) is model  # simple-history's versions name old files too
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _public_rows(model):
    """The rows of ``model`` the public sees: ``published()`` when its QuerySet declares it, else every row."""
    queryset = model._default_manager.all()
    return queryset.published() if hasattr(queryset, "published") else queryset


def is_public_file(name: str) -> bool:
    """Whether a row the public sees refers to the stored file ``name`` (a path under MEDIA_ROOT), now.

    A rendition (``core.renditions``) is public when its original is. One query per file field at most.
    """
    rendition = RENDITION_NAME.match(name)
    for field in file_fields():
        if rendition:
            # The original's name is <folder>/YYYY/MM/<stem>.<extension>.
            lookup = {f"{field.attname}__contains": f"/{rendition['stem']}."}
        else:
            lookup = {field.attname: name}
        if _public_rows(field.model).filter(**lookup).exists():
            return True
    return False


def serve_media(request, path):
    """Django's ``static.serve`` from MEDIA_ROOT, with the type, disposition and nosniff set from the extension.

    404 to the public for a file :func:`is_public_file` does not vouch for; staff get every file.
    """
    user = getattr(request, "user", None)
    is_staff = bool(user is not None and user.is_active and user.is_staff)
    if not is_staff and not is_public_file(path):
        raise Http404("No such file.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    name = PurePosixPath(path).name
    content_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), DOWNLOAD_TYPE)
    response["Content-Type"] = content_type
    # serve() guesses an encoding from the name (.gz, .br): the stored bytes are what is sent, as they are.
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    response["X-Content-Type-Options"] = "nosniff"
    if content_type not in INLINE_TYPES:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
