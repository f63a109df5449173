from django.views.generic import DetailView

from .models import EditorialPage


class EditorialPageDetailView(DetailView):
    def get_queryset(self):
        return EditorialPage.objects.published()
