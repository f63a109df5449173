"""Centre scoping as data: which rows belong to which centres, declared by each model's QuerySet.

A model whose rows belong to centres gives its QuerySet a ``for_centres(centre_ids)`` method (the
``CentreScopedQuerySet`` below does it for a model with a ``centre`` foreign key). The staff machinery
(admin, API, previews, dashboard) scopes any model through :func:`scope_to_centres` and never names one.
"""

from django.db import models
from django.db.models.functions import Coalesce


class CentreScopedQuerySet(models.QuerySet):
    """Rows that belong to centres through a lookup (``centre`` by default, ``certification__centre``...)."""

    centre_lookup = "centre"

    def for_centres(self, centre_ids):
        """The rows of the centres whose ids are in ``centre_ids`` (an iterable of ints)."""
        return self.filter(**{f"{self.centre_lookup}__in": list(centre_ids)})


def is_centre_scoped(model) -> bool:
    """Whether the rows of ``model`` belong to centres, i.e. its default QuerySet has ``for_centres``."""
    return hasattr(model._default_manager.all(), "for_centres")


def scope_to_centres(queryset, centre_ids):
    """The rows of ``queryset`` that belong to the centres in ``centre_ids``.

    A centre-scoped model answers through its ``for_centres``; a historical record (django-simple-history)
    through the object it records; any other model has no rows belonging to centres: ``none()``.
    """
    if hasattr(queryset, "for_centres"):
        return queryset.for_centres(centre_ids)
    tracked = getattr(queryset.model, "instance_type", None)  # a simple-history historical model
    if tracked is not None and tracked is not queryset.model and is_centre_scoped(tracked):
        pk_name = tracked._meta.pk.attname
        visible = tracked._default_manager.all().for_centres(centre_ids).values("pk")
        return queryset.filter(**{f"{pk_name}__in": visible})
    return queryset.none()


def scope_versions_to_centres(versions, centre_ids):
    """The versions (a django-simple-history historical QuerySet) of objects in the centres' scope, recorded
    while the object belonged to one of the centres.

    Which centres a version belonged to is read from the version itself: the foreign key named by the tracked
    model's ``centre_lookup`` (``CentreScopedQuerySet``), as it was when the version was recorded; or the
    many-to-many field named by the tracked QuerySet's ``centre_links`` (e.g. a news item's ``centres``), whose
    links ``core.history`` copies into every version; or, for rows of their own that link the object to centres
    with a history of their own (``centre_link_rows``, the related name: a trial's ``participations``), from the
    version that was current when one of the centres was first linked (a link with no recorded history shows every
    version). A model declaring none of these is scoped by the object only.
    """
    versions = scope_to_centres(versions, centre_ids)
    tracked = getattr(versions.model, "instance_type", None)
    if tracked is None:
        return versions
    declared = tracked._default_manager.all()
    centre_ids = list(centre_ids)
    lookup = getattr(declared, "centre_lookup", None)
    if lookup:
        return versions.filter(**{f"{lookup}__in": centre_ids})
    links = getattr(declared, "centre_links", None)
    if links:
        field = tracked._meta.get_field(links)
        link_versions = getattr(versions.model, links).model
        linked = link_versions.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": centre_ids})
        return versions.filter(history_id__in=linked.values("history_id"))
    link_rows = getattr(declared, "centre_link_rows", None)
    if link_rows:
        return _versions_since_linked(versions, tracked, link_rows, centre_ids)
    return versions


def _versions_since_linked(versions, tracked, link_rows: str, centre_ids: list[int]):
    """``versions`` from the one current when a row of ``link_rows`` first linked the object to one of the
    centres (its own history's first record); the version saved together with the link (a new trial and its
    centres, one form) is that version."""
    from .history import history_manager

    relation = tracked._meta.get_field(link_rows)
    link_model = relation.related_model
    link_versions = history_manager(link_model).model
    pk_name = tracked._meta.pk.attname
    first_linked = (
        link_versions.objects.filter(
            **{
                relation.field.attname: models.OuterRef(pk_name),
                f"{link_model._default_manager.all().centre_lookup}__in": centre_ids,
            }
        )
        .order_by("history_date")
        .values("history_date")[:1]
    )
    current_then = (
        versions.model.objects.filter(
            **{pk_name: models.OuterRef(pk_name), "history_date__lte": models.OuterRef("centre_linked_at")}
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return versions.annotate(centre_linked_at=models.Subquery(first_linked)).filter(
        history_id__gte=Coalesce(models.Subquery(current_then), 0)
    )
