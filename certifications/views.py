"""Certification pages: the overview and one table per scheme, for the day the visitor chooses (today by default).

Where each decision stands on that day is the model's one rule (``CertificationQuerySet.known_on``); the views
only group the rows, count the centres, and number the sources.
"""

import datetime

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from centres.models import Centre
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.pages.models import EditorialPage

from .models import Certification, ChapterScore, Decision, Holder, PlannedVisit, Scheme, Standing, VisitStanding


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

    ``has_certified``: centres with a HAS decision in force on ``day``; ``has_with_mention`` and
    ``has_level_not_stated``: of them, those with the mention and those whose source does not say;
    ``has_unconfirmed``: centres last known as HAS certified but with no document supporting it on ``day``
    ("no later information"), counted apart and never as in force; ``by_scheme``: [(Scheme, centres in force,
    centres with no later information)]. Establishments are centres: Unicancer R&D holds ISO certifications but is
    not a care establishment.
    """
    known = (
        Certification.objects.known_on(day)
        .filter(holder=Holder.CENTRE, standing__in=[Standing.IN_FORCE, Standing.NO_LATER_INFORMATION])
        .values("scheme", "decision", "centre", "standing")
    )
    in_force: dict[str, set] = {scheme: set() for scheme in Scheme.values}
    unconfirmed: dict[str, set] = {scheme: set() for scheme in Scheme.values}
    with_mention, level_not_stated = set(), set()
    for row in known:
        if row["standing"] == Standing.NO_LATER_INFORMATION:
            unconfirmed[row["scheme"]].add(row["centre"])
            continue
        in_force[row["scheme"]].add(row["centre"])
        if row["scheme"] != Scheme.HAS:
            continue
        if row["decision"] == Decision.CERTIFIED_WITH_MENTION:
            with_mention.add(row["centre"])
        elif row["decision"] == Decision.CERTIFIED_LEVEL_NOT_STATED:
            level_not_stated.add(row["centre"])
    return {
        "has_certified": len(in_force[Scheme.HAS]),
        "has_with_mention": len(with_mention),
        # Certified, but the source does not say whether with the mention: the two figures above can
        # differ from the network's published ones, which are shown beside them (published_figures).
        "has_level_not_stated": len(level_not_stated),
        "has_unconfirmed": len(unconfirmed[Scheme.HAS] - in_force[Scheme.HAS]),
        "by_scheme": [
            (Scheme(scheme), len(centres), len(unconfirmed[scheme] - centres)) for scheme, centres in in_force.items()
        ],
    }


def published_quality_figures() -> list:
    """The certification figures the network itself published (key figures), each with its source."""
    return list(
        KeyFigure.objects.for_topic(KeyFigure.Topic.QUALITY).select_related("source").order_by("-year", "position")
    )


def has_levels_page() -> EditorialPage | None:
    """The published editorial page explaining the HAS decision levels, if staff wrote one (one query).

    The explanation is content with its source, never template text: without the page, nothing is said.
    """
    return EditorialPage.objects.published().filter(role=EditorialPage.Role.HAS_DECISION_LEVELS).first()


def visits_on(day: datetime.date, **filters) -> tuple[list, list]:
    """(visits still to come, visits planned for a past period with no later information) on ``day``."""
    visits = list(PlannedVisit.objects.filter(**filters).outstanding_on(day))
    return (
        [visit for visit in visits if visit.standing == VisitStanding.PLANNED],
        [visit for visit in visits if visit.standing == VisitStanding.NO_LATER_INFORMATION],
    )


class CertificationOverviewView(DatedMixin, TemplateView):
    template_name = "certifications/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = context["day"]
        context["figures"] = network_figures(day)
        context["published_figures"] = published_quality_figures()
        context["planned_visits"], context["overdue_visits"] = visits_on(day)
        context["sources"] = number_sources(context["planned_visits"], context["overdue_visits"])
        context["has_levels_page"] = has_levels_page()
        return context


class SchemeDetailView(DatedMixin, TemplateView):
    """Every centre (and Unicancer R&D) with where its latest decision stands on the chosen day, for one scheme."""

    template_name = "certifications/scheme_detail.html"

    def get_context_data(self, **kwargs):
        if kwargs["scheme"] not in Scheme.values:
            raise Http404
        context = super().get_context_data(**kwargs)
        scheme = Scheme(kwargs["scheme"])
        day = context["day"]
        decisions = list(
            Certification.objects.known_on(day)
            .filter(scheme=scheme)
            .select_related("centre", "source", "confirmed_by", "validity_rule__source")
            .prefetch_related("chapter_scores")
            .order_by("centre__name", "scope_fr")
        )
        context["scheme"] = scheme
        context["rows"] = scheme_rows(Centre.objects.order_by("name"), decisions)
        context["chapters"] = ChapterScore.Chapter.values if scheme == Scheme.HAS else []
        context["chapter_labels"] = ChapterScore.Chapter.choices
        context["figures"] = network_figures(day)
        context["planned_visits"], context["overdue_visits"] = [], []
        if scheme == Scheme.HAS:
            context["published_figures"] = published_quality_figures()
            context["has_levels_page"] = has_levels_page()
            context["planned_visits"], context["overdue_visits"] = visits_on(day, scheme=scheme)
        numbers = SourceNumbers()
        # Numbered in the order the table shows them.
        for decision in [row["certification"] for row in context["rows"] if row["certification"] is not None]:
            decision.source_number = numbers.number(decision.source)
            if decision.confirmed_by_id:
                decision.confirmation_source_number = numbers.number(decision.confirmed_by)
            if decision.validity_rule_id:
                decision.rule_source_number = numbers.number(decision.validity_rule.source)
        for visit in context["planned_visits"] + context["overdue_visits"]:
            visit.source_number = numbers.number(visit.source)
        context["sources"] = numbers.sources
        return context


class SourceNumbers:
    """The distinct sources of a page, numbered in order of first mention (1, 2...).

    Tables show "Source 3" in each row and list the sources once below: long document titles
    repeated in every row would make the tables unreadable on a phone.
    """

    def __init__(self):
        self._sources: dict[int, object] = {}

    def number(self, source) -> int:
        """``source``'s number, giving it the next one at its first mention (and setting ``source.number``)."""
        if source.pk not in self._sources:
            self._sources[source.pk] = source
            source.number = len(self._sources)
        return self._sources[source.pk].number

    @property
    def sources(self) -> list:
        return list(self._sources.values())


def number_sources(*groups) -> list:
    """Give each object of ``groups`` a ``source_number`` for its ``source``; the distinct sources in order."""
    numbers = SourceNumbers()
    for objects in groups:
        for obj in objects:
            if obj is not None:
                obj.source_number = numbers.number(obj.source)
    return numbers.sources


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
