"""The README's role × action table ("Staff editing"), checked cell by cell against the running admin.

The table is parsed from README.md; each cell names the kinds of published content (news, trials, pages, or
"all") the role may act on, "(own centres)" when only their centres' items (another centre's answers 404), or "—".
Deleting and asking for a withdrawal also depend on the item's state ("not published", "not shared", "published",
"published or shared"): each condition is tried on a fresh item that meets it and on one that does not. "edit a
published item" says what the edit does: it "goes live at once" or "makes a draft" (the public keeps the published
version). Each action has a check below that does what a person does in the admin, through the test client.
"""

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib import auth
from django.urls import NoReverseMatch, reverse

from research.models import RecruitmentStatus, TrialCentre
from tests.admin.conftest import SUPERUSER, client_for
from tests.factories import make_news_item, make_page, make_trial
from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    ROLES,
)
from unicancer_site.publishing import services, trash
from unicancer_site.publishing.models import PublicationStatus, WithdrawalRequest
from unicancer_site.publishing.revisions import pending_revision

README = Path(__file__).resolve().parents[2] / "README.md"
TABLE_MARK = "<!-- role-action-table"
KINDS = ("news", "trials", "pages")
ROW_ROLES = {"Superuser": SUPERUSER, **{role: role for role in ROLES}}


def read_table() -> dict[str, dict[str, str]]:
    """{role: {action: cell}} from the README's table (the one after the ``role-action-table`` mark)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(TABLE_MARK))
    rows = []
    for line in lines[start + 1 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _separator, *body = rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


CELL = re.compile(r"^(?P<what>[a-z, ]+?)(?: \((?P<qualifier>[^)]*)\))?$")


def parse_cell(cell: str) -> tuple[set[str], str]:
    """("news, trials (own centres)") -> ({"news", "trials"}, "own centres"); "—" -> (set(), "")."""
    cell = cell.strip()
    if cell in ("—", ""):
        return set(), ""
    match = CELL.match(cell)
    assert match, f"unreadable cell {cell!r}"
    what = {part.strip() for part in match["what"].split(",")}
    if what == {"all"}:
        what = set(KINDS)
    return what, match["qualifier"] or ""


# -- the objects each check acts on


def _item(world, kind, own=True):
    side = world.a if own else world.b
    return {"news": side.news, "trials": side.trial, "pages": world.page}[kind]


def _admin_url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _set_status(obj, status):
    type(obj)._default_manager.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()


def _publish(obj, staff):
    services.publish(obj=obj, user=staff[SUPERUSER])
    obj.refresh_from_db()


# -- one check per action: was it allowed?


def can_view(client, world, staff, kind, obj):
    return client.get(_admin_url(obj, "change", obj.pk)).status_code == 200


def can_create(client, world, staff, kind, obj):
    return client.get(_admin_url(obj, "add")).status_code == 200


def can_edit(client, world, staff, kind, obj):
    response = client.get(_admin_url(obj, "change", obj.pk))
    return response.status_code == 200 and bool(response.context["has_change_permission"])


def _workflow(client, obj, action):
    return client.post(_admin_url(obj, "workflow", obj.pk), {"workflow_action": action})


def can_send_to_review(client, world, staff, kind, obj):
    _set_status(obj, PublicationStatus.DRAFT)
    _workflow(client, obj, "send_to_review")
    obj.refresh_from_db()
    return obj.status == PublicationStatus.IN_REVIEW


def can_publish(client, world, staff, kind, obj):
    _set_status(obj, PublicationStatus.IN_REVIEW)
    _workflow(client, obj, "publish")
    obj.refresh_from_db()
    published = obj.status == PublicationStatus.PUBLISHED
    # Refusing is the same right as publishing.
    _set_status(obj, PublicationStatus.IN_REVIEW)
    _workflow(client, obj, "refuse")
    obj.refresh_from_db()
    refused = obj.status == PublicationStatus.DRAFT
    assert published == refused, "publish and refuse go together"
    return published


def can_unpublish(client, world, staff, kind, obj):
    _publish(obj, staff)
    _workflow(client, obj, "unpublish")
    obj.refresh_from_db()
    return obj.status == PublicationStatus.UNPUBLISHED


def _resubmit(client, url, **changes):
    """POST the admin change form at ``url`` as it is shown, with ``changes``; the response."""
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if name in changes:
            data[name] = changes[name]
        elif isinstance(bound.field, forms.FileField):  # a file not sent again is kept
            continue
        elif value is None or value is False:
            continue
        elif value is True:
            data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        else:
            widget = bound.field.widget
            if hasattr(widget, "widgets"):  # a split date and time
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            else:
                data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                data[f"{formset.prefix}-{index}-{name}"] = "on" if value is True else value
    return client.post(url, data)


GOES_LIVE = "goes live at once"
MAKES_DRAFT = "makes a draft"
EDIT_OUTCOMES = (GOES_LIVE, MAKES_DRAFT)
NEW_TITLE = "Titre modifié en ligne"


def edit_of_published_item(client, world, staff, kind, obj):
    """What saving the change form of a live ``obj`` with a new title does: ``GOES_LIVE`` (the public page shows
    it), ``MAKES_DRAFT`` (the public page keeps the published title, a pending draft holds the new one) or None
    (the form refuses the edit)."""
    if not can_edit(client, world, staff, kind, obj):
        return None
    if obj.status != PublicationStatus.PUBLISHED:
        _publish(obj, staff)
    public = obj.get_absolute_url()
    old_title = obj.title_fr
    assert old_title in client.get(public).content.decode()
    response = _resubmit(client, _admin_url(obj, "change", obj.pk), title_fr=NEW_TITLE)
    if response.status_code != 302:
        return None
    shown = client.get(public).content.decode()
    obj.refresh_from_db()
    if NEW_TITLE in shown and obj.title_fr == NEW_TITLE:
        assert pending_revision(obj) is None
        return GOES_LIVE
    assert old_title in shown and obj.title_fr == old_title, "neither live nor kept"
    draft = pending_revision(obj)
    assert draft is not None and draft.data["title_fr"] == NEW_TITLE
    return MAKES_DRAFT


def moves_to_trash(client, world, staff, kind, obj):
    """The item's "Delete" page, confirmed: the row is kept, in the trash (off the admin's list), not deleted."""
    response = client.post(_admin_url(obj, "delete", obj.pk), {"post": "yes"})
    obj.refresh_from_db()  # never deleted for good
    if obj.trashed_at is None:
        assert response.status_code in (200, 302, 403, 404), response.status_code
        return False
    assert response.status_code == 302
    listed = client.get(_admin_url(obj, "changelist")).context["cl"].queryset
    assert not listed.filter(pk=obj.pk).exists(), "a trashed item left in the admin's list"
    return True


def can_restore(client, world, staff, kind, obj):
    """A publisher moved ``obj`` to the trash; the user's "Restore" on ``/admin/trash/`` brings it back."""
    trash.move_to_trash(obj=obj, user=staff[SUPERUSER])
    client.post(reverse("admin:trash"), {"restore": f"{obj._meta.app_label}.{obj._meta.model_name}.{obj.pk}"})
    obj.refresh_from_db()
    return obj.trashed_at is None


def can_request_withdrawal(client, world, staff, kind, obj):
    """The "Delete" page's "Ask for its withdrawal", with a reason: an open request waits for the publishers."""
    client.post(_admin_url(obj, "delete", obj.pk), {"request_withdrawal": "1", "reason": "Information périmée"})
    requests = WithdrawalRequest.objects.for_object(obj).open()
    return requests.filter(requested_by=staff_user(client)).exists()


def staff_user(client):
    return auth.get_user(client)


def can_import(client, world, staff, kind, obj):
    try:
        url = _admin_url(obj, "import")
    except NoReverseMatch:
        return False
    return client.get(url).status_code == 200


def can_export(client, world, staff, kind, obj):
    try:
        url = _admin_url(obj, "export")
    except NoReverseMatch:
        return False
    return client.get(url).status_code == 200


def can_read_history(client, world, staff, kind, obj):
    return client.get(_admin_url(obj, "history", obj.pk)).status_code == 200


def can_revert(client, world, staff, kind, obj):
    version = obj.history.order_by("-history_id").first()
    response = client.get(_admin_url(obj, "simple_history", obj.pk, version.history_id))
    return response.status_code == 200 and not response.context["revert_disabled"]


def can_unlock(client, world, staff, kind, obj):
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    if response.status_code != 200 or response.context.get("action_form") is None:
        return False
    names = [name for name, _label in response.context["action_form"].fields["action"].choices]
    return "unlock" in names


CHECKS = {
    "view": can_view,
    "create": can_create,
    "edit own centre's item": can_edit,
    "edit any item": can_edit,
    "edit a published item": edit_of_published_item,
    "send to review": can_send_to_review,
    "publish / refuse": can_publish,
    "unpublish": can_unpublish,
    "delete (to the trash)": moves_to_trash,
    "restore from the trash": can_restore,
    "request withdrawal": can_request_withdrawal,
    "import": can_import,
    "export": can_export,
    "read history": can_read_history,
    "revert": can_revert,
    "unlock accounts": can_unlock,
}
# Actions on a kind of content rather than on one item: "(own centres)" limits what they touch (the forms and
# imports refuse another centre's, tests/admin/test_centre_scoping.py), not whether the page opens.
MODEL_ACTIONS = {"create", "import", "export"}
# Actions that are not about a kind of content: their cell is "yes" or "—".
WHOLE_ROLE_ACTIONS = {"unlock accounts"}
# The state of an item on which an action is most likely to be allowed: a role refused there is refused everywhere.
MOST_PERMISSIVE = {"delete (to the trash)": {"published": False}, "request withdrawal": {"published": True}}


def _fresh(world, kind, *, own=True, published=False, shared=False):
    """A new item of ``kind`` linked to centre A (or B), published or a draft, shared with the other centre or not."""
    centre, other = (world.a.centre, world.b.centre) if own else (world.b.centre, world.a.centre)
    status = PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT
    dates = {} if published else {"publish_from": None}
    if kind == "news":
        item = make_news_item(status=status, **dates)
        item.centres.add(centre, *([other] if shared else []))
    elif kind == "trials":
        item = make_trial(status=status, **dates)
        for linked in [centre, *([other] if shared else [])]:
            TrialCentre.objects.create(trial=item, centre=linked, recruitment_status=RecruitmentStatus.RECRUITING)
    else:
        item = make_page(status=status, **dates)
    return item


def _cases():
    table = read_table()
    for row, cells in table.items():
        role = ROW_ROLES[row]
        for action, cell in cells.items():
            if action == "edit a published item":  # test_edit_of_a_published_item, every role at once
                continue
            yield pytest.param(role, action, cell, id=f"{row}-{action}")


def test_the_table_has_every_role_and_every_action():
    table = read_table()
    assert set(table) == set(ROW_ROLES)
    for cells in table.values():
        assert set(cells) == set(CHECKS)
        for cell in cells.values():
            assert cell == "—" or cell in EDIT_OUTCOMES or parse_cell(cell)[0], cell


def test_edit_of_a_published_item(world, staff):
    """The "edit a published item" column: what a save of each kind the role may edit does to the public page."""
    table = read_table()
    for row, cells in table.items():
        role = ROW_ROLES[row]
        outcome = cells["edit a published item"]
        editable, _qualifier = parse_cell(cells["edit own centre's item"])
        client = client_for(staff[role])
        for kind in KINDS:
            got = edit_of_published_item(client, world, staff, kind, _fresh(world, kind, published=True))
            expected = (outcome if outcome != "—" else None) if kind in editable else None
            assert got == expected, f"{row} / edit a published {kind}: the README says {outcome!r}, the admin {got!r}"


@pytest.mark.parametrize(("role", "action", "cell"), list(_cases()))
def test_the_readme_cell_matches_what_the_admin_allows(world, staff, role, action, cell):
    client = client_for(staff[role])
    check = CHECKS[action]
    if action in WHOLE_ROLE_ACTIONS:
        expected = cell != "—"
        obj = _item(world, "news")
        assert check(client, world, staff, "news", obj) is expected, f"{role} / {action}: the README says {cell!r}"
        return
    allowed_kinds, qualifier = parse_cell(cell)
    conditions = {part.strip() for part in qualifier.split(",")} - {""}
    for kind in KINDS:
        expected = kind in allowed_kinds
        if action in MOST_PERMISSIVE:
            _check_item_conditions(client, world, staff, check, kind, expected, conditions, action)
            continue
        if "own centres" in conditions and expected and action not in MODEL_ACTIONS:
            # Their centres' item: allowed; another centre's: refused.
            assert check(client, world, staff, kind, _item(world, kind, own=True)), (role, action, kind, "own")
            assert not check(client, world, staff, kind, _item(world, kind, own=False)), (role, action, kind, "other")
            continue
        own = action != "edit any item"
        obj = _item(world, kind, own=own)
        if action == "edit any item" and role == CENTRE_EDITOR:
            obj = _item(world, kind, own=False)
        got = check(client, world, staff, kind, obj)
        assert got is expected, f"{role} / {action} / {kind}: the README says {cell!r}, the admin says {got}"


def _check_item_conditions(client, world, staff, check, kind, expected, conditions, action):
    """Delete and withdrawal depend on the item's state: each condition of the cell is tried on a fresh item
    that meets it, and on one that does not (pages have no centre: "own centres" and "shared" do not apply)."""
    unknown = conditions - {"own centres", "not published", "not shared", "published", "published or shared"}
    assert not unknown, unknown
    if not expected:
        item = _fresh(world, kind, **MOST_PERMISSIVE[action])
        assert not check(client, world, staff, kind, item), (action, kind, "refused even at its most permissive")
        return
    if "published or shared" in conditions:
        allowed = [{"published": True}, {"shared": True}]
        refused = [{}]
    elif "published" in conditions:
        allowed, refused = [{"published": True}], [{}]
    else:
        # Without the condition, the item that would not meet it is allowed too.
        allowed, refused = [{}], []
        (refused if "not published" in conditions else allowed).append({"published": True})
        (refused if "not shared" in conditions else allowed).append({"shared": True})
    if "own centres" in conditions:
        # Another centre's item (not shared with theirs: a shared one is theirs too) answers 404.
        refused += [{**state, "own": False, "shared": False} for state in allowed]
    elif kind != "pages":
        allowed += [{**state, "own": False} for state in allowed]
    for state in allowed:
        assert check(client, world, staff, kind, _fresh(world, kind, **state)), (action, kind, "allowed", state)
    for state in refused:
        assert not check(client, world, staff, kind, _fresh(world, kind, **state)), (action, kind, "refused", state)
