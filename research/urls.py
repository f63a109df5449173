from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "research"
urlpatterns = [
    path(pgettext_lazy("URL path", "trials/"), views.TrialListView.as_view(), name="trial_list"),
    path(pgettext_lazy("URL path", "trials/<slug:slug>/"), views.TrialDetailView.as_view(), name="trial_detail"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path(pgettext_lazy("URL path", "key-figures/"), views.ResearchFiguresView.as_view(), name="figures"),
]
