"""The news list (filters, pagination, bad values), a news item's page and the press room, in both languages."""

import datetime
import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from research.models import Trial
from tests.factories import make_centre, make_news_item, make_source, make_trial
from unicancer_site.news.models import NewsItem, PressContact
from unicancer_site.publishing.models import PublicationStatus

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def in_year(year):
    return datetime.datetime(year, 3, 15, 12, tzinfo=datetime.UTC)


def titles(response, key="news_items") -> set[str]:
    """Our items (titles starting with Zz) on the page."""
    return {item.title_fr for item in response.context[key] if item.title_fr.startswith("Zz")}


def jpeg(width=1600, height=900) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@pytest.fixture
def news():
    curie = make_centre(slug="zz-curie", name="Zz Institut Curie")
    lyon = make_centre(slug="zz-lyon", name="Zz Centre Léon Bérard")
    items = {
        "old_news": make_news_item(title_fr="Zz actualité 2019", publish_from=in_year(2019)),
        "curie_news": make_news_item(title_fr="Zz actualité Curie 2023", publish_from=in_year(2023)),
        "curie_release": make_news_item(
            title_fr="Zz communiqué Curie 2023", kind=NewsItem.Kind.PRESS_RELEASE, publish_from=in_year(2023)
        ),
        "lyon_release": make_news_item(
            title_fr="Zz communiqué Lyon 2019", kind=NewsItem.Kind.PRESS_RELEASE, publish_from=in_year(2019)
        ),
        "draft": make_news_item(title_fr="Zz brouillon", status=PublicationStatus.DRAFT),
        "future": make_news_item(title_fr="Zz futur", publish_from=timezone.now() + datetime.timedelta(days=2)),
    }
    items["curie_news"].centres.add(curie)
    items["curie_release"].centres.add(curie)
    items["lyon_release"].centres.add(lyon)
    return items


ALL_PUBLISHED = {"Zz actualité 2019", "Zz actualité Curie 2023", "Zz communiqué Curie 2023", "Zz communiqué Lyon 2019"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_news_list_shows_published_items_newest_first(client, news, language):
    response = client.get(url("news:newsitem_list", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    everything = {item.title_fr for item in NewsItem.objects.published()}
    assert ALL_PUBLISHED <= everything
    assert "Zz brouillon" not in everything and "Zz futur" not in everything
    # Newest first by the date shown: the document's for an item taken from one, else the publication's.
    listed = [item.dated.first_day for item in response.context["news_items"]]
    assert listed == sorted(listed, reverse=True)
    assert 'for="news-kind"' in html and 'for="news-centre"' in html and 'for="news-year"' in html
    # Untranslated titles are shown in French and marked as such on the English page.
    html = client.get(url("news:newsitem_list", language), {"centre": "zz-curie"}).content.decode()
    assert 'lang="fr">Zz actualité Curie 2023</a>' in html
    assert ("(in French)" in html) == (language == "en")


def test_each_filter_narrows(client, news):
    get = lambda **params: titles(client.get(url("news:newsitem_list"), params))  # noqa: E731
    assert get(kind="press_release", year=2019) == {"Zz communiqué Lyon 2019"}
    assert get(centre="zz-curie") == {"Zz actualité Curie 2023", "Zz communiqué Curie 2023"}
    assert get(year=2019) >= {"Zz actualité 2019", "Zz communiqué Lyon 2019"}
    assert "Zz actualité Curie 2023" not in get(year=2019)
    assert "Zz actualité 2019" not in get(kind="press_release")


def test_filters_combine(client, news):
    response = client.get(url("news:newsitem_list"), {"centre": "zz-curie", "kind": "news", "year": 2023})
    assert titles(response) == {"Zz actualité Curie 2023"}
    html = response.content.decode()
    assert '<option value="zz-curie" selected>' in html
    assert '<option value="news" selected>' in html
    assert '<option value="2023" selected>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "gossip"},
        {"centre": "no-such-centre"},
        {"year": "abc"},
        {"year": "3000"},
        {"year": "2023.5"},
        {"published_after": "yesterday"},
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
    ],
)
def test_an_invalid_value_gives_the_page_with_a_message(client, news, params):
    response = client.get(url("news:newsitem_list"), params)
    assert response.status_code == 200
    assert response.context["filter_messages"]
    assert 'role="alert"' in response.content.decode()


def test_an_invalid_value_keeps_the_other_filters(client, news):
    response = client.get(url("news:newsitem_list"), {"centre": "zz-curie", "year": "abc", "kind": "press_release"})
    assert titles(response) == {"Zz communiqué Curie 2023"}


def test_pagination_keeps_the_filters(client, news):
    centre = make_centre(slug="zz-paged")
    for number in range(15):
        make_news_item(title_fr=f"Zz page {number:02}", publish_from=in_year(2021)).centres.add(centre)
    response = client.get(url("news:newsitem_list"), {"centre": "zz-paged"})
    assert response.context["paginator"].count == 15
    html = response.content.decode()
    next_link = re.search(r'<a href="\?([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    assert "centre=zz-paged" in next_link and "page=2" in next_link
    second = client.get(f"{url('news:newsitem_list')}?{next_link}")
    assert second.context["page_obj"].number == 2
    assert len(titles(second)) == 3


def test_news_list_query_count(client, news, django_assert_num_queries):
    for number in range(12):
        make_news_item(title_fr=f"Zz encore {number}")
    client.get(url("news:newsitem_list"))  # the years with news (the form) computed and cached
    # 1 centre (validating the filter) 2 count 3 centres (the form) 4-6 the page (by_date_window: the newest undated
    # items, the newest dated by their source, the page's items); the years come from the cache.
    with django_assert_num_queries(6):
        response = client.get(url("news:newsitem_list"), {"centre": "zz-curie"})
    assert response.status_code == 200
    # Page 2 costs the same queries as any page (no OFFSET over the whole table; issue 13): 1 count 2 centres
    # 3-5 the page.
    with django_assert_num_queries(5):
        response = client.get(url("news:newsitem_list"), {"page": 2})
    assert response.context["page_obj"].number == 2


@pytest.fixture
def press_release(news):
    contact = PressContact.objects.create(name="Zz Attachée de presse", email="presse@example.org", phone="01 02")
    trial = make_trial(acronym="ZZTRIAL", slug="zz-trial")
    draft_trial = make_trial(acronym="ZZDRAFTTRIAL", status=PublicationStatus.DRAFT)
    item = make_news_item(
        slug="zz-communique",
        kind=NewsItem.Kind.PRESS_RELEASE,
        title_fr="Zz communiqué détaillé",
        title_en="Zz detailed press release",
        summary_fr="Résumé.",
        body_fr="<p>Corps <strong>en français</strong>.</p><script>alert(1)</script>",
        body_en="",
        press_contact=contact,
        source=make_source(title="Communiqué source de test"),
    )
    item.centres.add(make_centre(name="Zz Centre concerné"))
    item.trials.add(trial, draft_trial)
    return item


@pytest.mark.parametrize("language", ["fr", "en"])
def test_news_item_page(client, press_release, language):
    response = client.get(url("news:newsitem_detail", language, slug="zz-communique"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert ("Zz detailed press release" if language == "en" else "Zz communiqué détaillé") in html
    assert "Zz Centre concerné" in html
    assert f'href="{url("research:trial_detail", language, slug="zz-trial")}"' in html
    assert "ZZDRAFTTRIAL" not in html
    # The press contact of a press release.
    assert "Zz Attachée de presse" in html and 'href="mailto:presse@example.org"' in html
    assert "<script>alert" not in html
    assert "Communiqué source de test" in html
    if language == "en":
        # The body is only in French: shown in French, marked.
        assert '<div class="prose" lang="fr"><p>Corps <strong>en français</strong>.</p>' in html
        assert "This text is only available in French." in html


def test_news_item_json_ld(client, press_release):
    response = client.get(url("news:newsitem_detail", "en", slug="zz-communique"))
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.DOTALL)
    data = json.loads(scripts[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Zz detailed press release"
    # Dated by its document (make_source: 22 August 2024), at the document's precision.
    assert data["datePublished"] == press_release.dated.isoformat() == "2024-08-22"
    assert data["url"].endswith("/en/news/zz-communique/")


def test_news_item_has_a_responsive_image_with_alt_text(client, news, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_news_item(
        slug="zz-image", title_fr="Zz image", image_alt_fr="Une photo rouge", image_alt_en="A red photo"
    )
    item.image.save("photo.jpg", jpeg(), save=True)
    html = client.get(url("news:newsitem_detail", "en", slug="zz-image")).content.decode()
    img = re.search(r"<img [^>]+>", html[html.index("<main") :]).group(0)
    assert 'alt="A red photo"' in img
    assert 'sizes="' in img
    srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    assert [entry.split()[1] for entry in srcset.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert all("/media/renditions/" in entry and ".webp" in entry for entry in srcset.split(", "))
    assert 'width="1600" height="900"' in img
    assert re.search(r'<meta property="og:image" content="https?://[^"]+/media/news/[^"]+\.jpg">', html)


def test_news_item_with_a_corrupt_image_still_shows(client, news, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_news_item(slug="zz-corrupt", title_fr="Zz corrompu", image_alt_fr="Photo")
    item.image.save("broken.jpg", ContentFile(b"not an image at all", name="broken.jpg"), save=True)
    missing = make_news_item(slug="zz-missing", title_fr="Zz manquante", image_alt_fr="Photo")
    NewsItem.objects.filter(pk=missing.pk).update(image="news/images/gone.jpg")
    for slug in ("zz-corrupt", "zz-missing"):
        response = client.get(url("news:newsitem_detail", slug=slug))
        assert response.status_code == 200
        assert "<img " not in response.content.decode()[response.content.decode().index("<main") :]


def test_pdf_attachment_with_its_size(client, news, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_news_item(slug="zz-pdf", title_fr="Zz PDF")
    item.attachment.save("dossier.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="dossier.pdf"), save=True)
    html = client.get(url("news:newsitem_detail", "en", slug="zz-pdf")).content.decode()
    assert f'href="{item.attachment.url}" type="application/pdf"' in html
    assert "(PDF, 2.0\xa0KB)" in html
    # A missing file: no broken link, no error.
    NewsItem.objects.filter(pk=item.pk).update(attachment="news/attachments/gone.pdf")
    response = client.get(url("news:newsitem_detail", "en", slug="zz-pdf"))
    assert response.status_code == 200
    assert "gone.pdf" not in response.content.decode()


@pytest.mark.parametrize("slug_key", ["draft", "future"])
def test_unpublished_news_item_is_404(client, news, slug_key):
    for language in ("fr", "en"):
        assert client.get(url("news:newsitem_detail", language, slug=news[slug_key].slug)).status_code == 404


def test_expired_news_item_is_404(client, news):
    item = news["old_news"]
    NewsItem.objects.filter(pk=item.pk).update(publish_until=timezone.now() - datetime.timedelta(hours=1))
    assert client.get(url("news:newsitem_detail", slug=item.slug)).status_code == 404


def test_news_item_query_count(client, press_release, django_assert_num_queries):
    # 1 item with its press contact and source 2 its centres 3 its published trials
    with django_assert_num_queries(3):
        client.get(url("news:newsitem_detail", slug="zz-communique"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_press_room_lists_press_releases_with_the_contacts(client, press_release, language):
    response = client.get(url("news:press_room", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response, "press_releases") == {
        "Zz communiqué Curie 2023",
        "Zz communiqué Lyon 2019",
        "Zz communiqué détaillé",
    }
    assert "Zz actualité 2019" not in html
    assert "Zz Attachée de presse" in html
    assert f'href="{url("news:press_feed_rss", language)}"' in html


def test_press_room_hides_contacts_of_unpublished_releases_only(client, news):
    hidden = PressContact.objects.create(name="Zz Contact caché", email="cache@example.org")
    make_news_item(kind=NewsItem.Kind.PRESS_RELEASE, status=PublicationStatus.DRAFT, press_contact=hidden)
    assert "Zz Contact caché" not in client.get(url("news:press_room")).content.decode()


def test_press_room_bad_page_gives_a_message(client, news):
    response = client.get(url("news:press_room"), {"page": "xyz"})
    assert response.status_code == 200
    assert response.context["filter_messages"]


def test_press_room_query_count(client, press_release, django_assert_num_queries):
    for number in range(5):
        make_news_item(kind=NewsItem.Kind.PRESS_RELEASE, title_fr=f"Zz communiqué {number}")
    # 1 count 2-4 the page of press releases (by_date_window) 5 press contacts of published press releases
    with django_assert_num_queries(5):
        client.get(url("news:press_room"))


def test_the_trial_kind_does_not_leak_into_news(client, press_release):
    # Only published trials are linked from a news item (the draft one is skipped above); programmes link to their page.
    programme = make_trial(slug="zz-prog", acronym="ZZPROG", kind=Trial.Kind.PROGRAMME)
    press_release.trials.add(programme)
    html = client.get(url("news:newsitem_detail", slug="zz-communique")).content.decode()
    assert f'href="{url("research:programme_detail", slug="zz-prog")}"' in html


def test_an_item_from_a_document_is_dated_by_it_at_its_precision(client):
    from unicancer_site.core.dates import DatePrecision

    report = make_source(title="Rapport de test", date=datetime.date(2023, 5, 1), date_precision=DatePrecision.YEAR)
    item = make_news_item(slug="zz-du-rapport", title_fr="Zz du rapport", source=report)
    own = make_news_item(
        slug="zz-du-site", title_fr="Zz du site", publish_from=timezone.now() - datetime.timedelta(days=3)
    )
    html = client.get(url("news:newsitem_detail", "fr", slug="zz-du-rapport")).content.decode()
    assert '<time datetime="2023">2023</time>' in html
    assert NewsItem.objects.get(pk=item.pk).dated.isoformat() == "2023"
    assert NewsItem.objects.get(pk=own.pk).dated.isoformat() == timezone.localdate(own.publish_from).isoformat()
    # Ordered by that date, and filtered by its year.
    listed = [news.slug for news in client.get(url("news:newsitem_list"), {"year": 2023}).context["news_items"]]
    assert "zz-du-rapport" in listed and "zz-du-site" not in listed


def test_the_first_of_the_month_reads_1er(client):
    make_news_item(slug="zz-premier", title_fr="Zz premier", source=make_source(date=datetime.date(2024, 3, 1)))
    html = client.get(url("news:newsitem_detail", "fr", slug="zz-premier")).content.decode()
    assert '<time datetime="2024-03-01">1er mars 2024</time>' in html


@pytest.mark.parametrize(
    ("params", "french"),
    [
        ({}, "actualités et communiqués"),
        ({"kind": "news"}, "actualités"),
        ({"kind": "press_release"}, "communiqués de presse"),
    ],
)
def test_the_list_heading_says_what_is_counted(client, params, french):
    response = client.get(url("news:newsitem_list", "fr"), params)
    heading = re.search(r'<h2 id="results-heading">(.*?)</h2>', response.content.decode()).group(1)
    assert heading == f"{response.context['paginator'].count} {french}"  # the demo content has several of each


def test_a_body_repeating_its_lead_is_refused():
    from django.core.exceptions import ValidationError

    item = NewsItem(
        slug="zz-repete",
        title_fr="Zz répète",
        summary_fr="Le résumé de l’actualité.",
        body_fr="<p><strong>Paris, le 1er mars 2024</strong> – Le résumé de l’actualité. Et la suite.</p>",
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "body_fr" in error.value.message_dict
    item.body_fr = "<p>Et la suite.</p>"
    item.full_clean()


def test_no_demo_item_or_page_repeats_its_lead():
    from unicancer_site.core.sanitize import repeats_lead
    from unicancer_site.pages.models import EditorialPage

    for obj in [*NewsItem.objects.all(), *EditorialPage.objects.all()]:
        for language in ("fr", "en"):
            assert not repeats_lead(getattr(obj, f"summary_{language}"), getattr(obj, f"body_{language}")), obj.slug
