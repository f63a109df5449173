"""Staff previews: a draft shown as the public page will show it, under a banner that says it is a preview.

A preview is the public DetailView of the item, widened to unpublished objects within the user's centres:
same template, same context (a live item's pending draft in place of its published values),
plus ``preview`` (:func:`preview_notice`) for the banner
(``templates/includes/preview_banner.html``): not public or live, the status, when it would go live and with
which date, and a link back to the form. Each content app's ModelAdmin names its public view (``public_view``
or ``get_public_view(obj)``); :func:`preview_view_for` builds the preview from it, so that this module names
no content model.
"""

import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from unicancer_site.accounts.scoping import scope_queryset_for_user

from . import revisions
from .models import PublicationState, PublicationStatus


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def preview_notice(obj, *, now: datetime.datetime | None = None) -> dict:
    """What the preview banner says of ``obj`` (as stored): whether the public sees it, its status, when it
    would go live and with which publication date, when it leaves the site, and where its form is."""
    now = now or timezone.now()
    state = obj.get_publication_state(now)
    publish_from, publish_until = obj.publish_from, obj.publish_until
    if state == PublicationState.LIVE:
        going_live = gettext("Live since %(date)s.") % {"date": _when(publish_from)}
    elif state == PublicationState.SCHEDULED:
        going_live = gettext("Goes live on %(date)s.") % {"date": _when(publish_from)}
    elif state == PublicationState.EXPIRED:
        going_live = gettext("Withdrawn from the site since %(date)s.") % {"date": _when(publish_until)}
    elif publish_from is None:
        going_live = gettext(
            "Once published, it goes live at once, dated the day it is published (today's date is shown)."
        )
    elif publish_from > now:
        going_live = gettext("Once published, it goes live on %(date)s, its publication date.") % {
            "date": _when(publish_from)
        }
    else:
        going_live = gettext("Once published, it goes live at once, dated %(date)s.") % {"date": _when(publish_from)}
    leaving = ""
    if publish_until is not None and state != PublicationState.EXPIRED:
        leaving = gettext("Withdrawn from the site on %(date)s.") % {"date": _when(publish_until)}
    opts = obj._meta
    return {
        "is_live": state == PublicationState.LIVE,
        "status": obj.get_status_display(),
        "is_published": obj.status == PublicationStatus.PUBLISHED,
        "going_live": going_live,
        "leaving": leaving,
        "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    }


class PreviewMixin:
    """Put before a public ``DetailView``: any object the user may see in the admin, marked as a preview."""

    model = None

    def get_queryset(self):
        return scope_queryset_for_user(self.request.user, self.model._default_manager.all())

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.preview = preview_notice(obj)
        revision = revisions.pending_revision(obj)
        if revision is not None:
            # A live item's pending draft is what the preview shows; the public still sees the row.
            revisions.show_data(obj, revision.data)
            self.preview["draft"] = gettext(
                "This is the pending draft of a published item: the public site still shows the published version."
            )
        if obj.publish_from is None:
            # A draft has no date yet: show the one it would get if published now (never saved).
            obj.publish_from = timezone.now()
        return obj

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "is_preview": True, "preview": self.preview}

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
