"""Text with control characters (Word's soft line break, U+000B) saved through the admin, an import or a
workflow comment is stored without them, so the feeds and the XLSX exports that show it keep working."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from research.models import Trial
from tests.admin.conftest import SUPERUSER, client_for, export_rows
from tests.admin.test_centre_scoping import _news_data
from tests.admin.test_import_export import CSV_FORMAT, TRIAL_HEADERS, XLSX_FORMAT, as_file, import_file
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, RESEARCH_EDITOR
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing.models import PublicationStatus, WorkflowTransition

FEEDS = ["news:feed_rss", "news:feed_atom", "news:press_feed_rss", "news:press_feed_atom"]


def test_a_news_title_with_a_vertical_tab_keeps_the_feeds_working(world, staff):
    client = client_for(staff[SUPERUSER])
    data = _news_data(
        kind="press_release",
        title_fr="Premier titre\x0bsur deux lignes",
        summary_fr="Un résumé\x0bcollé de Word",
        centres=[world.a.centre.pk],
    )
    response = client.post(reverse("admin:news_newsitem_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = NewsItem.objects.get(slug=data["slug"])
    assert item.title_fr == "Premier titre sur deux lignes"
    assert item.summary_fr == "Un résumé\ncollé de Word"
    # Published now, so that the feeds show it.
    NewsItem.objects.filter(pk=item.pk).update(status=PublicationStatus.PUBLISHED, publish_from=timezone.now())
    for name in FEEDS:
        for language in ("fr", "en"):
            with translation.override(language):
                feed = client.get(reverse(name))
            assert feed.status_code == 200, name
            assert "Premier titre sur deux lignes" in feed.content.decode()


def test_imported_text_is_stored_without_control_characters_and_exports_to_xlsx(world, staff):
    rows = [["import-vt", "IMPORT-VT", "Essai\x0bimporté", "trial", "", "", "", ""]]
    client = client_for(staff[RESEARCH_EDITOR])
    import_file(client, "research_trial", as_file(TRIAL_HEADERS, rows, CSV_FORMAT), CSV_FORMAT)
    assert Trial.objects.get(slug="import-vt").title_fr == "Essai importé"
    export_rows(client, reverse("admin:research_trial_export"), XLSX_FORMAT)


def test_a_workflow_comment_is_stored_without_control_characters(world, staff):
    news = world.a.news
    response = client_for(staff[CENTRE_EDITOR]).post(
        reverse("admin:news_newsitem_workflow", args=[news.pk]),
        {"workflow_action": "send_to_review", "comment": "Relu\x0bpar\x00moi"},
    )
    assert response.status_code == 302
    assert WorkflowTransition.objects.for_object(news).first().comment == "Relu\nparmoi"


def test_text_is_cleaned_before_it_is_validated(world):
    """A value that breaks a constraint once cleaned is a validation error, never an IntegrityError (a 500)."""
    from django.core.exceptions import ValidationError

    from centres.models import Centre
    from unicancer_site.news.models import PressContact

    taken = world.a.centre.name
    twin = Centre(slug="twin-by-control-character", name=taken.replace(" ", "\x0b", 1), kind=world.a.centre.kind)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "name" in refused.value.message_dict
    assert twin.name == taken
    with pytest.raises(ValidationError) as refused:
        PressContact(name="Sans moyen de contact", phone="\x01").full_clean()
    assert "Give an email address or a phone number." in str(refused.value)


def test_admin_form_refuses_a_value_that_cleaning_empties(world, staff):
    """A phone made only of a control character is no phone: the form says so (it was a 500)."""
    from unicancer_site.news.models import PressContact

    client = client_for(staff[FEDERATION_EDITOR])
    data = {"name": "Contact sans moyen", "role": "", "organisation": "", "email": "", "phone": "\x01"}
    response = client.post(reverse("admin:news_presscontact_add"), data)
    assert response.status_code == 200
    assert "Give an email address or a phone number." in response.content.decode()
    assert not PressContact.objects.filter(name="Contact sans moyen").exists()
