"""Serving uploaded files (``/media/``) when Django does it (``SERVE_MEDIA``).

The type comes from the stored extension only, which ``core.uploads`` derives from the checked content, from an
allowlist rather than the system's ``mimetypes`` (which varies between machines and knows ``.html``). Images are
shown; PDFs and anything else are downloads, so that a file can never run as a page of the site's origin.
``X-Content-Type-Options: nosniff`` keeps browsers from guessing another type.
"""

from pathlib import PurePosixPath

from django.conf import settings
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


def serve_media(request, path):
    """Django's ``static.serve`` from MEDIA_ROOT, with the type, disposition and nosniff set from the extension."""
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
