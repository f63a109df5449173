"""Uploads are checked by content: every bad file is a form error that says what is wrong,
and the object keeps the file it had."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.admin.conftest import client_for
from tests.admin.test_centre_scoping import _news_data
from unicancer_site.accounts.roles import CENTRE_EDITOR
from unicancer_site.news.models import NewsItem

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def image_bytes(image_format="PNG", size=(4, 3), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, format=image_format)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims huge dimensions: a decompression bomb, caught before decoding."""
    data = bytearray(image_bytes("PNG", (1, 1), "1"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def news_with_files(world):
    news = world.a.news
    news.image = upload("good.png", image_bytes())
    news.image_alt_fr = "Une image"
    news.attachment = upload("good.pdf", PDF)
    news.save()
    return news


def _post(client, news, **files):
    data = _news_data(
        slug=news.slug, title_fr=news.title_fr, image_alt_fr="Une image", centres=[news.centres.first().pk]
    )
    data.update(files)
    return client.post(reverse("admin:news_newsitem_change", args=[news.pk]), data)


BAD_IMAGES = [
    ("text.jpg", b"this is not an image at all", "not an image that can be read"),
    ("script.png", b"<?php system($_GET['c']); ?>", "not an image that can be read"),
    ("animated.gif", image_bytes("GIF"), "GIF format; only JPEG, PNG and WebP"),
    ("gif-named.png", image_bytes("GIF"), "GIF format; only JPEG, PNG and WebP"),
    ("bitmap.jpg", image_bytes("BMP"), "BMP format; only JPEG, PNG and WebP"),
    ("huge.png", image_bytes("PNG", (8000, 6000), "1"), "8000 × 6000 pixels; the limit is 40 megapixels"),
    ("bomb.png", png_claiming(100_000, 100_000), "too many pixels"),
    ("medium-bomb.png", png_claiming(12_000, 10_000), "too many pixels"),
    ("heavy.png", image_bytes() + b"\0" * (10 * 1024 * 1024 + 1), "the limit is 10.0"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_IMAGES, ids=[case[0] for case in BAD_IMAGES])
def test_bad_image_is_a_form_error_and_the_old_image_stays(name, content, message, news_with_files, staff):
    before = news_with_files.image.name
    response = _post(client_for(staff[CENTRE_EDITOR]), news_with_files, image=upload(name, content))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    news_with_files.refresh_from_db()
    assert news_with_files.image.name == before
    assert news_with_files.image.storage.exists(before)


BAD_PDFS = [
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF document"),
    ("image.pdf", image_bytes(), "not a PDF document"),
    ("truncated.pdf", PDF[:40], "incomplete or damaged"),
    ("heavy.pdf", PDF[:-6] + b"\0" * (20 * 1024 * 1024) + b"%%EOF\n", "the limit is 20.0"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_PDFS, ids=[case[0] for case in BAD_PDFS])
def test_bad_pdf_is_a_form_error_and_the_old_file_stays(name, content, message, news_with_files, staff):
    before = news_with_files.attachment.name
    response = _post(client_for(staff[CENTRE_EDITOR]), news_with_files, attachment=upload(name, content))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["attachment"]
    assert any(message in error for error in errors), errors
    news_with_files.refresh_from_db()
    assert news_with_files.attachment.name == before


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_good_images_are_stored_under_a_random_name_with_the_right_extension(
    image_format, extension, news_with_files, staff
):
    response = _post(
        client_for(staff[CENTRE_EDITOR]),
        news_with_files,
        image=upload("Photo du Centre.jpeg", image_bytes(image_format)),
    )
    assert response.status_code == 302
    news_with_files.refresh_from_db()
    assert news_with_files.image.name.startswith("news/images/")
    assert news_with_files.image.name.endswith(extension)
    assert "Photo" not in news_with_files.image.name


def test_good_pdf_is_accepted(news_with_files, staff):
    response = _post(client_for(staff[CENTRE_EDITOR]), news_with_files, attachment=upload("rapport.pdf", PDF))
    assert response.status_code == 302
    news_with_files.refresh_from_db()
    assert news_with_files.attachment.name.startswith("news/attachments/")


def test_an_image_needs_its_alt_text(world, staff):
    news = world.a.news
    data = _news_data(slug=news.slug, centres=[world.a.centre.pk], image=upload("good.png", image_bytes()))
    response = client_for(staff[CENTRE_EDITOR]).post(reverse("admin:news_newsitem_change", args=[news.pk]), data)
    assert response.status_code == 200
    assert "image_alt_fr" in response.context["adminform"].form.errors
    assert not NewsItem.objects.get(pk=news.pk).image


POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"


def assert_served(client, field_file, content_type, attachment):
    response = client.get(field_file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("Content-Disposition", "").startswith("attachment") == attachment
    return response


def test_a_pdf_named_html_is_stored_and_served_as_a_pdf_download(news_with_files, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = _post(client, news_with_files, attachment=upload("rapport.html", POLYGLOT, "text/html"))
    assert response.status_code == 302
    news_with_files.refresh_from_db()
    name = news_with_files.attachment.name
    assert name.startswith("news/attachments/") and name.endswith(".pdf")
    assert "rapport" not in name
    assert_served(client, news_with_files.attachment, "application/pdf", attachment=True)


def test_an_image_named_html_is_stored_and_served_by_its_content(news_with_files, staff):
    client = client_for(staff[CENTRE_EDITOR])
    response = _post(client, news_with_files, image=upload("photo.html", image_bytes("PNG"), "text/html"))
    assert response.status_code == 302
    news_with_files.refresh_from_db()
    assert news_with_files.image.name.endswith(".png")
    assert_served(client, news_with_files.image, "image/png", attachment=False)
