"""Old addresses keep working: a public object whose slug changes answers under its former slug with a 301.

- :func:`remember_former_slug` (``pre_save``, connected in ``CoreConfig.ready``) records the old slug of any model
  that has a ``slug`` field and a public page (``get_absolute_url``), when the object was public before the save:
  ``published()`` where its QuerySet has one, always otherwise (a centre). No model is named: a new content type
  is covered by having a slug and a page.
- :class:`FormerSlugRedirectMiddleware` turns a public page's 404 into a 301 when the slug in the URL is a former
  slug of an object the same view still shows: the view is found by resolving the path, its model and visibility
  are the view's own (``get_queryset()``), and the target is the object's address now, in the language of the
  request. Nothing depends on the words of the URL (``/fr/actualites/`` or ``/en/news/``).

Why not ``django.contrib.redirects``: it stores whole paths, one row per language, and needs the sites framework;
a later change of the URLs' words, or of the slug again, would leave those paths pointing at nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.views.generic.detail import SingleObjectMixin

from .i18n import language_codes, slug_field_for


def has_public_slug(model) -> bool:
    """Whether ``model``'s objects have a slug in a public address (a ``slug`` field and ``get_absolute_url``)."""
    if getattr(model, "instance_type", None) is not None or model._meta.proxy:  # simple-history's versions
        return False
    try:
        model._meta.get_field("slug")
    except FieldDoesNotExist:
        return False
    return callable(getattr(model, "get_absolute_url", None))


def _was_public(model, pk) -> bool:
    queryset = model._default_manager.filter(pk=pk)
    if hasattr(queryset, "published"):
        queryset = queryset.published()
    return queryset.exists()


def slug_fields(model) -> list[str]:
    """The fields holding ``model``'s slug in each language it has one for: ``["slug"]``, or
    ``["slug", "slug_en"]`` for a model with translated slugs (``core.i18n.slug_field_for``)."""
    names = []
    for code in language_codes():
        name = slug_field_for(code)
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        names.append(name)
    return names or ["slug"]


def remember_former_slug(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` receiver: a public object changing its slug, in any language, keeps the old one as a
    :class:`FormerSlug` (one row serves every language: the redirect goes to the address in the language asked).

    A new slug, if it was a former one of the same kind, stops being a redirect (the live page wins anyway).
    """
    if raw or instance.pk is None or not has_public_slug(sender):
        return
    fields = slug_fields(sender)
    old = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    if old is None:
        return
    changed = [value for field, value in zip(fields, old, strict=True) if value and value != getattr(instance, field)]
    if not changed:
        return
    from .models import FormerSlug

    content_type = ContentType.objects.get_for_model(sender)
    current = {getattr(instance, field) for field in fields} - {""}
    FormerSlug.objects.filter(content_type=content_type, slug__in=current).delete()
    if _was_public(sender, instance.pk):
        for slug in set(changed) - current:
            FormerSlug.objects.update_or_create(
                content_type=content_type, slug=slug, defaults={"object_id": instance.pk}
            )


def delete_former_slugs(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver: an object's former addresses go with it (a generic relation has no cascade)."""
    if not has_public_slug(sender):
        return
    from .models import FormerSlug

    FormerSlug.objects.filter(content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk).delete()


def former_slug_redirect(request):
    """A 301 to the current address of the object whose former slug ``request``'s path names, or None.

    Only for a view with a ``slug`` in its URL whose ``get_queryset()`` (its visibility: ``published()``...)
    still shows the object.
    """
    location = former_slug_address(request, request.path_info)
    if location is None:
        return None
    if request.META.get("QUERY_STRING"):
        location = f"{location}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(location)


def former_slug_address(request, path_info: str) -> str | None:
    """The current address (no query string) of the object whose former slug ``path_info`` names, as the view of
    that path shows it to ``request``; None when it names none. Also used for a path the request was redirected
    to (``/en/actualites/<former slug>/`` goes to the object's address in one step)."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    slug = match.kwargs.get("slug")
    view_class = getattr(match.func, "view_class", None)
    # Public pages of one object (Django's DetailView family); the API's 404s stay JSON 404s.
    if not slug or view_class is None or not issubclass(view_class, SingleObjectMixin):
        return None
    view = view_class()
    view.setup(request, *match.args, **match.kwargs)
    try:
        queryset = view.get_queryset()
    except (Http404, AttributeError):
        return None
    model = queryset.model
    if not has_public_slug(model):
        return None
    from .models import FormerSlug

    former = (
        FormerSlug.objects.filter(content_type=ContentType.objects.get_for_model(model), slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    if former is None:
        return None
    target = queryset.filter(pk=former).first()
    return None if target is None else target.get_absolute_url()


class FormerSlugRedirectMiddleware:
    """On a 404 to a GET or HEAD, try :func:`former_slug_redirect` (as ``django.contrib.redirects``' fallback
    middleware does: nothing is looked up for pages that exist)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return former_slug_redirect(request) or response
