"""The versions django-simple-history keeps: one per save, and a first one for content loaded from documents.

simple-history records a version on ``post_save``, and another on every change to a many-to-many field it
follows (``m2m_changed``). Saving a form (the model, then its many-to-many fields) therefore left two or more
versions for one save, the first of them with the links as they were before. And ``loaddata`` records nothing
for the rows (a raw save) but one version for each many-to-many field it fills.

- :func:`skip_history_of_raw_saves` (connected to ``post_save`` in ``CoreConfig.ready``): a raw save, a fixture,
  records no version, its many-to-many fields included;
- :func:`keep_one_version`: the versions one save made become one, with the final links;
- :func:`record_initial_versions`: a first version, with a reason, for each object that has none (the demo
  content, loaded from the source documents).

The library's own ``populate_history`` command does what the last one does but without the many-to-many links:
the first diff would then show every link as added. Hence this module.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.translation import gettext

CHANGE_REASON_MAX_LENGTH = 100  # simple-history's history_change_reason column


def is_tracked(model) -> bool:
    """Whether simple-history keeps versions of ``model``'s objects."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def is_version_model(model) -> bool:
    """Whether ``model`` is one of simple-history's copies (``HistoricalTrial``, its links' versions), whose
    rows are versions of another model's objects rather than content of their own."""
    original = getattr(model, "instance_type", None)  # simple-history sets it on each copy it builds
    return isinstance(original, type) and original is not model


def history_manager(model_or_obj):
    """The versions of a model's objects (``Model.history``), or of one object (``obj.history``)."""
    return getattr(model_or_obj, model_or_obj._meta.simple_history_manager_attribute)


def set_change_reason(obj, reason: str) -> None:
    """Give the next version of ``obj`` this reason (on one line, cut with "…" to fit its column)."""
    reason = " ".join((reason or "").split())
    if len(reason) > CHANGE_REASON_MAX_LENGTH:
        reason = reason[: CHANGE_REASON_MAX_LENGTH - 1] + "…"
    if reason:
        obj._change_reason = reason


def skip_history_of_raw_saves(sender, instance, raw=False, **kwargs) -> None:
    """``post_save`` receiver: a raw save (``loaddata``) records no version, nor do the many-to-many fields the
    deserializer fills next on the same instance (simple-history skips an instance marked this way)."""
    if raw and is_tracked(sender):
        instance.skip_history_when_saving = True


def latest_version_id(obj) -> int | None:
    """The id of ``obj``'s latest version, or None: taken before a save, for :func:`keep_one_version`."""
    if obj.pk is None or not is_tracked(type(obj)):
        return None
    versions = history_manager(obj).order_by("-history_id")
    return versions.values_list("history_id", flat=True).first()


@transaction.atomic
def keep_one_version(obj, *, after_id: int | None) -> None:
    """Make the versions of ``obj`` recorded after ``after_id`` (one save: the object, then its many-to-many
    fields) a single version: the last one, which holds the final links, with the first one's kind
    (created or changed), user and reason."""
    if obj.pk is None or not is_tracked(type(obj)):
        return
    versions = history_manager(obj).all()
    if after_id is not None:
        versions = versions.filter(history_id__gt=after_id)
    versions = list(versions.order_by("history_id"))
    if len(versions) < 2:
        return
    first, last = versions[0], versions[-1]
    last.history_type = first.history_type
    last.history_user_id = first.history_user_id or last.history_user_id
    last.history_change_reason = first.history_change_reason or last.history_change_reason
    last.save(update_fields=["history_type", "history_user", "history_change_reason"])
    merged = [version.history_id for version in versions[:-1]]
    version_model = type(last)
    for field in version_model._history_m2m_fields:
        # The links' versions point to their version without a database constraint (DO_NOTHING): delete them too.
        getattr(version_model, field.name).model.objects.filter(history_id__in=merged).delete()
    version_model.objects.filter(history_id__in=merged).delete()


def _copy_links(version_model, versions, pk_name: str) -> None:
    """Each version's many-to-many links as they are now (what simple-history does for a version it records)."""
    for field in version_model._history_m2m_fields:
        link_version_model = getattr(version_model, field.name).model
        through = field.remote_field.through
        owner_column = field.m2m_field_name()
        names = [f.name for f in through._meta.fields]
        by_owner = {}
        for link in through.objects.filter(**{f"{owner_column}__in": [getattr(v, pk_name) for v in versions]}):
            by_owner.setdefault(getattr(link, f"{owner_column}_id"), []).append(link)
        link_version_model.objects.bulk_create(
            link_version_model(history=version, **{name: getattr(link, name) for name in names})
            for version in versions
            for link in by_owner.get(getattr(version, pk_name), [])
        )


@transaction.atomic
def record_initial_versions(reason: str) -> int:
    """A first version ("created", no user, ``reason``) for every object of every tracked model that has no
    version yet, with its many-to-many links. Returns how many were recorded."""
    recorded = 0
    for model in apps.get_models():
        if not is_tracked(model) or model._meta.proxy:
            continue
        history = history_manager(model)
        pk_name = model._meta.pk.attname
        objs = list(model._default_manager.exclude(pk__in=history.values(pk_name)).order_by("pk"))
        if not objs:
            continue
        versions = history.bulk_history_create(objs, default_change_reason=reason)
        _copy_links(history.model, versions, pk_name)
        recorded += len(versions)
    return recorded


def version_links(version) -> dict[str, list]:
    """{many-to-many field name: [ids of the linked objects]} as ``version`` (a simple-history version) recorded
    them, one query per field; ids of objects deleted since are kept (the caller says which are gone)."""
    version_model = type(version)
    links = {}
    for field in version_model._history_m2m_fields:
        link_model = getattr(version_model, field.name).model
        target = link_model._meta.get_field(field.m2m_reverse_field_name()).attname
        links[field.name] = list(
            link_model.objects.filter(history_id=version.history_id).values_list(target, flat=True)
        )
    return links


def set_links(obj, name: str, ids) -> None:
    """Make ``obj.<name>.all()`` the objects ``ids``, in memory only (a prefetched result; the relation itself is
    not touched), so that a form or a template shows another version's links. Forms read them through
    ``model_to_dict``, templates through the manager: both honour a prefetched result."""
    related = obj._meta.get_field(name).related_model
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[name] = related._default_manager.filter(pk__in=list(ids))


def forget_links(obj) -> None:
    """Drop what :func:`set_links` (or a prefetch) put on ``obj``: saving many-to-many fields (``set()``) reads
    the current links from there, and must read the database."""
    if hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}


def missing_related(model, values: dict) -> list[str]:
    """What ``values`` ({field name: id, or list of ids for a many-to-many field}) links to that no longer exists,
    one sentence each ("press contact: the press contact no. 4 no longer exists; …"); one query per field."""
    missing = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.many_to_many) or value in (None, [], ""):
            continue
        wanted = set(value) if field.many_to_many else {value}
        found = set(field.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
        for key in sorted(wanted - found, key=str):
            missing.append(
                gettext("%(field)s: the %(kind)s no. %(id)s no longer exists; it will not be restored.")
                % {"field": field.verbose_name, "kind": field.related_model._meta.verbose_name, "id": key}
            )
    return missing
