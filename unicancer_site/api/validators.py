"""Last-Modified of an API answer: the latest change to anything the answer shows.

An answer shows rows of its resource's model and of the models its serializer nests (a certification shows its
centre's name, a news item its linked trials). Any of them changing changes the answer: an edit, a creation, a
deletion (found in the model's history, django-simple-history), and a publication date passing (a scheduled item
going live or reaching its end, found by ``published()`` and ``expired()``). ``latest_change()`` gives the
latest of those moments, in one query; it never lets ``If-Modified-Since`` get a 304 for a changed answer, at
the price of moving for changes the answer does not show (a site of another centre).
"""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers


def shown_models(serializer) -> set[type]:
    """The models whose rows ``serializer`` (an instance) shows: its own, those of its nested model serializers,
    and those reached by dotted sources (``source="centre.name"``)."""
    models = set()
    meta_model = getattr(getattr(serializer, "Meta", None), "model", None)
    if meta_model is not None:
        models.add(meta_model)
    for field in serializer.fields.values():
        child = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(child, serializers.Serializer):
            models |= shown_models(child)
        elif meta_model is not None and "." in (field.source or ""):
            model = meta_model
            for name in field.source.split(".")[:-1]:
                related = getattr(model._meta.get_field(name), "related_model", None)
                if related is None:
                    break
                models.add(related)
                model = related
    return models


def _markers(model, *, pk=None, at: datetime.datetime):
    """Querysets of one date each: the latest moments rows of ``model`` (or the row ``pk``) changed."""
    markers = []
    history_attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    rows = model._default_manager.all()
    if pk is not None:
        rows = rows.filter(pk=pk)
    if history_attribute is not None:
        history = getattr(model, history_attribute).model._default_manager.filter(history_date__lte=at)
        if pk is not None:
            history = history.filter(**{model._meta.pk.attname: pk})
        markers.append(history.order_by("-history_date").values("history_date")[:1])
    elif any(field.name == "updated" for field in model._meta.concrete_fields):
        markers.append(rows.filter(updated__lte=at).order_by("-updated").values("updated")[:1])
    if hasattr(rows, "published"):
        markers.append(rows.published(at).order_by("-publish_from").values("publish_from")[:1])
        markers.append(rows.expired(at).order_by("-publish_until").values("publish_until")[:1])
    return markers


def latest_change(model, related=(), *, pk=None, at=None) -> datetime.datetime | None:
    """The latest change (aware datetime) to the rows of ``model`` (the row ``pk`` only, if given) and to any row
    of the ``related`` models, up to ``at`` (now); None when nothing is recorded. One query."""
    at = at or timezone.now()
    markers = _markers(model, pk=pk, at=at)
    for other in related:
        if other is not model:
            markers += _markers(other, at=at)
    if not markers:
        return None
    # One round trip: each marker is a scalar subquery. Written by hand because the ORM has no query without a
    # model to select from; the subqueries themselves are the ORM's, parameters included.
    parts, params = [], []
    for marker in markers:
        sql, marker_params = marker.query.sql_with_params()
        parts.append(f"SELECT ({sql}) AS changed")
        params += marker_params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(changed) FROM ({' UNION ALL '.join(parts)}) AS markers", params)  # noqa: S608
        value = cursor.fetchone()[0]
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, datetime.UTC) if timezone.is_naive(value) else value
