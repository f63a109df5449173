"""Which rows a staff user may see and touch: centre editors only their centres' objects.

The one rule, used by the admin (lists, forms, imports, history), the workflow services, previews,
the dashboard and the API. A user is restricted to centres when they are a centre editor and hold no
role that works on the whole network; superusers never are. Which rows belong to which centres is
each model's own declaration (``for_centres()``, see ``unicancer_site.core.scoping``).
"""

from unicancer_site.core.scoping import is_centre_scoped, scope_to_centres, scope_versions_to_centres

from .roles import CENTRE_EDITOR, UNRESTRICTED_ROLES, user_roles


def user_centre_ids(user) -> set[int] | None:
    """The ids of the centres the user may work on, or None when not restricted to centres.

    Anonymous users are not restricted to centres: what the public sees is decided by
    ``published()``, not here.
    """
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    roles = user_roles(user)
    if CENTRE_EDITOR not in roles or roles & UNRESTRICTED_ROLES:
        return None
    cached = getattr(user, "_unicancer_centre_ids", None)
    if cached is None:
        from .models import CentreMembership

        cached = set(CentreMembership.objects.filter(user=user).values_list("centre_id", flat=True))
        user._unicancer_centre_ids = cached
    return set(cached)


def is_restricted(user) -> bool:
    """Whether the user works on some centres only."""
    return user_centre_ids(user) is not None


def scope_queryset_for_user(user, queryset):
    """The rows of ``queryset`` this user may see in the admin or the API.

    Unchanged when the user is not restricted to centres, or when the model's rows do not belong to
    centres (shared reference data: sources, phases...); otherwise the model's ``for_centres()``.
    """
    centre_ids = user_centre_ids(user)
    if centre_ids is None:
        return queryset
    model = queryset.model
    tracked = getattr(model, "instance_type", None)
    if not is_centre_scoped(model) and not (tracked is not None and is_centre_scoped(tracked)):
        return queryset.none()
    return scope_to_centres(queryset, centre_ids)


def scope_versions_for_user(user, versions):
    """The versions (a simple-history historical QuerySet) this user may read: all of them, or for a centre
    editor those of their centres' objects recorded while the object was their centre's
    (``core.scoping.scope_versions_to_centres``)."""
    centre_ids = user_centre_ids(user)
    if centre_ids is None:
        return versions
    return scope_versions_to_centres(versions, centre_ids)


def may_work_on(user, *, obj=None, centre_ids=None) -> bool:
    """The centre-scope rule: may ``user`` work on ``obj`` (a saved object), or on an object of ``centre_ids``?

    ``centre_ids`` (an iterable of centre ids) is for an object not saved yet or about to change its centres
    (a form, an imported row): the user may when at least one of them is theirs. A user not restricted to
    centres always may; an object of a model whose rows do not belong to centres never restricts.
    """
    allowed = user_centre_ids(user)
    if allowed is None:
        return True
    if centre_ids is not None:
        return bool(set(centre_ids) & allowed)
    if obj is None or obj.pk is None or not is_centre_scoped(type(obj)):
        return True
    return scope_to_centres(type(obj)._default_manager.filter(pk=obj.pk), allowed).exists()


def shared_beyond(user, obj) -> bool:
    """Whether ``obj`` (a saved object) also belongs to a centre the user does not work for.

    False for a user not restricted to centres and for an object of a model whose rows do not belong to centres.
    A centre editor may not delete such an item: it is another centre's too (``publishing.trash``).
    """
    allowed = user_centre_ids(user)
    if allowed is None or obj.pk is None or not is_centre_scoped(type(obj)):
        return False
    from .models import CentreMembership

    # The centre model, found through the membership's link rather than named: this floor names no content app.
    centre_model = CentreMembership._meta.get_field("centre").related_model
    others = centre_model._default_manager.exclude(pk__in=allowed).values_list("pk", flat=True)
    return scope_to_centres(type(obj)._default_manager.filter(pk=obj.pk), others).exists()
