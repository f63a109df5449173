from django.urls import path

from . import views

app_name = "certifications"
urlpatterns = [
    path("", views.CertificationOverviewView.as_view(), name="overview"),
    path("<slug:scheme>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
]
