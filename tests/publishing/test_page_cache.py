"""The page cache for anonymous visitors (unicancer_site/publishing/pagecache.py), in one process: what is
served from it, what never is, its keys, its validators, its schedule and a Redis outage.

The same rules through two gunicorn instances sharing Redis: tests/ops/test_page_cache.py.
"""

import datetime
import io
import socket
import time
from contextlib import contextmanager

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from research.models import Phase
from tests.factories import make_news_item
from unicancer_site.news.models import NewsItem
from unicancer_site.publishing import pagecache, services
from unicancer_site.publishing.models import PublicationStatus, Publishable

pytestmark = pytest.mark.django_db

NEWS_LIST = "/fr/actualites/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The page cache on (the test settings turn it off), empty, and this process's view of it healthy."""
    settings.PAGE_CACHE = True
    caches["pages"].clear()
    pagecache._state.suspended_until = 0.0
    pagecache._state.bump_pending = False
    yield
    caches["pages"].clear()
    pagecache._state.suspended_until = 0.0
    pagecache._state.bump_pending = False


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_superuser("page-cache-staff", "staff@example.org", "a-long-password-1")


def cached(response) -> str | None:
    return response.get("X-Page-Cache")


# Served from the cache --------------------------------------------------------------------------------------


def test_a_public_page_is_rendered_once_then_served_without_a_query(client, django_assert_num_queries):
    first = client.get(NEWS_LIST)
    assert first.status_code == 200
    assert cached(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(NEWS_LIST)
    assert cached(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Headers added around the cache are the request's own, not the first response's.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["Content-Language"] == "fr"
    assert "Cookie" in first["Vary"] and "Cookie" in second["Vary"]  # a session cookie gets another page


def test_head_is_answered_from_the_page_its_get_stored(client, django_assert_num_queries):
    client.get(NEWS_LIST)
    with django_assert_num_queries(0):
        response = client.head(NEWS_LIST)
    assert response.status_code == 200
    assert cached(response) == "hit"


def test_the_key_is_the_language_the_path_and_the_query_string():
    factory = RequestFactory()

    def key(path, language="fr", method="get", **extra):
        request = getattr(factory, method)(path, **extra)
        request.LANGUAGE_CODE = language
        return pagecache.page_key(request, 7)

    assert key("/fr/actualites/") == key("/fr/actualites/", method="head")
    assert key("/fr/actualites/").startswith("pagecache:page:7:")
    assert key("/fr/actualites/") != pagecache.page_key(factory.get("/fr/actualites/"), 8)  # the version
    assert (
        len(
            {
                key("/fr/actualites/"),
                key("/fr/actualites/", language="en"),
                key("/fr/actualites/?page=2"),
                key("/fr/actualites/?page=3"),
                key("/fr/centres/"),
                key("/fr/actualites/", HTTP_HOST="localhost"),
            }
        )
        == 6
    )


def test_each_language_and_query_string_has_its_own_page(client):
    french = client.get(NEWS_LIST)
    english = client.get("/en/news/")
    filtered = client.get(NEWS_LIST, {"kind": "press_release"})
    assert cached(english) == cached(filtered) == "miss"
    assert french.content != english.content
    assert french.content != filtered.content
    assert cached(client.get("/en/news/")) == "hit"
    assert cached(client.get(NEWS_LIST, {"kind": "press_release"})) == "hit"


def test_page_cache_0_turns_it_off(client, settings):
    settings.PAGE_CACHE = False
    client.get(NEWS_LIST)
    response = client.get(NEWS_LIST)
    assert response.status_code == 200
    assert cached(response) is None
    assert "ETag" not in response


def test_errors_redirects_the_api_and_the_probes_are_not_cached(client):
    assert client.get("/fr/actualites/no-such-item/").status_code == 404
    assert client.get("/").status_code == 302
    for url in ["/fr/actualites/no-such-item/", "/", "/api/v1/centres/", "/healthz", "/readyz"]:
        assert cached(client.get(url)) is None, url


# Never stale -------------------------------------------------------------------------------------------------


def test_an_edit_shows_at_the_next_request(client):
    item = make_news_item(title_fr="Titre avant la correction")
    assert "Titre avant la correction" in client.get(NEWS_LIST).text
    assert cached(client.get(item.get_absolute_url())) == "miss"
    item.title_fr = "Titre après la correction"
    item.save()
    for url in [NEWS_LIST, item.get_absolute_url()]:
        response = client.get(url)
        assert cached(response) == "miss", url
        assert "Titre après la correction" in response.text, url
        assert "Titre avant la correction" not in response.text, url


def test_publish_unpublish_and_delete_show_at_the_next_request(client, staff_user):
    item = make_news_item(title_fr="Annonce soumise à la relecture", status=PublicationStatus.DRAFT)
    assert "Annonce soumise" not in client.get(NEWS_LIST).text
    assert client.get(item.get_absolute_url()).status_code == 404

    services.publish(obj=item, user=staff_user)
    assert "Annonce soumise" in client.get(NEWS_LIST).text
    assert client.get(item.get_absolute_url()).status_code == 200

    services.unpublish(obj=item, user=staff_user)
    assert "Annonce soumise" not in client.get(NEWS_LIST).text
    assert client.get(item.get_absolute_url()).status_code == 404

    services.publish(obj=item, user=staff_user)
    assert cached(client.get(NEWS_LIST)) == "miss"
    assert cached(client.get(NEWS_LIST)) == "hit"
    item.delete()
    response = client.get(NEWS_LIST)
    assert cached(response) == "miss"
    assert "Annonce soumise" not in response.text


def test_a_change_to_a_many_to_many_link_or_a_model_without_history_retires_the_pages(client):
    version = pagecache.content_version()
    item = make_news_item()
    assert pagecache.content_version() > version
    version = pagecache.content_version()
    centre = apps.get_model("centres", "Centre").objects.first()
    item.centres.add(centre)
    assert pagecache.content_version() > version
    version = pagecache.content_version()
    Phase.objects.first().save()  # no history: found all the same
    assert pagecache.content_version() > version


def test_the_version_moves_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    """A page rendered between the save and the commit, from the data before it, is left under a version
    that the commit retires."""
    before = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        make_news_item()
        during = pagecache.content_version()
    after = pagecache.content_version()
    assert before < during < after


def test_models_are_found_not_listed():
    shown = set(pagecache.shown_models())
    assert {model for model in apps.get_models() if issubclass(model, Publishable)} <= shown
    labels = {model._meta.label for model in shown}
    assert {"centres.Centre", "centres.Site", "certifications.ChapterScore", "research.Phase"} <= labels
    assert {"keyfigures.KeyFigure", "core.Source", "core.FormerSlug"} <= labels
    assert not [label for label in labels if ".Historical" in label]
    assert not labels & {"sessions.Session", "auth.User", "admin.LogEntry", "axes.AccessAttempt"}


def test_sessions_keep_djangos_fast_delete():
    from django.db.models.signals import post_delete

    assert not post_delete.has_listeners(Session)
    assert post_delete.has_listeners(NewsItem)


# On time ----------------------------------------------------------------------------------------------------


def test_a_scheduled_item_appears_and_leaves_on_time_in_a_cached_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 24 * 3600  # so that only the schedule ends the page's life
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    now = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(10, 0)))
    goes_live = now + datetime.timedelta(hours=2)
    leaves = now + datetime.timedelta(hours=5)
    make_news_item(title_fr="Annonce programmée", publish_from=goes_live, publish_until=leaves)
    with time_machine.travel(now, tick=False):
        assert "Annonce programmée" not in client.get(NEWS_LIST).text
        assert cached(client.get(NEWS_LIST)) == "hit"
    with time_machine.travel(goes_live - datetime.timedelta(seconds=2), tick=False):
        assert cached(client.get(NEWS_LIST)) == "hit"
    with time_machine.travel(goes_live + datetime.timedelta(seconds=1), tick=False):
        response = client.get(NEWS_LIST)
        assert cached(response) == "miss"
        assert "Annonce programmée" in response.text
    with time_machine.travel(leaves + datetime.timedelta(seconds=1), tick=False):
        response = client.get(NEWS_LIST)
        assert cached(response) == "miss"
        assert "Annonce programmée" not in response.text


def test_a_page_lives_until_the_next_scheduled_change_midnight_or_page_cache_seconds(settings):
    version = pagecache.content_version()
    now = timezone.make_aware(datetime.datetime(2030, 3, 10, 14, 0))  # Paris time
    soon = now + datetime.timedelta(minutes=3)
    assert pagecache.page_expiry(version, now) == now.timestamp() + settings.PAGE_CACHE_SECONDS

    late = timezone.make_aware(datetime.datetime(2030, 3, 10, 23, 58))
    midnight = timezone.make_aware(datetime.datetime(2030, 3, 11, 0, 0))
    assert pagecache.page_expiry(version, late) == midnight.timestamp()

    make_news_item(status=PublicationStatus.PUBLISHED, publish_from=soon)
    version = pagecache.content_version()
    assert pagecache.page_expiry(version, now) == soon.timestamp()
    # A draft's dates change nothing the public sees.
    make_news_item(status=PublicationStatus.DRAFT, publish_from=now + datetime.timedelta(minutes=1))
    assert pagecache.page_expiry(pagecache.content_version(), now) == soon.timestamp()


# Who gets a cached page --------------------------------------------------------------------------------------


def test_staff_never_get_nor_fill_a_cached_page(client, staff_user):
    staff = Client()
    staff.force_login(staff_user)
    for _ in range(2):
        response = staff.get(NEWS_LIST)
        assert response.status_code == 200
        assert cached(response) is None
        assert "ETag" not in response
    assert cached(client.get(NEWS_LIST)) == "miss"  # staff filled nothing
    assert cached(client.get(NEWS_LIST)) == "hit"
    assert cached(staff.get(NEWS_LIST)) is None  # and are not given what visitors filled


def test_a_session_cookie_alone_bypasses_the_cache(client):
    client.get(NEWS_LIST)
    client.cookies["sessionid"] = "no-such-session"
    assert cached(client.get(NEWS_LIST)) is None


def _fill_decision(view, *, cookies=None):
    request = RequestFactory().get("/fr/test/")
    request.COOKIES.update(cookies or {})
    response = view(request)
    return pagecache._may_fill_cache(request, response)


def test_responses_with_a_secret_or_a_cookie_never_fill_it():
    from django.middleware.csrf import get_token

    def plain(request):
        return HttpResponse("public")

    def with_cookie(request):
        response = HttpResponse("public")
        response.set_cookie("chosen", "1")
        return response

    def with_csrf_token(request):
        return HttpResponse(f"<input value='{get_token(request)}'>")

    def with_nonce(request):
        request._csp_nonce = "abc"
        return HttpResponse("<script nonce='abc'></script>")

    def private(request):
        response = HttpResponse("public")
        response["Cache-Control"] = "private"
        return response

    def varies_on_cookie(request):
        response = HttpResponse("public")
        response["Vary"] = "Cookie, Accept-Language"
        return response

    def varies_on_something_else(request):
        response = HttpResponse("public")
        response["Vary"] = "User-Agent"
        return response

    assert _fill_decision(plain)
    assert _fill_decision(varies_on_cookie)  # no cookie sent: the same page for every cookieless visitor
    assert not _fill_decision(varies_on_cookie, cookies={"csrftoken": "x"})
    for view in [with_cookie, with_csrf_token, with_nonce, private, varies_on_something_else]:
        assert not _fill_decision(view), view.__name__


# Validators --------------------------------------------------------------------------------------------------


def test_conditional_requests_get_a_304_from_the_cache_without_rendering(client, django_assert_num_queries):
    first = client.get(NEWS_LIST)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert first["Cache-Control"] == "no-cache"
    with django_assert_num_queries(0):
        by_etag = client.get(NEWS_LIST, headers={"If-None-Match": etag})
        by_date = client.get(NEWS_LIST, headers={"If-Modified-Since": last_modified})
    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert client.get(NEWS_LIST, headers={"If-None-Match": '"another"'}).status_code == 200


def test_a_conditional_request_after_an_edit_gets_the_new_page(client):
    item = make_news_item(title_fr="Première version")
    etag = client.get(NEWS_LIST)["ETag"]
    item.title_fr = "Seconde version"
    item.save()
    response = client.get(NEWS_LIST, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Seconde version" in response.text
    assert response["ETag"] != etag


def test_a_conditional_request_is_answered_304_on_a_miss_too(client):
    etag = client.get(NEWS_LIST)["ETag"]
    caches["pages"].clear()
    response = client.get(NEWS_LIST, headers={"If-None-Match": etag})
    assert response.status_code == 304


# Redis outage -----------------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _hanging_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@contextmanager
def pages_in_redis_at(port: int):
    location = f"redis://127.0.0.1:{port}/5"
    options = {"SOCKET_CONNECT_TIMEOUT": 0.3, "SOCKET_TIMEOUT": 0.3}
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": location, "OPTIONS": options},
        }
    ):
        try:
            yield
        finally:
            for cache in caches.all(initialized_only=True):
                cache.close()


@pytest.mark.parametrize("failure", ["refused", "hanging"])
def test_redis_down_pages_render_without_the_cache_and_never_a_500(client, caplog, failure):
    with _hanging_port() as hanging, pages_in_redis_at(_closed_port() if failure == "refused" else hanging):
        start = time.monotonic()
        for _ in range(3):
            response = client.get(NEWS_LIST)
            assert response.status_code == 200
            assert cached(response) is None
        item = make_news_item(title_fr="Écrite pendant la panne")  # the bump fails, and is kept for later
        assert "Écrite pendant la panne" in client.get(NEWS_LIST).text
        elapsed = time.monotonic() - start
    # One failed call, then the cache is left alone for a while: not CACHE_TIMEOUT at every call.
    assert elapsed < 3, f"{elapsed:.1f} s"
    assert pagecache._state.bump_pending
    assert any("Page cache unavailable" in record.getMessage() for record in caplog.records)
    assert item.pk


def test_after_an_outage_the_first_use_of_the_cache_is_a_bump(client):
    client.get(NEWS_LIST)
    version = pagecache.content_version()
    with pages_in_redis_at(_closed_port()):
        client.get(NEWS_LIST)
    assert pagecache._state.bump_pending
    pagecache._state.suspended_until = 0.0  # the retry delay has passed
    response = client.get(NEWS_LIST)
    assert cached(response) == "miss"  # a change may have happened during the outage: every page retired
    assert pagecache.content_version() > version
    assert not pagecache._state.bump_pending


def test_cleaning_stored_text_with_update_retires_the_pages(client):
    from django.core.management import call_command

    item = make_news_item(title_fr="Titre propre")
    NewsItem.objects.filter(pk=item.pk).update(title_fr="Titre\x0bà nettoyer")  # no signal, as in old rows
    assert cached(client.get(NEWS_LIST)) == "miss"
    assert cached(client.get(NEWS_LIST)) == "hit"
    call_command("clean_stored_text", stdout=io.StringIO())
    assert cached(client.get(NEWS_LIST)) == "miss"


def test_migrate_retires_the_pages_of_the_previous_code():
    from django.core.management import call_command

    version = pagecache.content_version()
    call_command("migrate", verbosity=0)
    assert pagecache.content_version() > version
