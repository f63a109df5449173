from django.views.generic import DetailView, ListView

from .models import Trial


class TrialListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Trial.objects.published().trials().for_list()


class TrialDetailView(DetailView):
    def get_queryset(self):
        return Trial.objects.published().trials()


class ProgrammeDetailView(DetailView):
    def get_queryset(self):
        return Trial.objects.published().programmes()
