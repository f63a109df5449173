from django.views.generic import DetailView, ListView

from .models import NewsItem


class NewsItemListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return NewsItem.objects.published().for_list()


class NewsItemDetailView(DetailView):
    def get_queryset(self):
        return NewsItem.objects.published()
