"""The README's role × action table ("Staff editing"), checked cell by cell against the running admin.

The table is parsed from README.md; each cell names the kinds of published content (news, trials, pages, or
"all") the role may act on, "(own centres)" when only their centres' items (another centre's is refused), or "—".
Each action has a check below that does what the admin does, through the test client, and says whether it was
allowed. A cell whose check fails today only because the feature is on another branch is listed in ``PENDING``
and runs as a strict expected failure: once that branch is merged it passes, the strict xfail turns into a
failure, and its line in ``PENDING`` is removed to switch the check on.
"""

import re
from pathlib import Path

import pytest
from django import forms
from django.urls import NoReverseMatch, reverse

from tests.admin.conftest import SUPERUSER, client_for
from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    FEDERATION_EDITOR,
    RESEARCH_EDITOR,
    REVIEWER,
    ROLES,
)
from unicancer_site.publishing import services
from unicancer_site.publishing.models import PublicationStatus

README = Path(__file__).resolve().parents[2] / "README.md"
TABLE_MARK = "<!-- role-action-table"
KINDS = ("news", "trials", "pages")
ROW_ROLES = {"Superuser": SUPERUSER, **{role: role for role in ROLES}}

TRASH = "trash branch not merged"
DRAFTS = "drafts-of-live-items branch not merged"
# (role, action): why the check fails until another branch is merged. Remove a line once it is merged.
EDITING_ROLES = (SUPERUSER, FEDERATION_EDITOR, CENTRE_EDITOR, RESEARCH_EDITOR)
PENDING: dict[tuple[str, str], str] = {}


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


CELL = re.compile(r"^(?P<what>[a-z, ]+?)(?: \((?P<qualifier>[^)]*)\))?(?: †)?$")


def parse_cell(cell: str) -> tuple[set[str], str]:
    """("news, trials (own centres)") -> ({"news", "trials"}, "own centres"); "—" -> (set(), "")."""
    cell = cell.replace("†", "").strip()
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


def edits_published_item_as_draft(client, world, staff, kind, obj):
    """Editing a live item (a news item, or a trial for whoever edits only trials) through its change form leaves
    the public page as it was until the draft is published."""
    for candidate in ("news", "trials"):
        item = _item(world, candidate)
        if can_edit(client, world, staff, candidate, item):
            break
    else:
        return False
    _publish(item, staff)
    public = item.get_absolute_url()
    before = client.get(public).content.decode()
    assert item.title_fr in before
    response = _resubmit(client, _admin_url(item, "change", item.pk), title_fr="Titre modifié en ligne")
    after = client.get(public).content.decode()
    return response.status_code == 302 and "Titre modifié en ligne" not in after and item.title_fr in after


def moves_to_trash(client, world, staff, kind, obj):
    """Deleting keeps the item, out of the default manager (the public site, the lists), to be restored."""
    model = type(obj)
    response = client.post(_admin_url(obj, "delete", obj.pk), {"post": "yes"})
    in_lists = model._default_manager.filter(pk=obj.pk).exists()
    kept = model._base_manager.filter(pk=obj.pk).exists()
    if response.status_code in (403, 404) or in_lists:
        return False
    assert kept, f"{model._meta.label} {obj.pk} was deleted for good, not moved to the trash"
    return True


def can_restore(client, world, staff, kind, obj):
    response = client.get(_admin_url(obj, "changelist"))
    if response.status_code != 200 or response.context.get("action_form") is None:
        return False
    names = [name for name, _label in response.context["action_form"].fields["action"].choices]
    return any("restore" in name for name in names)


def can_request_withdrawal(client, world, staff, kind, obj):
    _publish(obj, staff)
    if "request_withdrawal" not in services.WORKFLOW_ACTIONS:
        return False
    _workflow(client, obj, "request_withdrawal")
    obj.refresh_from_db()
    return obj.status == PublicationStatus.IN_REVIEW


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
    "edit a published item": edits_published_item_as_draft,
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
MODEL_ACTIONS = {"create", "restore from the trash", "import", "export"}
# Actions that are not about a kind of content: their cell is "yes", a value ("makes a draft"), or "—".
WHOLE_ROLE_ACTIONS = {"edit a published item", "unlock accounts"}


def _cases():
    table = read_table()
    for row, cells in table.items():
        role = ROW_ROLES[row]
        for action, cell in cells.items():
            reason = PENDING.get((role, action))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(role, action, cell, id=f"{row}-{action}", marks=marks)


def test_the_table_has_every_role_and_every_action():
    table = read_table()
    assert set(table) == set(ROW_ROLES)
    for cells in table.values():
        assert set(cells) == set(CHECKS)


def test_every_pending_cell_is_marked_in_the_readme():
    """A cell checked as an expected failure carries the † that tells the reader it is not merged yet."""
    table = read_table()
    by_role = {ROW_ROLES[row]: cells for row, cells in table.items()}
    for role, action in PENDING:
        assert "†" in by_role[role][action], (role, action)


@pytest.mark.parametrize(("role", "action", "cell"), list(_cases()))
def test_the_readme_cell_matches_what_the_admin_allows(world, staff, role, action, cell):
    client = client_for(staff[role])
    check = CHECKS[action]
    if action in WHOLE_ROLE_ACTIONS:
        expected = cell.replace("†", "").strip() != "—"
        obj = _item(world, "news")
        assert check(client, world, staff, "news", obj) is expected, f"{role} / {action}: the README says {cell!r}"
        return
    allowed_kinds, qualifier = parse_cell(cell)
    for kind in KINDS:
        expected = kind in allowed_kinds
        if qualifier.startswith("own centres") and expected and action not in MODEL_ACTIONS:
            # Their centres' item: allowed; another centre's: refused.
            assert check(client, world, staff, kind, _item(world, kind, own=True)), (role, action, kind, "own")
            assert not check(client, world, staff, kind, _item(world, kind, own=False)), (role, action, kind, "other")
            if "drafts not shared" in qualifier:
                _check_only_unshared_drafts(client, world, staff, check, kind)
            continue
        own = action != "edit any item"
        obj = _item(world, kind, own=own)
        if action == "edit any item" and role == CENTRE_EDITOR:
            obj = _item(world, kind, own=False)
        got = check(client, world, staff, kind, obj)
        assert got is expected, f"{role} / {action} / {kind}: the README says {cell!r}, the admin says {got}"


def _check_only_unshared_drafts(client, world, staff, check, kind):
    """A centre editor may not delete a published item of their centre, nor one shared with another centre."""
    from tests.factories import make_news_item

    published = make_news_item(title_fr="Publiée", status=PublicationStatus.PUBLISHED)
    published.centres.add(world.a.centre)
    assert not check(client, world, staff, kind, published), "a published item"
    shared = make_news_item(title_fr="Partagée", status=PublicationStatus.DRAFT, publish_from=None)
    shared.centres.add(world.a.centre, world.b.centre)
    assert not check(client, world, staff, kind, shared), "an item shared with another centre"
