import datetime

import pytest
import time_machine
from django.utils import timezone

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
    assert response["Last-Modified"] == "Sat, 01 Mar 2025 09:30:00 GMT"
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
    assert api.get(DETAIL, HTTP_IF_MODIFIED_SINCE="Sat, 01 Mar 2025 09:30:00 GMT").status_code == 304
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
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        other.name = "Renamed away"
        other.save()
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
