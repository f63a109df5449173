import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import parse_http_date

from centres.models import Centre
from tests.factories import make_centre, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC), tick=False):
        centre = make_centre(slug="api-etag-centre", name="Centre ETag API")
        make_site(centre)
    return centre


DETAIL = "/api/v1/centres/api-etag-centre/"
LIST = "/api/v1/centres/"
LIST_PARAMS = {"search": "Centre ETag API"}


def test_detail_carries_etag_and_last_modified(api, centre):
    response = api.get(DETAIL)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    # The latest change to anything the answer shows: the centre (1 March 2025) or later, a site or a source
    # anywhere (api.validators: never too early, sometimes later than needed).
    assert parse_http_date(response["Last-Modified"]) >= parse_http_date("Sat, 01 Mar 2025 09:30:00 GMT")
    assert "Accept-Language" in response["Vary"] and "Authorization" in response["Vary"]


def test_head_requests_get_the_same_validators(api, centre):
    get, head = api.get(DETAIL), api.head(DETAIL)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    assert api.head(DETAIL, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_detail_304_with_if_none_match(api, centre):
    etag = api.get(DETAIL)["ETag"]
    response = api.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_detail_304_with_if_modified_since(api, centre):
    last_modified = api.get(DETAIL)["Last-Modified"]
    assert api.get(DETAIL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(DETAIL, HTTP_IF_MODIFIED_SINCE="Sat, 01 Mar 2025 09:29:59 GMT").status_code == 200


def test_changing_the_object_changes_the_etag(api, centre):
    etag = api.get(DETAIL)["ETag"]
    centre.description_fr = "Nouvelle description."
    centre.save()
    response = api.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["description"] == "Nouvelle description."
    assert api.get(DETAIL, HTTP_IF_MODIFIED_SINCE="Sat, 01 Mar 2025 09:30:00 GMT").status_code == 200


def test_list_304_and_change(api, centre):
    first = api.get(LIST, LIST_PARAMS)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert api.get(LIST, LIST_PARAMS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(LIST, LIST_PARAMS, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    Centre.objects.filter(pk=centre.pk).update(name="Centre ETag API renommé")
    assert api.get(LIST, LIST_PARAMS, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_list_notices_an_item_that_leaves_it(api, centre):
    """Last-Modified of a list is the latest change to any object of the kind: an item leaving the list moves it."""
    other = make_centre(name="Centre ETag API bis")
    first = api.get(LIST, LIST_PARAMS)
    assert [c["slug"] for c in first.json()["results"]] == ["api-etag-centre", other.slug]
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        other.name = "Renamed away"
        other.save()
    # Asked after the change (a change dated after the request is not counted: the clock says what happened).
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        response = api.get(LIST, LIST_PARAMS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["results"]] == ["api-etag-centre"]


def test_language_and_format_have_their_own_etags(api, centre):
    Centre.objects.filter(pk=centre.pk).update(description_fr="Texte.", description_en="Text.")
    french, english = api.get(DETAIL), api.get(DETAIL, {"lang": "en"})
    assert french["ETag"] != english["ETag"]
    assert english["Content-Language"] == "en"
    assert api.get(DETAIL, {"lang": "en"}, HTTP_IF_NONE_MATCH=french["ETag"]).status_code == 200


def test_errors_carry_no_etag(api):
    response = api.get("/api/v1/centres/no-such-centre/")
    assert response.status_code == 404
    assert "ETag" not in response


def test_a_scheduled_item_going_live_moves_last_modified(api):
    """If-Modified-Since from before a scheduled item's publication must not get a 304 once it is live."""
    from tests.factories import make_news_item as make_news

    start = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    going_live = start + datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=False):
        make_news(slug="deja-la", publish_from=start - datetime.timedelta(days=1))
        scheduled = make_news(slug="programmee", publish_from=going_live)
        before = api.get("/api/v1/news/")
        assert "programmee" not in {item["slug"] for item in before.json()["results"]}
        assert api.get("/api/v1/news/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 304
    with time_machine.travel(going_live + datetime.timedelta(minutes=5), tick=False):
        after = api.get("/api/v1/news/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
        assert after.status_code == 200
        assert "programmee" in {item["slug"] for item in after.json()["results"]}
        assert after["Last-Modified"] == "Sun, 01 Mar 2026 11:00:00 GMT"
        detail = api.get(f"/api/v1/news/{scheduled.slug}/")
        assert detail["Last-Modified"] == "Sun, 01 Mar 2026 11:00:00 GMT"


def test_an_item_reaching_its_publish_until_moves_last_modified(api):
    from tests.factories import make_news_item as make_news

    start = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        make_news(
            slug="ephemere",
            publish_from=start - datetime.timedelta(days=1),
            publish_until=start + datetime.timedelta(hours=1),
        )
        before = api.get("/api/v1/news/")
    with time_machine.travel(start + datetime.timedelta(hours=3), tick=False):
        after = api.get("/api/v1/news/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
        assert after.status_code == 200
        assert "ephemere" not in {item["slug"] for item in after.json()["results"]}


def test_deleting_an_item_or_renaming_a_nested_object_moves_last_modified(api, centre):
    """Deleted rows and the nested objects an answer shows (a certification's centre name) are changes too."""
    from certifications.models import Certification
    from tests.factories import make_certification

    certification = make_certification(centre=centre)
    other = make_centre(name="Centre ETag API ter")
    first_list = api.get(LIST, LIST_PARAMS)
    first_certifications = api.get("/api/v1/certifications/")
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        other.delete()
        Centre.objects.get(pk=centre.pk).save()  # a rename of the certification's holder, say
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert api.get(LIST, LIST_PARAMS, HTTP_IF_MODIFIED_SINCE=first_list["Last-Modified"]).status_code == 200
        response = api.get("/api/v1/certifications/", HTTP_IF_MODIFIED_SINCE=first_certifications["Last-Modified"])
        assert response.status_code == 200
        detail = api.get(f"/api/v1/certifications/{certification.pk}/")
        assert detail["Last-Modified"] == response["Last-Modified"]
    assert Certification.objects.filter(pk=certification.pk).exists()
