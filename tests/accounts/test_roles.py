"""The role groups exist after migrate, with their permissions, and re-creating them changes nothing."""

from django.contrib.auth.models import Group

from unicancer_site.accounts.roles import (
    CENTRE_EDITOR,
    FEDERATION_EDITOR,
    READ_ONLY,
    REVIEWER,
    ROLES,
    create_role_groups,
)


def _codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_every_role_is_a_group(db):
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_publish_permission_belongs_to_publishers_only(db):
    publish = {"publish_newsitem", "publish_trial", "publish_editorialpage"}
    assert publish <= _codenames(FEDERATION_EDITOR)
    assert publish <= _codenames(REVIEWER)
    for role in set(ROLES) - {FEDERATION_EDITOR, REVIEWER}:
        assert not publish & _codenames(role), role


def test_read_only_only_views(db):
    assert {codename.split("_")[0] for codename in _codenames(READ_ONLY)} == {"view"}


def test_centre_editor_cannot_touch_users_or_groups(db):
    assert not {c for c in _codenames(CENTRE_EDITOR) if c.endswith(("_user", "_group", "_permission"))}


def test_creating_the_groups_again_is_idempotent(db):
    before = {role: _codenames(role) for role in ROLES}
    group = Group.objects.get(name=READ_ONLY)
    group.permissions.clear()
    create_role_groups()
    create_role_groups()
    assert {role: _codenames(role) for role in ROLES} == before
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)
