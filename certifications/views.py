from django.http import Http404
from django.views.generic import TemplateView

from .models import Certification, Scheme


class CertificationOverviewView(TemplateView):
    template_name = "certifications/overview.html"


class SchemeDetailView(TemplateView):
    template_name = "certifications/scheme_detail.html"

    def get_context_data(self, **kwargs):
        if kwargs["scheme"] not in Scheme.values:
            raise Http404
        context = super().get_context_data(**kwargs)
        context["certifications"] = Certification.objects.filter(scheme=kwargs["scheme"]).select_related("centre")
        return context
