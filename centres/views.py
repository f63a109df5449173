from django.views.generic import DetailView, ListView

from .models import Centre


class CentreListView(ListView):
    queryset = Centre.objects.with_sites()


class CentreDetailView(DetailView):
    queryset = Centre.objects.with_sites()
