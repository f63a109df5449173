from django.db.models import Q
from django.views.generic import DetailView, ListView

from .models import EditorialPage


class EditorialPageListView(ListView):
    """Every published page, in both languages: each page is written in one language and marked so."""

    template_name = "pages/page_list.html"
    context_object_name = "pages"

    def get_queryset(self):
        return EditorialPage.objects.published().order_by("language", "title")


class EditorialPageDetailView(DetailView):
    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return EditorialPage.objects.published().select_related("source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        # The same page in the other language, when it is published: linked either way.
        context["translation"] = (
            EditorialPage.objects.published()
            .filter(Q(pk=page.translation_of_id) | Q(translation_of=page))
            .exclude(pk=page.pk)
            .first()
        )
        return context
