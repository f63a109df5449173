from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("essais/", views.TrialListView.as_view(), name="trial_list"),
    path("essais/<slug:slug>/", views.TrialDetailView.as_view(), name="trial_detail"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("chiffres-cles/", views.ResearchFiguresView.as_view(), name="figures"),
]
