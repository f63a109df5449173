"""Staff previews: a draft shown exactly as the public page will show it.

A preview is the public DetailView of the item, widened to unpublished objects within the user's centres:
same template, same context. Each content app's ModelAdmin names its public view (``public_view`` or
``get_public_view(obj)``); :func:`preview_view_for` builds the preview from it, so that this module names
no content model.
"""

from django.utils import timezone

from unicancer_site.accounts.scoping import scope_queryset_for_user


class PreviewMixin:
    """Put before a public ``DetailView``: any object the user may see in the admin, marked as a preview."""

    model = None

    def get_queryset(self):
        return scope_queryset_for_user(self.request.user, self.model._default_manager.all())

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.publish_from is None:
            # A draft has no date yet: show the one it would get if published now (never saved).
            obj.publish_from = timezone.now()
        return obj

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "is_preview": True}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


_preview_classes: dict[type, type] = {}


def preview_view_for(model, public_view):
    """The preview view function for ``model`` shown through ``public_view`` (a DetailView class), or None."""
    if public_view is None:
        return None
    key = (model, public_view)
    if key not in _preview_classes:
        _preview_classes[key] = type(f"{public_view.__name__}Preview", (PreviewMixin, public_view), {"model": model})
    return _preview_classes[key].as_view()
