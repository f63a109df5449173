"""Centre scoping as data: which rows belong to which centres, declared by each model's QuerySet.

A model whose rows belong to centres gives its QuerySet a ``for_centres(centre_ids)`` method (the
``CentreScopedQuerySet`` below does it for a model with a ``centre`` foreign key). The staff machinery
(admin, API, previews, dashboard) scopes any model through :func:`scope_to_centres` and never names one.
"""

from django.db import models


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
