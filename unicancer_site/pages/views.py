from django.views.generic import DetailView, ListView

from .models import EditorialPage


class EditorialPageListView(ListView):
    """Every published page, once, in the visitor's language (the French text, marked so, where a translation
    is missing)."""

    template_name = "pages/page_list.html"
    context_object_name = "pages"

    def get_queryset(self):
        return EditorialPage.objects.published().by_title()


class EditorialPageDetailView(DetailView):
    """A published page in the visitor's language; a page's former address redirects (301) to it
    (``core.redirects``, as for every public slug)."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return EditorialPage.objects.published().select_related("source")
