import datetime

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from centres.models import Centre
from unicancer_site.keyfigures.models import KeyFigure

from .models import GRANTED_DECISIONS, Certification, ChapterScore, Decision, Holder, PlannedVisit, Scheme

# What each HAS decision means: a generic, factual description of the HAS scale (no figures).
HAS_DECISION_EXPLANATIONS = [
    (
        Decision.CERTIFIED_WITH_MENTION,
        _(
            "The highest level of the HAS scale, published as « Haute qualité des soins »: the establishment "
            "is certified and its results on the assessed criteria go beyond what certification requires."
        ),
    ),
    (
        Decision.CERTIFIED,
        _("The establishment meets the quality and safety of care requirements of the HAS référentiel."),
    ),
    (
        Decision.CERTIFIED_WITH_CONDITIONS,
        _(
            "The establishment is certified, but must improve on some points; the HAS assesses them again "
            "within a set time before confirming the certification."
        ),
    ),
    (
        Decision.NOT_CERTIFIED,
        _(
            "The establishment does not meet the requirements: the HAS refuses certification, and a new "
            "assessment is organised."
        ),
    ),
    (
        Decision.CERTIFIED_LEVEL_NOT_STATED,
        _(
            "Not a HAS decision of its own: the source says the establishment is certified without saying "
            "whether the mention was given, and this site records no more than the source says."
        ),
    ),
]


class DateForm(forms.Form):
    on = forms.DateField(
        label=_("Situation on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("Format: YYYY-MM-DD."),
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day and not (datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31)):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return day


class DatedMixin:
    """Reads the visitor's date (``?on=YYYY-MM-DD``); an invalid date shows the form's error and today's data."""

    def get_day(self) -> tuple[DateForm, datetime.date]:
        today = timezone.localdate()
        form = DateForm(self.request.GET or None, initial={"on": today})
        if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
            return form, form.cleaned_data["on"]
        return form, today

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, day = self.get_day()
        context.update(form=form, day=day, today=timezone.localdate(), schemes=Scheme.choices)
        return context


def network_figures(day: datetime.date) -> dict:
    """The network's figures on ``day``, computed from the decisions (one query).

    Establishments are centres: Unicancer R&D holds ISO certifications but is not a care establishment.
    """
    current = Certification.objects.current_on(day).filter(holder=Holder.CENTRE).values("scheme", "decision", "centre")
    by_scheme: dict[str, set] = {scheme: set() for scheme in Scheme.values}
    with_mention, level_not_stated = set(), set()
    for row in current:
        by_scheme[row["scheme"]].add(row["centre"])
        if row["decision"] == Decision.CERTIFIED_WITH_MENTION:
            with_mention.add(row["centre"])
        elif row["decision"] == Decision.CERTIFIED_LEVEL_NOT_STATED:
            level_not_stated.add(row["centre"])
    return {
        "has_certified": len(by_scheme[Scheme.HAS]),
        "has_with_mention": len(with_mention),
        # Certified, but the source does not say whether with the mention: the two figures above can
        # differ from the network's published ones, which are shown beside them (published_figures).
        "has_level_not_stated": len(level_not_stated),
        "by_scheme": [(Scheme(scheme), len(centres)) for scheme, centres in by_scheme.items()],
    }


def published_quality_figures() -> list:
    """The certification figures the network itself published (key figures), each with its source."""
    return list(
        KeyFigure.objects.for_topic(KeyFigure.Topic.QUALITY).select_related("source").order_by("-year", "position")
    )


class CertificationOverviewView(DatedMixin, TemplateView):
    template_name = "certifications/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = context["day"]
        context["figures"] = network_figures(day)
        context["published_figures"] = published_quality_figures()
        context["planned_visits"] = list(PlannedVisit.objects.pending_on(day))
        context["sources"] = number_sources(context["planned_visits"])
        context["explanations"] = [(Decision(decision), text) for decision, text in HAS_DECISION_EXPLANATIONS]
        return context


class SchemeDetailView(DatedMixin, TemplateView):
    """Every centre (and Unicancer R&D) with its decision in force on the chosen day for one scheme."""

    template_name = "certifications/scheme_detail.html"

    def get_context_data(self, **kwargs):
        if kwargs["scheme"] not in Scheme.values:
            raise Http404
        context = super().get_context_data(**kwargs)
        scheme = Scheme(kwargs["scheme"])
        day = context["day"]
        decisions = list(
            Certification.objects.in_force_on(day)
            .filter(scheme=scheme)
            .select_related("centre", "source")
            .prefetch_related("chapter_scores")
            .order_by("centre__name", "scope_fr")
        )
        context["scheme"] = scheme
        context["rows"] = scheme_rows(Centre.objects.order_by("name"), decisions)
        context["chapters"] = ChapterScore.Chapter.values if scheme == Scheme.HAS else []
        context["chapter_labels"] = ChapterScore.Chapter.choices
        context["figures"] = network_figures(day)
        context["granted"] = [decision for decision in decisions if decision.decision in GRANTED_DECISIONS]
        if scheme == Scheme.HAS:
            context["published_figures"] = published_quality_figures()
            context["explanations"] = [(Decision(decision), text) for decision, text in HAS_DECISION_EXPLANATIONS]
            context["planned_visits"] = list(PlannedVisit.objects.filter(scheme=scheme).pending_on(day))
        context["sources"] = number_sources(decisions, context.get("planned_visits", []))
        return context


def number_sources(*groups) -> list:
    """Give each object a ``source_number`` (1, 2...) and return the distinct sources in that order.

    Tables show "Source 3" in each row and list the sources once below: long document titles
    repeated in every row would make the tables unreadable on a phone.
    """
    sources: dict[int, object] = {}
    for objects in groups:
        for obj in objects:
            if obj is None:
                continue
            source = obj.source
            if source.pk not in sources:
                sources[source.pk] = source
                source.number = len(sources)
            obj.source_number = sources[source.pk].number
    return list(sources.values())


def scheme_rows(centres, decisions) -> list[dict]:
    """One row per decision, and one per centre without any; Unicancer R&D's decisions last."""
    by_centre: dict[int | None, list] = {}
    for decision in decisions:
        by_centre.setdefault(decision.centre_id, []).append(decision)
    rows = []
    for centre in centres:
        for certification in by_centre.get(centre.pk, [None]):
            rows.append({"holder": centre.name, "centre": centre, "certification": certification})
    for certification in by_centre.get(None, []):
        rows.append({"holder": Holder.UNICANCER_RD.label, "centre": None, "certification": certification})
    for row in rows:
        certification = row["certification"]
        if certification is not None:
            scores = {score.chapter: score.score for score in certification.chapter_scores.all()}
            row["chapter_scores"] = [scores.get(chapter) for chapter in ChapterScore.Chapter.values]
    return rows
