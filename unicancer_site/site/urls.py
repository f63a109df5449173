from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(pgettext_lazy("URL path", "search/"), views.SearchView.as_view(), name="search"),
]
