from django.views.generic import DetailView, ListView

from unicancer_site.core.i18n import TranslatedSlugDetailMixin

from .models import EditorialPage


class EditorialPageListView(ListView):
    """Every published page, once, in the visitor's language (the French text, marked so, where a translation
    is missing)."""

    template_name = "pages/page_list.html"
    context_object_name = "pages"

    def get_queryset(self):
        return EditorialPage.objects.published().by_title()


class EditorialPageDetailView(TranslatedSlugDetailMixin, DetailView):
    """A published page in the visitor's language, by its slug in that language; its slug in the other language
    redirects (301) to it, and so does a former address (``core.redirects``, as for every public slug)."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return EditorialPage.objects.published().select_related("source")
