"""Uploaded files are named by their checked content and served by that name only (core/uploads.py, core/media.py).

A file is never served as a page of the site: images are shown, PDFs and anything else are downloads, with
``X-Content-Type-Options: nosniff``, whatever the uploader called the file or the path that saved it.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import make_news_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format=image_format)
    return buffer.getvalue()


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


@pytest.mark.parametrize(
    ("field", "name", "content", "extension", "content_type", "attachment"),
    [
        ("attachment", "rapport.html", POLYGLOT, ".pdf", "application/pdf", True),
        ("attachment", "rapport.PDF", PDF, ".pdf", "application/pdf", True),
        ("attachment", "page.pdf", b"<html><script>alert(1)</script></html>", ".bin", "application/octet-stream", True),
        ("image", "photo.html", image_bytes("PNG"), ".png", "image/png", False),
        ("image", "photo.png", image_bytes("JPEG"), ".jpg", "image/jpeg", False),
        ("image", "photo.jpg", image_bytes("WEBP"), ".webp", "image/webp", False),
        ("image", "photo.svg", b"<svg onload='alert(1)'/>", ".bin", "application/octet-stream", True),
    ],
)
def test_a_file_saved_by_any_path_is_named_and_served_by_its_content(
    client, field, name, content, extension, content_type, attachment
):
    # A service saving without the form's checks: the name still follows the content.
    item = make_news_item(image_alt_fr="Image")
    getattr(item, field).save(name, ContentFile(content), save=True)
    stored = getattr(item, field)
    assert Path(stored.name).suffix == extension
    assert Path(name).stem not in stored.name
    response = served(client, stored.url)
    assert response["Content-Type"] == content_type
    assert response.get("Content-Disposition", "").startswith("attachment") == attachment
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("legacy.html", "application/octet-stream"), ("legacy.svg", "application/octet-stream"),
     ("legacy.js", "application/octet-stream"), ("report.pdf.gz", "application/octet-stream"),
     ("renditions/photo-abc-480w.webp", "image/webp")],
)  # fmt: skip
def test_files_already_stored_are_served_by_the_allowlist_only(admin_client, name, content_type):
    # Staff, who are served every file (the public only those of published items: tests/core/test_media_access.py):
    # whoever gets a file, its type comes from the allowlist.
    path = Path(settings.MEDIA_ROOT) / "legacy" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<script>alert(1)</script>")
    response = served(admin_client, f"{settings.MEDIA_URL}legacy/{name}")
    assert response["Content-Type"] == content_type
    assert "Content-Encoding" not in response
    if content_type == "application/octet-stream":
        assert response["Content-Disposition"] == f'attachment; filename="{path.name}"'


def test_a_missing_media_file_is_a_404(client):
    assert client.get(f"{settings.MEDIA_URL}news/nothing-here.pdf").status_code == 404
