"""WebP renditions of uploaded images at a few widths, for ``srcset``.

Each rendition is made once, the first time a page asks for it, into ``MEDIA_ROOT/renditions/`` and reused
afterwards. Its name carries a digest of the original's name, size and modification time, so a replaced
image gets new renditions and stale ones are never served. A missing or unreadable original gives no
rendition (the page shows no image) and a warning in the log, never an error page.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FOLDER = "renditions"
WEBP_QUALITY = 80
ORIENTATION_TAG = 0x0112
ROTATED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def _digest(field_file) -> str:
    storage = field_file.storage
    parts = [field_file.name, str(storage.size(field_file.name))]
    try:
        parts.append(str(storage.get_modified_time(field_file.name).timestamp()))
    except NotImplementedError:  # pragma: no cover - storages without modification times
        pass
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:12]


def _rendition_path(field_file, digest: str, width: int) -> tuple[Path, str]:
    stem = Path(field_file.name).stem[:60]
    name = f"{stem}-{digest}-{width}w.webp"
    path = Path(settings.MEDIA_ROOT) / RENDITION_FOLDER / name
    url = f"{settings.MEDIA_URL}{RENDITION_FOLDER}/{name}"
    return path, url


def _save_atomically(image: Image.Image, path: Path) -> None:
    """Write to a temporary file and rename it, so that a concurrent request never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as output:
            image.save(output, "WEBP", quality=WEBP_QUALITY, method=4)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _target_widths(widths, original_width: int) -> list[int]:
    """The widths to make: those narrower than the original, and the original's own width for any wider one."""
    targets = {width for width in widths if width < original_width}
    if not targets or any(width >= original_width for width in widths):
        targets.add(original_width)  # no upscaling
    return sorted(targets)


def image_renditions(field_file, widths=RENDITION_WIDTHS) -> list[Rendition]:
    """WebP renditions of ``field_file`` (an ImageField's value), narrowest first; [] when there is no usable image.

    Per call: the original's size and modification time, its header (for its dimensions) and one ``stat`` per
    rendition; the image is decoded only when a rendition is missing.
    """
    if not field_file or not field_file.name:
        return []
    try:
        digest = _digest(field_file)
        with field_file.storage.open(field_file.name, "rb") as source, Image.open(source) as original:
            # Image.open reads the header only; EXIF orientation can swap the stored width and height.
            width, height = original.size
            if (original.getexif() or {}).get(ORIENTATION_TAG) in ROTATED_ORIENTATIONS:
                width, height = height, width
            planned = []
            for target in _target_widths(widths, width):
                path, url = _rendition_path(field_file, digest, target)
                planned.append((path, Rendition(url, target, max(1, round(height * target / width)))))
            missing = [(path, rendition) for path, rendition in planned if not path.exists()]
            if missing:
                original.load()
                image = ImageOps.exif_transpose(original)
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
                for path, rendition in missing:
                    resized = (
                        image
                        if rendition.width == image.width
                        else image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
                    )
                    _save_atomically(resized, path)
    except FileNotFoundError:
        logger.warning("Image %s is missing: no renditions.", field_file.name)
        return []
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        logger.warning("Image %s cannot be read: no renditions.", field_file.name, exc_info=True)
        return []
    return [rendition for _path, rendition in planned]
