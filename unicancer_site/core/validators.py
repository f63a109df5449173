"""Uploads are checked by what they contain, never by their name.

Images: JPEG, PNG or WebP as Pillow reads them, at most 10 MB and 40 megapixels (a decompression
bomb is refused before it is decoded). PDFs: the ``%PDF-1.x`` header and an end-of-file marker,
at most 20 MB. Each refusal is a ValidationError that says what is wrong.
"""

import re
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PDF_MAX_BYTES = 20 * 1024 * 1024
PDF_HEADER = re.compile(rb"^%PDF-[12]\.[0-9]")


def _read_head(file, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def inspect_image(file) -> str:
    """The image's format ("JPEG", "PNG", "WEBP") if it is acceptable; a ValidationError otherwise."""
    size = _file_size(file)
    if size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image weighs %(size)s; the limit is %(limit)s."),
            code="image_too_heavy",
            params={"size": filesizeformat(size), "limit": filesizeformat(IMAGE_MAX_BYTES)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: treat it as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels."),
                        code="image_too_large",
                        params={"width": width, "height": height, "limit": IMAGE_MAX_PIXELS // 1_000_000},
                    )
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels (the limit is %(limit)s megapixels)."),
            code="image_too_large",
            params={"limit": IMAGE_MAX_PIXELS // 1_000_000},
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image that can be read (JPEG, PNG or WebP)."), code="image_unreadable"
        ) from error
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("This image is in %(format)s format; only JPEG, PNG and WebP are accepted."),
            code="image_format",
            params={"format": image_format},
        )
    return image_format


def inspect_pdf(file) -> None:
    size = _file_size(file)
    if size > PDF_MAX_BYTES:
        raise ValidationError(
            _("The PDF weighs %(size)s; the limit is %(limit)s."),
            code="pdf_too_heavy",
            params={"size": filesizeformat(size), "limit": filesizeformat(PDF_MAX_BYTES)},
        )
    head = _read_head(file, 1024)
    if not PDF_HEADER.match(head):
        raise ValidationError(_("This file is not a PDF document."), code="pdf_not_pdf")
    file.seek(max(size - 2048, 0))
    tail = file.read()
    file.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(_("This PDF document is incomplete or damaged."), code="pdf_damaged")


@deconstructible
class ImageContentValidator:
    """Model-field validator: the stored file must be an acceptable image (checked on new uploads)."""

    def __call__(self, value):
        if _is_new_upload(value):
            inspect_image(value.file)

    def __eq__(self, other):
        return isinstance(other, ImageContentValidator)


@deconstructible
class PdfContentValidator:
    def __call__(self, value):
        if _is_new_upload(value):
            inspect_pdf(value.file)

    def __eq__(self, other):
        return isinstance(other, PdfContentValidator)


def _is_new_upload(value) -> bool:
    """A file being uploaded now (not yet committed to storage): files already saved were checked then."""
    return bool(value) and not getattr(value, "_committed", True)


validate_image_content = ImageContentValidator()
validate_pdf_content = PdfContentValidator()
