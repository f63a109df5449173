from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem_list"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem_detail"),
]
