from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView

from unicancer_site.core.i18n import TranslatedSlugDetailMixin

from .models import EditorialPage, FormerSlug


class EditorialPageListView(ListView):
    """Every published page, once, in the visitor's language (the French text, marked so, where a translation
    is missing)."""

    template_name = "pages/page_list.html"
    context_object_name = "pages"

    def get_queryset(self):
        return EditorialPage.objects.published().by_title()


class EditorialPageDetailView(TranslatedSlugDetailMixin, DetailView):
    """A published page in the visitor's language, by its slug in that language; its slug in the other language
    and a page's former address redirect (301) to it."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return EditorialPage.objects.published().select_related("source")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            former = FormerSlug.objects.filter(slug=kwargs.get("slug"), page__in=self.get_queryset()).first()
            if former is None:
                raise
            return HttpResponsePermanentRedirect(former.page.get_absolute_url())
