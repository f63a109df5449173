"""Fill a database of its own with a large, synthetic data set shaped like the real one, for the benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_large python manage.py generate_large_dataset

Default sizes (issue 13): the demo content's centres, 10 000 trials with 5 participating centres each, 100 000
news items and 2 000 certification decisions, each in French and English. The text is clearly synthetic (every
title says « synthétique » / "synthetic", every slug starts with ``synth-``) but has the lengths and the shape of the
real content: a title, a summary, an HTML body of a few paragraphs, the centres and trials a real item links to.

Bulk inserts (``bulk_create`` in batches), not ``save()``: no history rows, no workflow transitions. What ``save()``
computes (a certification's supported period) is computed here with the model's own method. It never writes to
fixtures/; the demo content is loaded first when the database has no centre.
"""

import datetime
import random

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from centres.models import Centre
from certifications.models import Certification, Decision, Holder, Scheme, ValidityRule
from research.models import Localisation, Phase, RecruitmentStatus, Trial, TrialCentre
from unicancer_site.core.models import Source
from unicancer_site.core.search import rebuild_index
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing.models import PublicationStatus

PREFIX = "synth-"
BATCH = 2000

# Vocabulary to build titles from: synthetic sentences, but with the words and lengths of the real ones.
TOPICS = [
    ("cancer du sein", "breast cancer"),
    ("cancer du poumon", "lung cancer"),
    ("cancer colorectal", "colorectal cancer"),
    ("cancer de la prostate", "prostate cancer"),
    ("mélanome", "melanoma"),
    ("lymphome", "lymphoma"),
    ("sarcome", "sarcoma"),
    ("cancer de l’ovaire", "ovarian cancer"),
    ("tumeurs cérébrales", "brain tumours"),
    ("cancers pédiatriques", "childhood cancers"),
]
ACTIONS = [
    ("évaluer l’efficacité d’un traitement", "assessing the efficacy of a treatment"),
    ("réduire les toxicités", "reducing toxicities"),
    ("améliorer la qualité de vie", "improving quality of life"),
    ("désescalader la radiothérapie", "de-escalating radiotherapy"),
    ("personnaliser l’immunothérapie", "personalising immunotherapy"),
    ("dépister plus tôt", "screening earlier"),
]
SENTENCE_FR = (
    "Ce texte synthétique reproduit la forme d’une actualité du réseau : les équipes des Centres de lutte contre le "
    "cancer présentent leurs résultats, l’accès à l’innovation et la qualité des soins pour les patients."
)
SENTENCE_EN = (
    "This synthetic text has the shape of a network news item: the comprehensive cancer centres' teams present "
    "their results, access to innovation and the quality of care for patients."
)


class Command(BaseCommand):
    help = (
        "Fill the configured database with a large synthetic data set (trials, participations, news items, "
        "certification decisions) with bulk inserts. Run it on a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--trials", type=int, default=10_000)
        parser.add_argument("--centres-per-trial", type=int, default=5)
        parser.add_argument("--news", type=int, default=100_000)
        parser.add_argument("--certifications", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=13, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the rows a previous run generated (slugs synth-…) first."
        )

    def handle(self, *args, trials, centres_per_trial, news, certifications, seed, replace, **options):
        for name, value in (("trials", trials), ("news", news), ("certifications", certifications)):
            if value < 0:
                raise CommandError(f"--{name} must be 0 or more.")
        rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, no secret
        if not Centre.objects.exists():
            call_command("load_demo_content", stdout=self.stdout)
        centres = list(Centre.objects.order_by("pk"))
        if not centres:
            raise CommandError("No centre: load the demo content first (python manage.py load_demo_content).")
        if not 0 <= centres_per_trial <= len(centres):
            raise CommandError(f"--centres-per-trial must be between 0 and {len(centres)}.")
        if (
            Trial.objects.filter(slug__startswith=PREFIX).exists()
            or NewsItem.objects.filter(slug__startswith=PREFIX).exists()
        ):
            if not replace:
                raise CommandError("This database already holds generated rows: pass --replace to start again.")
            self.delete_generated()
        now = timezone.now()
        with transaction.atomic():
            trial_ids = self.make_trials(rng, trials, centres, centres_per_trial, now)
            self.make_news(rng, news, centres, trial_ids, now)
            self.make_certifications(rng, certifications, centres)
        # bulk_create sends no signal: the search documents of the new rows are written here, as a save would.
        rebuild_index()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, so that the plans measured are the real ones
        self.stdout.write(
            f"Generated {trials} trials ({trials * centres_per_trial} participations), {news} news items, "
            f"{certifications} certification decisions."
        )

    def delete_generated(self):
        NewsItem.objects.filter(slug__startswith=PREFIX).delete()
        Trial.objects.filter(slug__startswith=PREFIX).delete()
        Certification.objects.filter(notes_en__startswith="Synthetic").delete()

    def make_trials(self, rng, count, centres, per_trial, now):
        phases = list(Phase.objects.values_list("code", flat=True))
        localisations = list(Localisation.objects.values_list("pk", flat=True))
        statuses = [choice for choice, _label in RecruitmentStatus.choices]
        rows = []
        for index in range(count):
            topic_fr, topic_en = rng.choice(TOPICS)
            action_fr, action_en = rng.choice(ACTIONS)
            start = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(5000))
            rows.append(
                Trial(
                    slug=f"{PREFIX}trial-{index}",
                    acronym=f"SYN{index:05d}",
                    title_fr=f"Essai synthétique {index} : {action_fr} dans le {topic_fr}",
                    title_en=f"Synthetic trial {index}: {action_en} in {topic_en}",
                    summary_fr=" ".join([SENTENCE_FR] * rng.randint(1, 3)),
                    summary_en=" ".join([SENTENCE_EN] * rng.randint(1, 3)),
                    eligibility_fr=f"Patients atteints d’un {topic_fr} (critères synthétiques).",
                    eligibility_en=f"Patients with {topic_en} (synthetic criteria).",
                    kind=Trial.Kind.TRIAL if index % 20 else Trial.Kind.PROGRAMME,
                    recruitment_status=rng.choice(statuses),
                    sponsor=Trial.Sponsor.UNICANCER,
                    target_enrolment=rng.randint(50, 3000),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(365, 3650)),
                    status=PublicationStatus.PUBLISHED,
                    publish_from=now - datetime.timedelta(days=rng.randrange(3000), minutes=rng.randrange(1440)),
                )
            )
        Trial.objects.bulk_create(rows, batch_size=BATCH)
        trial_ids = list(Trial.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        participations, phase_links, localisation_links = [], [], []
        for trial_id in trial_ids:
            for centre in rng.sample(centres, per_trial):
                participations.append(
                    TrialCentre(trial_id=trial_id, centre=centre, recruitment_status=rng.choice(statuses))
                )
            if phases:
                phase_links.append(Trial.phases.through(trial_id=trial_id, phase_id=rng.choice(phases)))
            if localisations:
                localisation_links.append(
                    Trial.localisations.through(trial_id=trial_id, localisation_id=rng.choice(localisations))
                )
        TrialCentre.objects.bulk_create(participations, batch_size=BATCH)
        Trial.phases.through.objects.bulk_create(phase_links, batch_size=BATCH)
        Trial.localisations.through.objects.bulk_create(localisation_links, batch_size=BATCH)
        return trial_ids

    def make_news(self, rng, count, centres, trial_ids, now):
        rows = []
        for index in range(count):
            topic_fr, topic_en = rng.choice(TOPICS)
            paragraphs = rng.randint(3, 8)
            rows.append(
                NewsItem(
                    slug=f"{PREFIX}news-{index}",
                    slug_en=f"{PREFIX}news-{index}-en",
                    kind=NewsItem.Kind.PRESS_RELEASE if index % 4 == 0 else NewsItem.Kind.NEWS,
                    title_fr=f"Actualité synthétique {index} : avancées dans le {topic_fr}",
                    title_en=f"Synthetic news {index}: progress in {topic_en}",
                    summary_fr=SENTENCE_FR,
                    summary_en=SENTENCE_EN,
                    body_fr="".join(f"<p>{SENTENCE_FR}</p>" for _ in range(paragraphs)),
                    body_en="".join(f"<p>{SENTENCE_EN}</p>" for _ in range(paragraphs)),
                    status=PublicationStatus.PUBLISHED,
                    # Spread over about 20 years, so that the year list and deep pages are realistic.
                    publish_from=now - datetime.timedelta(minutes=rng.randrange(20 * 365 * 1440)),
                )
            )
            if len(rows) == BATCH:
                self.link_news(rng, NewsItem.objects.bulk_create(rows), centres, trial_ids)
                rows = []
        if rows:
            self.link_news(rng, NewsItem.objects.bulk_create(rows), centres, trial_ids)

    def link_news(self, rng, items, centres, trial_ids):
        centre_links, trial_links = [], []
        for item in items:
            for centre in rng.sample(centres, rng.randint(0, 2)):
                centre_links.append(NewsItem.centres.through(newsitem_id=item.pk, centre_id=centre.pk))
            if trial_ids and rng.random() < 0.3:
                trial_links.append(NewsItem.trials.through(newsitem_id=item.pk, trial_id=rng.choice(trial_ids)))
        NewsItem.centres.through.objects.bulk_create(centre_links)
        NewsItem.trials.through.objects.bulk_create(trial_links)

    def make_certifications(self, rng, count, centres):
        # A decision always names its document: one synthetic source for them all.
        source, _created = Source.objects.get_or_create(
            title="Document synthétique (jeu de données du banc d’essai)", date=None, defaults={"kind": "document"}
        )
        rules = {(rule.scheme, rule.referential): rule for rule in ValidityRule.objects.all()}
        schemes = [Scheme.HAS, Scheme.HAS, Scheme.ISO_9001, Scheme.OECI]
        decisions = {
            Scheme.HAS: [Decision.CERTIFIED, Decision.CERTIFIED_WITH_MENTION, Decision.CERTIFIED_WITH_CONDITIONS],
            Scheme.ISO_9001: [Decision.CERTIFIED],
            Scheme.OECI: [Decision.ACCREDITED],
        }
        rows = []
        for index in range(count):
            scheme = rng.choice(schemes)
            decided = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000))
            certification = Certification(
                scheme=scheme,
                referential="V2020" if scheme == Scheme.HAS else "",
                holder=Holder.CENTRE,
                centre=rng.choice(centres),
                decision=rng.choice(decisions[scheme]),
                decision_date=decided,
                visit_date=decided - datetime.timedelta(days=rng.randint(30, 200)),
                iteration=rng.randint(1, 6),
                certifying_body="Organisme synthétique",
                notes_fr=f"Décision synthétique {index}.",
                notes_en=f"Synthetic decision {index}.",
                source=source,
            )
            rule = rules.get((scheme, certification.referential)) or rules.get((scheme, ""))
            certification.refresh_validity(rule=rule)
            rows.append(certification)
        Certification.objects.bulk_create(rows, batch_size=BATCH)
