"""Uploaded files get random names, and an extension that says what their content is.

Nothing of the uploader's file name reaches the URL, not even its extension: ``rapport.html`` holding a valid
PDF is stored as ``….pdf``, so that it is served as a PDF (``core.media``) and never as a page of the site.
The ``upload_to`` functions give the folder and a random name; the storage (``ContentNamedStorage``) adds the
extension from the content, checked again there whatever the path that saved the file (admin form, service,
import): it alone sees both the name and the content of every file saved. A file that passes neither the image
check nor the PDF check is stored as ``.bin``, which is only ever served as a download.
"""

import secrets
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .validators import IMAGE_FORMATS, inspect_image, inspect_pdf

UNCHECKED_EXTENSION = ".bin"


def content_extension(file) -> str:
    """``.jpg``, ``.png`` or ``.webp`` for an image that passes the checks, ``.pdf`` for a PDF, else ``.bin``."""
    try:
        return IMAGE_FORMATS[inspect_image(file)]
    except (ValidationError, OSError):
        pass
    try:
        inspect_pdf(file)
    except (ValidationError, OSError):
        return UNCHECKED_EXTENSION
    return ".pdf"


class ContentNamedStorage(FileSystemStorage):
    """The file system storage, where a saved file's extension is the one of its content (:func:`content_extension`)."""

    def save(self, name, content, max_length=None):
        name = PurePosixPath(name if name is not None else content.name)
        return super().save(str(name.with_suffix(content_extension(content))), content, max_length)


def random_name(folder: str) -> str:
    """``folder/YYYY/MM/<random>``, without an extension: the storage adds the content's."""
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}"


@deconstructible
class RandomName:
    """An ``upload_to`` giving ``<folder>/YYYY/MM/<random>`` (see :func:`random_name`): ``upload_to=RandomName(
    "news/images")``. A class rather than a function per folder, so that this module names no app's folder."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_name(self.folder)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder
