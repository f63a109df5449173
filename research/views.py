"""Research pages: the trial finder, a trial's page, the programmes (cohorts, platforms...) and the key figures."""

import re
from html import unescape

from django.db.models import Case, Count, Prefetch, Value, When
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from centres.filters import sites_near
from centres.models import Centre, Region
from unicancer_site.core.addresses import absolute_url
from unicancer_site.core.i18n import FALLBACK_LANGUAGE, active_language
from unicancer_site.core.listing import FilteredListMixin
from unicancer_site.core.sanitize import sanitize_html
from unicancer_site.core.search import add_snippets
from unicancer_site.keyfigures.models import KeyFigure
from unicancer_site.news.models import NewsItem
from unicancer_site.pages.models import EditorialPage

from .filters import TrialFilter
from .models import Localisation, Phase, RecruitmentStatus, Trial, TrialCentre

ANY_STATUS = "any"


class TrialListView(FilteredListMixin, ListView):
    """The trial finder: clinical trials only (programmes, cohorts and platforms have their own list).

    Every published trial by default, recruiting ones first, with the number of trials of each status for the
    other filters chosen, each a link (``status_counts``): "recruiting" is one click away.
    ``status=any`` (or an empty status) is the same as no status.
    """

    template_name = "research/trial_list.html"
    context_object_name = "trials"
    paginate_by = 20
    filterset_class = TrialFilter
    boolean_params = ("international",)
    # The finder lists clinical trials only, so the API's kind filter has no meaning here.
    excluded_params = ("page", "kind")

    def get_filter_data(self):
        data = super().get_filter_data()
        statuses = data.getlist("status")
        if ANY_STATUS in statuses or not statuses:
            data.pop("status", None)
        return data

    def base_queryset(self):
        return Trial.objects.published().trials()

    def get_queryset(self):
        trials = self.filter_queryset(self.base_queryset().for_list())
        if "search_rank" in trials.query.annotations:
            # Words typed in the text box: the best matches first (core.search), then the finder's order.
            return trials.order_by("-search_rank", *RECRUITING_FIRST)
        return trials.order_by(*RECRUITING_FIRST)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selected = self.selected()
        context["selected"] = selected
        context["selected_status"] = selected.get("status", [ANY_STATUS])
        context["status_choices"] = RecruitmentStatus.choices
        context["status_counts"] = self.status_counts()
        context["localisations"] = list(Localisation.objects.all())
        context["phases"] = list(Phase.objects.all())
        context["centres"] = list(Centre.objects.order_by("name").only("slug", "name"))
        context["regions"] = Region.choices
        if self.filterset.search_terms:
            # Words typed: why each trial matched (as on the site search page), and the words searched instead
            # when these were corrected.
            add_snippets(context["trials"], Trial, self.filterset.search_terms)
            context["search_query"] = self.filterset.form.cleaned_data.get("q")
            context["corrected_query"] = self.filterset.corrected_query
        match = self.filterset.form.cleaned_data.get("near")
        if match:
            context["near"] = match
            context["near_sites"] = sites_near(match)
        return context

    def status_counts(self) -> list[dict]:
        """For the filters chosen but the status: each status with trials, recruiting first, as
        {"value", "label", "count"}; "" is the trials whose status no document gives. One query."""
        # The filters already validated, but the status: no second validation (and its queries).
        trials = self.base_queryset()
        for name, value in self.filterset.form.cleaned_data.items():
            if name != "status":
                trials = self.filterset.filters[name].filter(trials, value)
        rows = trials.order_by().values("recruitment_status").annotate(count=Count("pk", distinct=True))
        counts = {row["recruitment_status"]: row["count"] for row in rows}
        order = [*STATUS_ORDER, ""]
        return [
            {
                "value": value,
                "label": RecruitmentStatus(value).label if value else gettext_lazy("Status not stated"),
                "count": counts[value],
            }
            for value in sorted(counts, key=lambda value: order.index(value) if value in order else len(order))
        ]


# The finder's order: recruiting trials first, then those about to recruit, then the others; by acronym.
STATUS_ORDER = [
    RecruitmentStatus.RECRUITING,
    RecruitmentStatus.NOT_YET_RECRUITING,
    RecruitmentStatus.ENROLLING_BY_INVITATION,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING,
    RecruitmentStatus.SUSPENDED,
    RecruitmentStatus.COMPLETED,
    RecruitmentStatus.TERMINATED,
    RecruitmentStatus.WITHDRAWN,
]
RECRUITING_FIRST = [
    Case(
        *[When(recruitment_status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
    ),
    "acronym",
    "pk",
]


def trial_detail_queryset():
    """A published trial or programme with everything its page shows, in a fixed number of queries."""
    return (
        Trial.objects.published()
        .select_related("sponsor_centre", "source")
        .prefetch_related(
            "phases",
            "localisations",
            Prefetch(
                "participations",
                queryset=TrialCentre.objects.select_related("centre").order_by("centre__name"),
            ),
            Prefetch(
                "news_items",
                queryset=NewsItem.objects.published().order_by("-publish_from", "-pk"),
                to_attr="published_news",
            ),
        )
    )


# A heading about taking part in a trial, in the charter pages ("Joining a clinical trial",
# "Participer à un essai clinique").
JOIN_HEADING = re.compile(r"(join|take part|taking part|particip|inclu)\w*.*(trial|essai)", re.IGNORECASE)
HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)


def join_passage(html: str) -> tuple[str, str] | None:
    """(heading, HTML of its section) for the section of ``html`` about joining a trial, or None.

    The section runs from that heading to the next heading of the same or a higher level.
    """
    headings = list(HEADING.finditer(html or ""))
    for index, match in enumerate(headings):
        title = unescape(strip_tags(match.group(2))).strip()
        if not JOIN_HEADING.search(title):
            continue
        level = int(match.group(1))
        end = len(html)
        for following in headings[index + 1 :]:
            if int(following.group(1)) <= level:
                end = following.start()
                break
        passage = sanitize_html(html[match.end() : end]).strip()
        if passage:
            return title, passage
    return None


def how_to_join() -> dict | None:
    """What the charter (the page whose role is "charter") says about joining a trial, with the page.

    The passage in the visitor's language, else the French one (``language`` says which). One query.
    None when the charter is not published or has no such passage.
    """
    charter = EditorialPage.objects.published().filter(role=EditorialPage.Role.CHARTER).first()
    if charter is None:
        return None
    for language in dict.fromkeys([active_language(), FALLBACK_LANGUAGE]):
        found = join_passage(getattr(charter, f"body_{language}"))
        if found:
            heading, passage = found
            return {"page": charter, "heading": heading, "passage": passage, "language": language}
    return None


def trial_json_ld(trial: Trial, request) -> dict:
    """schema.org MedicalTrial (or ResearchProject for a programme, a cohort or a platform)."""
    url = absolute_url(trial.get_absolute_url())
    if trial.kind != Trial.Kind.TRIAL:
        data = {"@context": "https://schema.org", "@type": "ResearchProject", "name": trial.title, "url": url}
        if trial.acronym:
            data["alternateName"] = trial.acronym
        if trial.summary:
            data["description"] = trial.summary
        return data
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": trial.title,
        "alternateName": trial.acronym,
        "url": url,
    }
    if trial.summary:
        data["description"] = trial.summary
    if trial.sponsor_display:
        data["sponsor"] = {"@type": "Organization", "name": trial.sponsor_display}
    phases = [phase.name for phase in trial.phases.all()]
    if phases:
        data["phase"] = ", ".join(phases)
    if trial.recruitment_status:
        # schema.org's MedicalStudyStatus names: "active_not_recruiting" -> "ActiveNotRecruiting".
        name = "".join(part.capitalize() for part in trial.recruitment_status.split("_"))
        data["status"] = f"https://schema.org/{name}"
    conditions = [localisation.name for localisation in trial.localisations.all()]
    if conditions:
        data["healthCondition"] = [{"@type": "MedicalCondition", "name": name} for name in conditions]
    identifiers = [identifier for _registry, identifier, _url in trial.registry_links]
    if identifiers:
        data["identifier"] = identifiers
        data["sameAs"] = [link for _registry, _identifier, link in trial.registry_links]
    if trial.start_date:
        data["startDate"] = trial.start_date.isoformat()
    if trial.end_date:
        data["endDate"] = trial.end_date.isoformat()
    return data


class TrialDetailView(DetailView):
    template_name = "research/trial_detail.html"
    context_object_name = "trial"

    def get_queryset(self):
        return trial_detail_queryset().trials()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["how_to_join"] = how_to_join()
        context["json_ld"] = trial_json_ld(self.object, self.request)
        context["trial_offices"] = [
            participation.centre
            for participation in self.object.participations.all()
            if participation.centre.has_trial_office
        ]
        return context


PROGRAMME_GROUP_LABELS = {
    Trial.Kind.PROGRAMME: gettext_lazy("Research programmes"),
    Trial.Kind.COHORT: gettext_lazy("Cohorts"),
    Trial.Kind.PLATFORM: gettext_lazy("Data and research platforms"),
}


class ProgrammeListView(ListView):
    """Research programmes, cohorts and platforms, grouped by kind."""

    template_name = "research/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return Trial.objects.published().programmes().for_list().order_by("acronym", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {kind: [] for kind in (Trial.Kind.PROGRAMME, Trial.Kind.COHORT, Trial.Kind.PLATFORM)}
        for programme in context["programmes"]:
            groups.setdefault(programme.kind, []).append(programme)
        context["groups"] = [
            {"kind": kind, "label": Trial.Kind(kind).label, "programmes": items}
            for kind, items in groups.items()
            if items
        ]
        return context


class ProgrammeDetailView(DetailView):
    template_name = "research/programme_detail.html"
    context_object_name = "trial"

    def get_queryset(self):
        return trial_detail_queryset().programmes()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = trial_json_ld(self.object, self.request)
        return context


class ResearchFiguresView(ListView):
    """The research key figures, newest year first, each with its year and source."""

    template_name = "research/figures.html"
    context_object_name = "figures"

    def get_queryset(self):
        return (
            KeyFigure.objects.for_topic(KeyFigure.Topic.RESEARCH).select_related("source").order_by("-year", "position")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years: dict[int, list] = {}
        for figure in context["figures"]:
            years.setdefault(figure.year, []).append(figure)
        context["years"] = [{"year": year, "figures": figures} for year, figures in years.items()]
        context["page_title"] = _("Research in figures")
        return context
