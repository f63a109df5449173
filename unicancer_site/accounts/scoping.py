"""Which rows a staff user may see: centre editors only their centres' objects.

Used by the admin (every ModelAdmin of centre content, through ``CentreScopedAdminMixin``)
and by the API. A user is restricted to centres when they are a centre editor and hold no
role that works on the whole network; superusers never are.
"""

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


def scope_queryset_for_user(user, queryset):
    """The rows of ``queryset`` this user may see in the admin or the API.

    Unchanged when the user is not restricted to centres; otherwise a Centre by its pk,
    a Site, Certification, PlannedVisit or TrialCentre by its centre, a ChapterScore by its
    certification's centre, a NewsItem by its centres, a Trial by its participating centres,
    a historical record by the object it records; any other model: no rows.
    """
    centre_ids = user_centre_ids(user)
    if centre_ids is None:
        return queryset
    return _scope(queryset, centre_ids)


def _scope(queryset, centre_ids):
    from centres.models import Centre, Site
    from certifications.models import Certification, ChapterScore, PlannedVisit
    from research.models import Trial, TrialCentre
    from unicancer_site.news.models import NewsItem

    model = queryset.model
    if model is Centre:
        return queryset.filter(pk__in=centre_ids)
    if model in (Site, Certification, PlannedVisit, TrialCentre):
        return queryset.filter(centre_id__in=centre_ids)
    if model is ChapterScore:
        return queryset.filter(certification__centre_id__in=centre_ids)
    if model is NewsItem:
        # A subquery, not a join: no duplicate rows and no distinct() (which delete() refuses).
        linked = NewsItem.centres.through.objects.filter(centre_id__in=centre_ids).values("newsitem_id")
        return queryset.filter(pk__in=linked)
    if model is Trial:
        return queryset.filter(pk__in=TrialCentre.objects.filter(centre_id__in=centre_ids).values("trial_id"))
    tracked = getattr(model, "instance_type", None)  # a simple-history historical model
    if tracked is not None and tracked is not model:
        pk_name = tracked._meta.pk.attname
        visible = _scope(tracked._default_manager.all(), centre_ids).values("pk")
        return queryset.filter(**{f"{pk_name}__in": visible})
    return queryset.none()
