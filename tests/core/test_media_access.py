"""Issue 11, observation 5: a replaced or cleared file leaves public reach, and the files of items the public does
not see (drafts, items in the trash) are not served to it; staff still get them (previews, history)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.admin.conftest import client_for, make_staff
from tests.factories import make_news_item
from unicancer_site.accounts.roles import REVIEWER
from unicancer_site.core.media import is_public_file
from unicancer_site.core.renditions import image_renditions
from unicancer_site.publishing import trash
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "white").save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("dossier.pdf", PDF, content_type="application/pdf")


def test_the_old_file_answers_404_after_replacement(media):
    item = make_news_item(attachment=pdf())
    old_url = item.attachment.url
    anonymous = Client()
    assert anonymous.get(old_url).status_code == 200

    item.attachment = pdf()
    item.save()
    assert item.attachment.url != old_url
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(item.attachment.url).status_code == 200
    # Kept privately, for the history's reverts: staff still get it.
    assert (media / old_url.removeprefix("/media/")).exists()
    assert client_for(make_staff(REVIEWER)).get(old_url).status_code == 200


def test_a_cleared_file_answers_404(media):
    item = make_news_item(attachment=pdf())
    url = item.attachment.url
    item.attachment = ""
    item.save()
    assert Client().get(url).status_code == 404


def test_an_unpublished_items_files_answer_404_to_the_public(media):
    draft = make_news_item(
        status=PublicationStatus.DRAFT, publish_from=None, attachment=pdf(), image=jpeg(), image_alt_fr="Photo"
    )
    anonymous = Client()
    assert anonymous.get(draft.attachment.url).status_code == 404
    assert anonymous.get(draft.image.url).status_code == 404
    made = image_renditions(draft.image)
    assert made
    assert anonymous.get(made[0].url).status_code == 404
    assert client_for(make_staff(REVIEWER)).get(draft.attachment.url).status_code == 200

    draft.status = PublicationStatus.PUBLISHED
    draft.publish_from = draft.created
    draft.save()
    assert anonymous.get(draft.attachment.url).status_code == 200
    assert anonymous.get(made[0].url).status_code == 200


def test_a_trashed_items_file_answers_404_and_emptying_deletes_it(media, django_capture_on_commit_callbacks):
    item = make_news_item(attachment=pdf())
    url = item.attachment.url
    reviewer = make_staff(REVIEWER)
    trash.move_to_trash(obj=item, user=reviewer)
    assert Client().get(url).status_code == 404
    assert not is_public_file(item.attachment.name)

    with django_capture_on_commit_callbacks(execute=True):
        trash.purge(obj=item, user=reviewer)
    assert not (media / item.attachment.name).exists()


def test_a_file_name_nobody_refers_to_is_not_served(media):
    (media / "news").mkdir()
    (media / "news" / "stray.pdf").write_bytes(PDF)
    assert Client().get("/media/news/stray.pdf").status_code == 404
