"""WebP renditions for srcset: made once at a few widths, reused, never upscaled; a bad image gives none, no error."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image

from tests.factories import make_news_item
from unicancer_site.core import renditions
from unicancer_site.core.renditions import RENDITION_WIDTHS, image_renditions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_file(width, height, fmt="JPEG", mode="RGB", exif_orientation=None) -> ContentFile:
    buffer = io.BytesIO()
    image = Image.new(mode, (width, height), (10, 120, 200) if mode == "RGB" else (10, 120, 200, 128))
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif
    image.save(buffer, fmt, **kwargs)
    return ContentFile(buffer.getvalue())


def item_with(content: ContentFile, name="photo.jpg"):
    item = make_news_item(image_alt_fr="Photo")
    item.image.save(name, content, save=True)
    return item


def test_renditions_are_webp_at_each_width(media):
    item = item_with(image_file(2000, 1000))
    made = image_renditions(item.image)
    assert [rendition.width for rendition in made] == list(RENDITION_WIDTHS)
    for rendition in made:
        assert rendition.url.startswith("/media/renditions/") and rendition.url.endswith(f"-{rendition.width}w.webp")
        path = media / "renditions" / rendition.url.rsplit("/", 1)[1]
        with Image.open(path) as saved:
            assert saved.format == "WEBP"
            assert saved.size == (rendition.width, rendition.height)
            assert rendition.height == rendition.width // 2


def test_renditions_are_made_once_and_reused(media, monkeypatch):
    item = item_with(image_file(1300, 700))
    first = image_renditions(item.image)
    files = sorted((media / "renditions").iterdir())
    times = [path.stat().st_mtime_ns for path in files]

    saves = []
    monkeypatch.setattr(renditions, "_save_atomically", lambda image, path: saves.append(path))
    assert image_renditions(item.image) == first
    assert saves == []  # nothing re-encoded
    assert [path.stat().st_mtime_ns for path in sorted((media / "renditions").iterdir())] == times


def test_no_upscaling_the_original_width_stands_for_larger_ones(media):
    item = item_with(image_file(1000, 500, fmt="PNG"), name="small.png")
    made = image_renditions(item.image)
    assert [rendition.width for rendition in made] == [480, 800, 1000]
    assert len(list((media / "renditions").iterdir())) == 3
    # Asked again: nothing missing, nothing made.
    assert image_renditions(item.image) == made
    assert len(list((media / "renditions").iterdir())) == 3


def test_transparent_png_keeps_its_alpha(media):
    item = item_with(image_file(600, 300, fmt="PNG", mode="RGBA"), name="logo.png")
    made = image_renditions(item.image)
    with Image.open(media / "renditions" / made[-1].url.rsplit("/", 1)[1]) as saved:
        assert saved.mode == "RGBA"


def test_exif_rotation_is_applied(media):
    item = item_with(image_file(1200, 600, exif_orientation=6))  # stored landscape, shown portrait
    made = image_renditions(item.image)
    assert (made[-1].width, made[-1].height) == (600, 1200)


def test_a_replaced_image_gets_new_renditions(media):
    item = item_with(image_file(900, 900))
    before = image_renditions(item.image)
    with open(item.image.path, "wb") as output:
        output.write(image_file(900, 450).read())
    os.utime(item.image.path, (1, 1))
    after = image_renditions(item.image)
    assert {rendition.url for rendition in before}.isdisjoint({rendition.url for rendition in after})
    assert after[-1].height == 450


@pytest.mark.parametrize("content", [b"", b"not an image", b"\xff\xd8\xff\xe0 truncated jpeg"])
def test_a_corrupt_image_gives_no_rendition(media, content):
    item = item_with(ContentFile(content), name="broken.jpg")
    assert image_renditions(item.image) == []


def test_a_missing_file_or_no_image_gives_no_rendition(media):
    item = item_with(image_file(800, 400))
    os.remove(item.image.path)
    assert image_renditions(item.image) == []
    assert image_renditions(make_news_item().image) == []


def render(item) -> str:
    template = Template('{% load images %}{% responsive_image item.image item.image_alt sizes="50vw" css_class="x" %}')
    return template.render(Context({"item": item}))


def test_template_tag_writes_srcset_sizes_and_alt(media):
    item = item_with(image_file(1600, 800))
    html = render(item)
    assert html.startswith("<img ")
    assert 'sizes="50vw"' in html
    assert 'alt="Photo"' in html
    assert 'class="x"' in html
    assert 'width="1600" height="800"' in html
    assert "-480w.webp 480w" in html and "-1600w.webp 1600w" in html
    assert 'src="/media/renditions/' in html and '-800w.webp"' in html


def test_template_tag_escapes_the_alt_text(media):
    item = item_with(image_file(500, 500))
    item.image_alt_fr = 'Un "titre" <b>'
    assert 'alt="Un &quot;titre&quot; &lt;b&gt;"' in render(item)


def test_template_tag_renders_nothing_for_a_corrupt_image(media):
    item = item_with(ContentFile(b"garbage"), name="garbage.jpg")
    assert render(item) == ""
