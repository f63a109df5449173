"""Content safety in the admin (issue 11): drafts of live items (observation 2), complete revert (observation 3)
and edit conflicts (observation 4).

A centre editor's edit of a published item is a draft: the public page, feed, sitemap and API keep the published
values until a reviewer publishes it, at once or at a date. A revert restores the version's links and names those
that are gone. A save based on a stale version is refused, with what the other person changed, and the input kept.
"""

import datetime

import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from research.models import Trial
from tests.admin.conftest import client_for
from tests.admin.test_centre_scoping import _news_data
from tests.admin.test_import_export import CSV_FORMAT, as_file, import_file
from tests.factories import make_certification
from unicancer_site.accounts.roles import CENTRE_EDITOR, FEDERATION_EDITOR, REVIEWER
from unicancer_site.news.models import NewsItem, PressContact
from unicancer_site.publishing import revisions, services
from unicancer_site.publishing.models import PublicationStatus, Revision, RevisionStatus, WorkflowTransition

HOUR = datetime.timedelta(hours=1)


def _live(world, staff):
    """Centre A's news item, published by a reviewer (live since now)."""
    news = world.a.news
    services.publish(obj=news, user=staff[REVIEWER])
    news.refresh_from_db()
    return news


def _change_url(news):
    return reverse("admin:news_newsitem_change", args=[news.pk])


def _form_data(client, news, **overrides):
    """The change form's data as the page shows it (version token included), with ``overrides``."""
    form = client.get(_change_url(news)).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in _news_data()}
    data["centres"] = [getattr(centre, "pk", centre) for centre in form.initial["centres"]]
    data["certifications"] = [getattr(item, "pk", item) for item in form.initial["certifications"]]
    data["press_contact"] = form.initial.get("press_contact") or ""
    data["version_token"] = form.initial["version_token"]
    for name in ("publish_from", "publish_until"):
        if name in form.fields and form.initial.get(name):
            moment = timezone.localtime(form.initial[name])
            data[f"{name}_0"], data[f"{name}_1"] = moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")
    data.update(overrides)
    return data


def _public_titles(news) -> dict[str, str]:
    """What the public reads of the site's news, by channel."""
    public = Client()
    return {
        "page": public.get(news.get_absolute_url()).content.decode(),
        "feed": public.get(reverse("news:feed_rss")).content.decode(),
        "api": public.get("/api/v1/news/").content.decode(),
        "sitemap": public.get("/sitemap.xml").content.decode(),
    }


# -- observation 2: drafts of live items


def test_a_centre_editors_edit_of_a_live_item_is_a_draft_until_a_reviewer_publishes_it(world, staff):
    news = _live(world, staff)
    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.post(_change_url(news), _form_data(editor, news, title_fr="Titre en attente de relecture"))
    assert response.status_code == 302

    news.refresh_from_db()
    assert news.title_fr == "Actualité A"  # the row the public reads is untouched
    for channel, text in _public_titles(news).items():
        assert "Titre en attente de relecture" not in text, channel
    assert "Actualité A" in _public_titles(news)["page"]
    revision = Revision.objects.for_object(news).get()
    assert (revision.status, revision.author, revision.data["title_fr"]) == (
        RevisionStatus.DRAFT,
        staff[CENTRE_EDITOR],
        "Titre en attente de relecture",
    )

    # The form says a draft is pending, shows what differs, and edits the draft.
    page = editor.get(_change_url(news))
    assert page.context["draft"] == revision
    assert [(c.field, c.old, c.new) for c in page.context["draft_changes"]] == [
        ("Title (French)", "Actualité A", "Titre en attente de relecture")
    ]
    assert page.context["adminform"].form.initial["title_fr"] == "Titre en attente de relecture"
    assert "A draft is pending" in page.content.decode()
    assert [action for action, _label in page.context["draft_actions"]] == ["submit_draft", "discard_draft"]

    # The preview shows the draft; the public page still the published title.
    preview = editor.get(reverse("admin:preview", args=["news", "newsitem", news.pk]))
    assert "Titre en attente de relecture" in preview.content.decode()
    assert "pending draft of a published item" in preview.content.decode()

    workflow_url = reverse("admin:news_newsitem_workflow", args=[news.pk])
    editor.post(workflow_url, {"workflow_action": "submit_draft"})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW
    # The centre editor may not publish the draft.
    editor.post(workflow_url, {"workflow_action": "publish_draft"})
    news.refresh_from_db()
    assert news.title_fr == "Actualité A"

    reviewer = client_for(staff[REVIEWER])
    reviewer.post(workflow_url, {"workflow_action": "publish_draft", "comment": "Relu"})
    news.refresh_from_db()
    revision.refresh_from_db()
    assert news.title_fr == "Titre en attente de relecture"
    assert news.status == PublicationStatus.PUBLISHED
    assert (revision.status, revision.decided_by) == (RevisionStatus.PUBLISHED, staff[REVIEWER])
    titles = _public_titles(news)
    for channel in ("page", "feed", "api"):
        assert "Titre en attente de relecture" in titles[channel], channel
    latest = news.history.order_by("-history_id").first()
    assert (latest.title_fr, latest.history_user, latest.history_change_reason) == (
        "Titre en attente de relecture",
        staff[REVIEWER],
        "Relu",
    )
    assert WorkflowTransition.objects.for_object(news).first().comment == "Relu"


def test_a_drafts_links_stay_out_of_the_live_item_until_published(world, staff):
    news = _live(world, staff)
    certification = world.a.certification
    editor = client_for(staff[CENTRE_EDITOR])
    data = _form_data(editor, news, certifications=[certification.pk])
    assert editor.post(_change_url(news), data).status_code == 302
    assert list(news.certifications.all()) == []
    revision = revisions.pending_revision(news)
    assert revision.data["certifications"] == [certification.pk]
    revisions.publish_revision(revision=revision, user=staff[FEDERATION_EDITOR])
    assert list(news.certifications.all()) == [certification]


def test_a_publisher_still_saves_a_live_item_directly(world, staff):
    news = _live(world, staff)
    reviewer = client_for(staff[FEDERATION_EDITOR])
    assert reviewer.post(_change_url(news), _form_data(reviewer, news, title_fr="Corrigé")).status_code == 302
    news.refresh_from_db()
    assert news.title_fr == "Corrigé"
    assert not Revision.objects.exists()


def test_a_publishers_save_of_the_form_showing_a_draft_publishes_it(world, staff):
    news = _live(world, staff)
    editor = client_for(staff[CENTRE_EDITOR])
    editor.post(_change_url(news), _form_data(editor, news, title_fr="Proposé"))
    publisher = client_for(staff[FEDERATION_EDITOR])
    data = _form_data(publisher, news)
    assert data["title_fr"] == "Proposé"  # the form shows the draft
    assert publisher.post(_change_url(news), data).status_code == 302
    news.refresh_from_db()
    assert news.title_fr == "Proposé"
    assert Revision.objects.get().status == RevisionStatus.PUBLISHED


def test_an_unpublished_items_edit_is_saved_directly(world, staff):
    news = world.a.news  # a draft: not public, nothing to protect
    editor = client_for(staff[CENTRE_EDITOR])
    assert editor.post(_change_url(news), _form_data(editor, news, title_fr="Brouillon corrigé")).status_code == 302
    news.refresh_from_db()
    assert news.title_fr == "Brouillon corrigé"
    assert not Revision.objects.exists()


def test_a_scheduled_draft_goes_live_at_its_date_by_the_cron_command(world, staff, frozen_now):
    with time_machine.travel(frozen_now, tick=False):
        news = _live(world, staff)
        editor = client_for(staff[CENTRE_EDITOR])
        editor.post(_change_url(news), _form_data(editor, news, title_fr="Titre de demain"))
        go_live = timezone.localtime(frozen_now + 2 * HOUR)
        response = client_for(staff[REVIEWER]).post(
            reverse("admin:news_newsitem_workflow", args=[news.pk]),
            {"workflow_action": "publish_draft", "go_live_at": go_live.strftime("%Y-%m-%dT%H:%M")},
        )
        assert response.status_code == 302
        revision = Revision.objects.get()
        assert (revision.status, revision.go_live_at) == (RevisionStatus.SCHEDULED, frozen_now + 2 * HOUR)
        call_command("publish_due_revisions", verbosity=0)
        news.refresh_from_db()
        assert news.title_fr == "Actualité A"
    with time_machine.travel(frozen_now + 2 * HOUR + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_due_revisions", verbosity=0)
        news.refresh_from_db()
        assert news.title_fr == "Titre de demain"
        assert "Titre de demain" in Client().get(news.get_absolute_url()).content.decode()
        revision.refresh_from_db()
        assert revision.status == RevisionStatus.PUBLISHED
        assert news.history.order_by("-history_id").first().history_user == staff[REVIEWER]


def test_opening_the_form_publishes_a_due_draft_even_without_cron(world, staff, frozen_now):
    with time_machine.travel(frozen_now, tick=False):
        news = _live(world, staff)
        revision = revisions.save_draft(
            obj=news, user=staff[CENTRE_EDITOR], data={**revisions.serialize(news), "title_fr": "Programmé"}
        )
        revisions.publish_revision(revision=revision, user=staff[REVIEWER], at=frozen_now + HOUR)
    with time_machine.travel(frozen_now + 2 * HOUR, tick=False):
        page = client_for(staff[CENTRE_EDITOR]).get(_change_url(news))
        assert "draft" not in page.context
        news.refresh_from_db()
        assert news.title_fr == "Programmé"


def test_a_bad_go_live_date_is_a_message_not_an_error(world, staff):
    news = _live(world, staff)
    revisions.save_draft(obj=news, user=staff[CENTRE_EDITOR], data={**revisions.serialize(news), "title_fr": "X"})
    response = client_for(staff[REVIEWER]).post(
        reverse("admin:news_newsitem_workflow", args=[news.pk]),
        {"workflow_action": "publish_draft", "go_live_at": "demain matin"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Enter the go-live date as a date and a time." in response.content.decode()
    assert Revision.objects.get().status == RevisionStatus.DRAFT


def test_bulk_publish_publishes_a_live_items_draft(world, staff):
    news = _live(world, staff)
    editor = client_for(staff[CENTRE_EDITOR])
    editor.post(_change_url(news), _form_data(editor, news, title_fr="Par lot"))
    changelist = reverse("admin:news_newsitem_changelist")
    editor.post(changelist, {"action": "send_to_review_selected", "_selected_action": [news.pk], "post": "yes"})
    assert Revision.objects.get().status == RevisionStatus.IN_REVIEW
    client_for(staff[REVIEWER]).post(
        changelist, {"action": "publish_selected", "_selected_action": [news.pk], "post": "yes"}
    )
    news.refresh_from_db()
    assert news.title_fr == "Par lot"


# -- observation 3: complete revert


def test_revert_restores_the_versions_links_and_is_a_draft_for_a_centre_editor(world, staff):
    news = world.a.news  # centres [A]
    federation = client_for(staff[FEDERATION_EDITOR])
    version_a = news.history.order_by("-history_id").first()
    assert (
        federation.post(
            _change_url(news), _form_data(federation, news, centres=[world.a.centre.pk, world.b.centre.pk])
        ).status_code
        == 302
    )
    assert set(news.centres.all()) == {world.a.centre, world.b.centre}

    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version_a.history_id])
    form = federation.get(url).context["adminform"].form
    assert [centre.pk for centre in form.initial["centres"]] == [world.a.centre.pk]  # the version's, not today's
    data = _news_data(slug=news.slug, title_fr=news.title_fr, centres=[world.a.centre.pk])
    assert federation.post(url, data).status_code == 302
    assert list(news.centres.all()) == [world.a.centre]

    # The same revert by a centre editor of a live item is a draft.
    services.publish(obj=news, user=staff[REVIEWER])
    federation.post(_change_url(news), _form_data(federation, news, title_fr="Titre modifié"))
    editor = client_for(staff[CENTRE_EDITOR])
    assert (
        editor.post(url, _news_data(slug=news.slug, title_fr="Actualité A", centres=[world.a.centre.pk])).status_code
        == 302
    )
    news.refresh_from_db()
    assert news.title_fr == "Titre modifié"
    revision = revisions.pending_revision(news)
    assert revision.data["title_fr"] == "Actualité A"
    assert revision.comment == f"Reverted to version {version_a.history_id}"


def test_the_revert_form_names_the_linked_objects_deleted_since(world, staff):
    news = world.a.news
    contact = PressContact.objects.create(name="Contact supprimé", email="x@example.org")
    certification = make_certification(centre=world.a.centre, source=world.source)
    federation = client_for(staff[FEDERATION_EDITOR])
    data = _form_data(federation, news, press_contact=contact.pk, certifications=[certification.pk])
    assert federation.post(_change_url(news), data).status_code == 302
    version = news.history.order_by("-history_id").first()
    assert (
        federation.post(
            _change_url(news), _form_data(federation, news, press_contact="", certifications=[])
        ).status_code
        == 302
    )
    contact_id, certification_id = contact.pk, certification.pk
    contact.delete()
    certification.delete()

    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    page = federation.get(url)
    assert page.status_code == 200
    missing = page.context["revert_missing"]
    assert f"press contact: the press contact no. {contact_id} no longer exists; it will not be restored." in missing
    assert (
        f"certifications: the certification decision no. {certification_id} no longer exists; it will not be "
        "restored." in missing
    )
    assert "have since been deleted" in page.content.decode()


# -- observation 4: edit conflicts


def test_a_save_based_on_a_stale_version_is_refused_and_keeps_both_peoples_input(world, staff):
    news = world.a.news
    first, second = client_for(staff[FEDERATION_EDITOR]), client_for(staff[CENTRE_EDITOR])
    first_data = _form_data(first, news, title_fr="Titre de la première")
    second_data = _form_data(second, news, summary_fr="Résumé de la seconde")

    assert first.post(_change_url(news), first_data).status_code == 302
    response = second.post(_change_url(news), second_data)
    assert response.status_code == 200  # refused, the form again
    news.refresh_from_db()
    assert (news.title_fr, news.summary_fr) == ("Titre de la première", "")
    form = response.context["adminform"].form
    assert "Someone else saved this item after you opened it" in " ".join(form.non_field_errors())
    assert [(c.field, c.old, c.new) for c in form.conflict_changes] == [
        ("Title (French)", "Actualité A", "Titre de la première")
    ]
    content = response.content.decode()
    assert "Résumé de la seconde" in content  # the second person's input is still in the form
    assert "Titre de la première" in content  # and what the first one changed is shown

    # Saving again, having read the changes, is a deliberate choice: it goes through.
    again = {**second_data, "version_token": form["version_token"].value(), "title_fr": "Titre de la première"}
    assert second.post(_change_url(news), again).status_code == 302
    news.refresh_from_db()
    assert (news.title_fr, news.summary_fr) == ("Titre de la première", "Résumé de la seconde")


def test_saving_the_refused_form_as_it_is_keeps_the_other_persons_change(world, staff):
    """The refused form shows the other person's value in the fields its user had not touched: saving it again
    as it stands keeps both changes (a second save once put the old summary back over the first person's)."""
    news = world.a.news
    first, second = client_for(staff[FEDERATION_EDITOR]), client_for(staff[CENTRE_EDITOR])
    first_data = _form_data(first, news, summary_fr="Résumé de la première")
    second_data = _form_data(second, news, title_fr="Titre de la seconde")
    assert first.post(_change_url(news), first_data).status_code == 302
    form = second.post(_change_url(news), second_data).context["adminform"].form
    assert (form["title_fr"].value(), form["summary_fr"].value()) == ("Titre de la seconde", "Résumé de la première")
    again = {key: form.data.getlist(key) for key in form.data}
    assert second.post(_change_url(news), again).status_code == 302
    news.refresh_from_db()
    assert (news.title_fr, news.summary_fr) == ("Titre de la seconde", "Résumé de la première")


def test_a_stale_draft_save_is_refused_too(world, staff):
    news = _live(world, staff)
    one = client_for(staff[CENTRE_EDITOR])
    stale = _form_data(one, news, title_fr="Seconde proposition")
    assert one.post(_change_url(news), _form_data(one, news, title_fr="Première proposition")).status_code == 302
    response = one.post(_change_url(news), stale)
    assert response.status_code == 200
    assert [(c.field, c.old, c.new) for c in response.context["adminform"].form.conflict_changes] == [
        ("Title (French)", "Actualité A", "Première proposition")
    ]
    assert revisions.pending_revision(news).data["title_fr"] == "Première proposition"


def test_an_unchanged_version_saves_without_conflict(world, staff):
    news = world.a.news
    editor = client_for(staff[CENTRE_EDITOR])
    assert editor.post(_change_url(news), _form_data(editor, news, title_fr="Un")).status_code == 302
    assert editor.post(_change_url(news), _form_data(editor, news, title_fr="Deux")).status_code == 302
    assert NewsItem.objects.get(pk=news.pk).title_fr == "Deux"


def test_a_forged_version_token_is_no_error(world, staff):
    news = world.a.news
    editor = client_for(staff[CENTRE_EDITOR])
    response = editor.post(_change_url(news), _form_data(editor, news, title_fr="Forgé", version_token="abc"))
    assert response.status_code == 302


# -- import: a live item updated by a centre editor's spreadsheet becomes a draft


def test_a_centre_editors_import_of_a_live_item_makes_a_draft(world, staff):
    news = _live(world, staff)
    headers = ["slug", "kind", "title_fr", "title_en", "summary_fr", "summary_en", "body_fr", "body_en", "centres"]
    rows = [[news.slug, news.kind, "Importé", "", "", "", "<p>Texte</p>", "", world.a.centre.slug]]
    client = client_for(staff[CENTRE_EDITOR])
    preview = import_file(client, "news_newsitem", as_file(headers, rows, CSV_FORMAT), CSV_FORMAT)
    assert preview.context.get("confirm_form") is not None  # no row error: the import was confirmed
    news.refresh_from_db()
    assert news.title_fr == "Actualité A"  # the public's row is untouched
    revision = revisions.pending_revision(news)
    assert (revision.author, revision.data["title_fr"], revision.comment) == (
        staff[CENTRE_EDITOR],
        "Importé",
        "Imported from a spreadsheet",
    )
    assert revision.data["centres"] == [world.a.centre.pk]


def test_a_live_items_draft_in_review_is_on_the_reviewers_dashboard(world, staff):
    news = _live(world, staff)
    revision = revisions.save_draft(
        obj=news, user=staff[CENTRE_EDITOR], data={**revisions.serialize(news), "title_fr": "À relire"}
    )
    reviewer = client_for(staff[REVIEWER])
    assert news not in [item["obj"] for item in reviewer.get(reverse("admin:index")).context["dashboard"]["in_review"]]
    revisions.submit_revision(revision=revision, user=staff[CENTRE_EDITOR])
    waiting = reviewer.get(reverse("admin:index")).context["dashboard"]["in_review"]
    assert [(item["obj"], item["url"]) for item in waiting] == [(news, _change_url(news))]


def test_a_file_uploaded_with_a_draft_is_stored_and_goes_live_with_it(world, staff, settings, tmp_path):
    from tests.admin.test_uploads import PDF, upload

    settings.MEDIA_ROOT = tmp_path
    news = _live(world, staff)
    editor = client_for(staff[CENTRE_EDITOR])
    data = _form_data(editor, news, attachment=upload("rapport.pdf", PDF))
    assert editor.post(_change_url(news), data).status_code == 302
    news.refresh_from_db()
    assert not news.attachment  # the live item has no file yet
    stored = revisions.pending_revision(news).data["attachment"]
    assert stored.startswith("news/attachments/") and stored.endswith(".pdf")
    assert (tmp_path / stored).read_bytes() == PDF
    revisions.publish_revision(revision=revisions.pending_revision(news), user=staff[REVIEWER])
    news.refresh_from_db()
    assert news.attachment.name == stored


def _page_post_data(response) -> dict:
    """What the browser would post back from an admin change page as it stands: the form and its inlines."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        for name, field in formset.management_form.fields.items():
            data[formset.management_form.add_prefix(name)] = formset.management_form.initial.get(name, field.initial)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [getattr(item, "pk", item) for item in value]
            elif hasattr(value, "isoformat") and hasattr(value, "hour"):
                local = timezone.localtime(value)
                data[f"{key}_0"], data[f"{key}_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
            elif hasattr(value, "isoformat"):
                data[key] = value.isoformat()
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    return data


def test_a_research_editors_edit_of_a_live_trial_is_a_draft(world, staff):
    from unicancer_site.accounts.roles import RESEARCH_EDITOR

    trial = world.a.trial
    services.publish(obj=trial, user=staff[REVIEWER])
    trial.refresh_from_db()
    live_title = trial.title_fr
    editor = client_for(staff[RESEARCH_EDITOR])
    url = reverse("admin:research_trial_change", args=[trial.pk])
    data = _page_post_data(editor.get(url))
    data["title_fr"] = "Titre d’essai proposé"
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    trial.refresh_from_db()
    assert trial.title_fr == live_title
    assert revisions.pending_revision(trial).data["title_fr"] == "Titre d’essai proposé"
    assert editor.get(url).context["adminform"].form.initial["title_fr"] == "Titre d’essai proposé"


def test_what_the_site_keeps_for_itself_is_never_told_as_a_change():
    """A conflict or a draft's differences list what editors edit, never the search document nor the trash's marks
    (a stale save once showed "Search document" and a wall of stems)."""
    from unicancer_site.news.models import NewsItem
    from unicancer_site.publishing.revisions import describe_changes, draft_field_names

    assert {"search_document", "search_vector", "trashed_at", "trashed_by"}.isdisjoint(draft_field_names(NewsItem))
    assert describe_changes(NewsItem, {"search_document": " a:a "}, {"search_document": " b:a "}) == []


def test_an_import_onto_a_pending_draft_keeps_the_drafts_other_changes(world, staff):
    """An import changing the title of an item whose draft already changes its summary: the new draft has both
    (the import's change, and the draft's own), never the live summary back."""
    news = _live(world, staff)
    revisions.save_draft(
        obj=news, user=staff[CENTRE_EDITOR], data={**revisions.serialize(news), "summary_fr": "Résumé du brouillon"}
    )
    headers = ["slug", "kind", "title_fr", "title_en", "summary_fr", "summary_en", "body_fr", "body_en", "centres"]
    rows = [
        [news.slug, news.kind, "Titre importé", news.title_en, news.summary_fr, news.summary_en, news.body_fr,
         news.body_en, world.a.centre.slug]
    ]  # fmt: skip
    client = client_for(staff[CENTRE_EDITOR])
    preview = import_file(client, "news_newsitem", as_file(headers, rows, CSV_FORMAT), CSV_FORMAT)
    assert preview.context.get("confirm_form") is not None
    draft = revisions.pending_revision(news).data
    assert (draft["title_fr"], draft["summary_fr"]) == ("Titre importé", "Résumé du brouillon")


def test_a_research_editors_change_to_a_live_trials_centres_is_refused_with_their_input_kept(world, staff):
    """The inline rows (participating centres, their recruitment status) are not part of a draft: changed on a
    live trial by someone who may not publish, they would reach the public unreviewed, so the save is refused."""
    from research.models import RecruitmentStatus, TrialCentre
    from unicancer_site.accounts.roles import RESEARCH_EDITOR

    trial = world.a.trial
    services.publish(obj=trial, user=staff[REVIEWER])
    live_title = Trial.objects.get(pk=trial.pk).title_fr
    editor = client_for(staff[RESEARCH_EDITOR])
    url = reverse("admin:research_trial_change", args=[trial.pk])
    data = _page_post_data(editor.get(url))
    data["title_fr"] = "Titre d’essai proposé"
    [status_key] = [key for key in data if key.endswith("-recruitment_status")]
    data[status_key] = RecruitmentStatus.COMPLETED
    response = editor.post(url, data)
    assert response.status_code == 200
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert "would reach the public without a review" in " ".join(formset.non_form_errors())
    assert response.context["adminform"].form["title_fr"].value() == "Titre d’essai proposé"
    assert formset.forms[0]["recruitment_status"].value() == RecruitmentStatus.COMPLETED
    # Nothing was saved: neither the row the public reads, nor its centres, nor a draft.
    assert Trial.objects.get(pk=trial.pk).title_fr == live_title
    assert TrialCentre.objects.get(pk=world.a.participation.pk).recruitment_status == RecruitmentStatus.RECRUITING
    assert revisions.pending_revision(trial) is None


def test_a_publishers_change_to_a_live_trials_centres_is_saved(world, staff):
    from research.models import RecruitmentStatus, TrialCentre

    trial = world.a.trial
    services.publish(obj=trial, user=staff[REVIEWER])
    editor = client_for(staff[FEDERATION_EDITOR])
    url = reverse("admin:research_trial_change", args=[trial.pk])
    data = _page_post_data(editor.get(url))
    [status_key] = [key for key in data if key.endswith("-recruitment_status")]
    data[status_key] = RecruitmentStatus.COMPLETED
    assert editor.post(url, data).status_code == 302
    assert TrialCentre.objects.get(pk=world.a.participation.pk).recruitment_status == RecruitmentStatus.COMPLETED


def test_a_revert_based_on_a_stale_view_is_refused_like_a_stale_change_form(world, staff):
    news = world.a.news
    version = news.history.order_by("-history_id").first()
    reverter, editor = client_for(staff[FEDERATION_EDITOR]), client_for(staff[CENTRE_EDITOR])
    url = reverse("admin:news_newsitem_simple_history", args=[news.pk, version.history_id])
    page = reverter.get(url)
    token = page.context["adminform"].form.initial["version_token"]
    assert f'name="version_token" value="{token}"' in page.content.decode()  # sent back with the revert
    assert editor.post(_change_url(news), _form_data(editor, news, title_fr="Titre du centre")).status_code == 302

    data = _news_data(slug=news.slug, title_fr="Actualité A", centres=[world.a.centre.pk], version_token=token)
    response = reverter.post(url, data)
    assert response.status_code == 200  # refused, the revert form again
    assert NewsItem.objects.get(pk=news.pk).title_fr == "Titre du centre"  # the other person's change is kept
    form = response.context["adminform"].form
    assert "Someone else saved this item after you opened it" in " ".join(form.non_field_errors())
    assert [(c.field, c.old, c.new) for c in form.conflict_changes] == [
        ("Title (French)", "Actualité A", "Titre du centre")
    ]
    assert 'id="edit-conflict"' in response.content.decode()

    # Reverting again, having read it, goes through.
    again = {**data, "version_token": form["version_token"].value()}
    assert reverter.post(url, again).status_code == 302
    assert NewsItem.objects.get(pk=news.pk).title_fr == "Actualité A"
