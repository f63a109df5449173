"""The staff roles, as Groups with their permissions, kept in step with this file after every migrate.

A role is a Group whose name is the role's (English) name. ``create_role_groups`` runs on
``post_migrate``, so a fresh database, the test database and ``make run`` all get the groups; it
is idempotent and sets each group's permissions to exactly what ``ROLE_PERMISSIONS`` says.
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

# The models the publishing workflow applies to; their "publish_<model>" permission is created here.
PUBLISHABLE_MODELS = ["research.trial", "news.newsitem", "pages.editorialpage"]

CONTENT_MODELS = [
    "core.source",
    "core.keyfigure",
    "centres.centre",
    "centres.site",
    "certifications.certification",
    "certifications.chapterscore",
    "certifications.plannedvisit",
    "research.localisation",
    "research.trial",
    "research.trialcentre",
    "news.presscontact",
    "news.newsitem",
    "pages.editorialpage",
]
READ_ONLY_MODELS = ["research.phase", "accounts.workflowtransition"]

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
SOURCES = ("view", "add", "change")


def _all_content(actions):
    return {model: actions for model in CONTENT_MODELS + READ_ONLY_MODELS}


ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    FEDERATION_EDITOR: {
        **{model: ALL for model in CONTENT_MODELS},
        **{model: VIEW for model in READ_ONLY_MODELS},
        **{model: ("publish",) + ALL for model in PUBLISHABLE_MODELS},
    },
    CENTRE_EDITOR: {
        "centres.centre": ("view", "change"),
        "centres.site": ALL,
        "news.newsitem": ALL,
        # The recruitment status of their centre in a trial; the trial itself is the research team's.
        "research.trialcentre": ("view", "change"),
        "research.trial": VIEW,
        "certifications.certification": VIEW,
        "core.source": VIEW,
        "news.presscontact": VIEW,
        "research.phase": VIEW,
        "research.localisation": VIEW,
    },
    RESEARCH_EDITOR: {
        "research.trial": ALL,
        "research.trialcentre": ALL,
        "research.localisation": ALL,
        "research.phase": VIEW,
        # Research key figures only: KeyFigureAdmin limits the topics.
        "core.keyfigure": ALL,
        "core.source": SOURCES,
        "centres.centre": VIEW,
    },
    QUALITY_EDITOR: {
        "certifications.certification": ALL,
        "certifications.chapterscore": ALL,
        "certifications.plannedvisit": ALL,
        "core.source": SOURCES,
        "centres.centre": VIEW,
    },
    REVIEWER: {
        **_all_content(VIEW),
        **{model: ("publish", "view") for model in PUBLISHABLE_MODELS},
    },
    READ_ONLY: _all_content(VIEW),
}


def publish_codename(model) -> str:
    return f"publish_{model._meta.model_name}"


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.{publish_codename(model)}"


def create_publish_permissions(using=DEFAULT_DB_ALIAS):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for label in PUBLISHABLE_MODELS:
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
    create_publish_permissions(using=using)

    permissions = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using).select_related("content_type")
    }
    for role, grants in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for label, actions in grants.items():
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
