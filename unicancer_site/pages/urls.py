from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.EditorialPageListView.as_view(), name="page_list"),
    path("<slug:slug>/", views.EditorialPageDetailView.as_view(), name="page_detail"),
]
