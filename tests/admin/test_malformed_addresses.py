"""Admin addresses with a malformed id answer 404 (or the admin's own redirect), never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "news/newsitem/abc/change/",
        "news/newsitem/abc/workflow/",
        "news/newsitem/1x/workflow/",
        "news/newsitem/abc/delete/",
        "news/newsitem/abc/history/",
        "news/newsitem/1/history/abc/",
        "research/trial/abc/workflow/",
        "research/trial/abc/history/",
        "pages/editorialpage/abc/history/",
        "preview/news/newsitem/abc/",
        "preview/news/newsitem/999999/",
        "preview/nosuchapp/nosuchmodel/1/",
        "trash/?restore=abc",
    ],
)
def test_a_malformed_admin_address_is_never_a_server_error(admin_client, path):
    response = admin_client.get(f"/admin/{path}")
    assert response.status_code in (200, 302, 404, 405), (path, response.status_code)
    response = admin_client.post(f"/admin/{path}", {"action": "publish", "restore": "abc", "object_id": "abc"})
    assert response.status_code in (200, 302, 400, 403, 404, 405), (path, response.status_code)
