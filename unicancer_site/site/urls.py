from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recherche-globale/", views.SearchView.as_view(), name="search"),
]
