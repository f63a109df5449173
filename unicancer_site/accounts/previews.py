"""Staff previews: a draft shown exactly as the public page will show it.

Each preview subclasses the public DetailView and only widens its queryset to unpublished
objects (within the user's centres): same template, same context.
"""

from django.utils import timezone

from research.models import Trial
from research.views import ProgrammeDetailView, TrialDetailView
from unicancer_site.news.models import NewsItem
from unicancer_site.news.views import NewsItemDetailView
from unicancer_site.pages.models import EditorialPage
from unicancer_site.pages.views import EditorialPageDetailView

from .scoping import scope_queryset_for_user


class PreviewMixin:
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


class TrialPreviewView(PreviewMixin, TrialDetailView):
    model = Trial


class ProgrammePreviewView(PreviewMixin, ProgrammeDetailView):
    model = Trial


class NewsItemPreviewView(PreviewMixin, NewsItemDetailView):
    model = NewsItem


class EditorialPagePreviewView(PreviewMixin, EditorialPageDetailView):
    model = EditorialPage


def preview_view_for(obj):
    """The preview view for an object, or None if it has no public page."""
    if isinstance(obj, Trial):
        view_class = TrialPreviewView if obj.kind == Trial.Kind.TRIAL else ProgrammePreviewView
    elif isinstance(obj, NewsItem):
        view_class = NewsItemPreviewView
    elif isinstance(obj, EditorialPage):
        view_class = EditorialPagePreviewView
    else:
        return None
    return view_class.as_view()
