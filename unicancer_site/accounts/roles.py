"""The staff roles, as Groups with their permissions, kept in step with this file after every migrate.

A role is a Group whose name is the role's (English) name. ``create_role_groups`` runs on
``post_migrate``, so a fresh database, the test database and ``make run`` all get the groups; it
is idempotent and sets each group's permissions to exactly what the ModelAdmins declare (``role_permissions``).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

FEDERATION_EDITOR = "Federation editor"
CENTRE_EDITOR = "Centre editor"
RESEARCH_EDITOR = "Research editor"
QUALITY_EDITOR = "Quality editor"
REVIEWER = "Reviewer"
READ_ONLY = "Read-only"

ROLES = [FEDERATION_EDITOR, CENTRE_EDITOR, RESEARCH_EDITOR, QUALITY_EDITOR, REVIEWER, READ_ONLY]
# Every role but the centre editor's works on the whole network.
UNRESTRICTED_ROLES = {FEDERATION_EDITOR, RESEARCH_EDITOR, QUALITY_EDITOR, REVIEWER, READ_ONLY}
PUBLISHING_ROLES = {FEDERATION_EDITOR, REVIEWER}

# The actions a role may take on a model; "publish" is the workflow's own permission.
ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
SOURCES = ("view", "add", "change")
PUBLISH = "publish"

# What every role gets on a content model unless its admin says more: the federation does everything,
# reviewers and read-only staff read it.
CONTENT_DEFAULTS: dict[str, tuple[str, ...]] = {FEDERATION_EDITOR: ALL, REVIEWER: VIEW, READ_ONLY: VIEW}
# A model staff only read (a vocabulary, a log).
READ_ONLY_DEFAULTS: dict[str, tuple[str, ...]] = {FEDERATION_EDITOR: VIEW, REVIEWER: VIEW, READ_ONLY: VIEW}


def role_permissions() -> dict[str, dict[str, tuple[str, ...]]]:
    """{role: {"app_label.model_name": actions}}, gathered from what each ModelAdmin declares.

    A ModelAdmin's ``get_role_permissions()`` ({role: actions}) says which role may do what on its model, the
    way Django's admin finds ModelAdmins: this module names no content model. Models whose admin does not
    declare any get no role permission.
    """
    from django.contrib import admin

    grants: dict[str, dict[str, tuple[str, ...]]] = {role: {} for role in ROLES}
    for model, model_admin in admin.site._registry.items():
        declared = model_admin.get_role_permissions() if hasattr(model_admin, "get_role_permissions") else {}
        for role, actions in declared.items():
            grants[role][model._meta.label_lower] = tuple(actions)
    return grants


def publish_codename(model) -> str:
    return f"publish_{model._meta.model_name}"


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.{publish_codename(model)}"


def create_publish_permissions(grants, using=DEFAULT_DB_ALIAS):
    """The "publish_<model>" permission of every model some role may publish."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    labels = {label for by_model in grants.values() for label, actions in by_model.items() if PUBLISH in actions}
    for label in sorted(labels):
        model = global_apps.get_model(label)
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        Permission.objects.using(using).update_or_create(
            content_type=content_type,
            codename=publish_codename(model),
            defaults={"name": f"Can publish {model._meta.verbose_name_raw}"},
        )


def create_role_groups(sender=None, using=DEFAULT_DB_ALIAS, verbosity=0, **kwargs):
    """Create or update the role groups. Runs after the accounts app is migrated (the last app)."""
    if sender is not None and getattr(sender, "label", None) != "accounts":
        return
    from django.contrib.auth.models import Group, Permission

    # Permissions are normally created app by app on post_migrate; make sure all exist first.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    grants = role_permissions()
    create_publish_permissions(grants, using=using)

    permissions = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using).select_related("content_type")
    }
    for role, by_model in grants.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for label, actions in by_model.items():
            app_label, model_name = label.split(".")
            for action in actions:
                wanted.append(permissions[(app_label, f"{action}_{model_name}")])
        group.permissions.set(wanted)


def user_roles(user) -> set[str]:
    """The names of the role groups the user belongs to, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_unicancer_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._unicancer_roles = cached
    return cached


def can_publish(user, model) -> bool:
    return bool(user.is_active and user.has_perm(publish_permission(model)))
