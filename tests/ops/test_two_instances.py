"""Two gunicorn instances with the production settings, sharing PostgreSQL, Redis and the media folder
(ops/deployment.py): whichever instance answers, staff stay signed in, forms pass CSRF, edits and uploads are
there.

Needs PostgreSQL and Redis on 127.0.0.1 (the machines have both); without them the module is skipped with a
message, unless REQUIRE_OPS_TESTS=1 (CI), which makes it an error.
"""

import io
import os
import re

import pytest
from PIL import Image

from ops.deployment import (
    POSTGRES_PORT,
    REDIS_PORT,
    SITE_ORIGIN,
    Deployment,
    SiteClient,
    csrf_token,
    service_reachable,
    sign_in,
)

pytestmark = pytest.mark.ops


@pytest.fixture
def deployment(tmp_path_factory):
    missing = [
        name for name, port in [("PostgreSQL", POSTGRES_PORT), ("Redis", REDIS_PORT)] if not service_reachable(port)
    ]
    if missing:
        message = f"{' and '.join(missing)} not reachable on 127.0.0.1: the two-instance tests need both."
        if os.environ.get("REQUIRE_OPS_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    deployment = Deployment(name=f"unicancer_ops_test_{os.getpid()}", workdir=tmp_path_factory.mktemp("ops"))
    deployment.prepare()
    try:
        deployment.start_instance()
        deployment.start_instance()
        yield deployment
    finally:
        deployment.stop_all()
        deployment.drop()


def test_two_instances_behave_as_one_site(deployment):
    """One deployment (a minute to prepare) for every check, in one test: xdist would otherwise prepare one
    per worker."""
    one, other = (instance.url for instance in deployment.instances[:2])
    signed_in_on_one_instance_is_signed_in_on_the_other(one, other)
    a_form_from_one_instance_is_accepted_by_the_other_and_the_edit_seen_by_the_first(one, other)
    an_image_uploaded_through_one_is_served_by_the_other(deployment, one, other)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def signed_in_on_one_instance_is_signed_in_on_the_other(one, other):
    client = SiteClient()
    assert sign_in(client, one).status_code == 302
    assert client.get(f"{other}/admin/").status_code == 200
    assert client.get(f"{one}/admin/").status_code == 200
    # A stranger is sent to the login page by both.
    assert SiteClient().get(f"{other}/admin/").status_code == 302


def a_form_from_one_instance_is_accepted_by_the_other_and_the_edit_seen_by_the_first(one, other):
    client = SiteClient()
    sign_in(client, other)
    form = client.get(f"{one}/admin/news/presscontact/add/")
    response = client.post(
        f"{other}/admin/news/presscontact/add/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "name": "Zz contact deux instances",
            "email": "deux@example.org",
            "_save": "1",
        },
        headers={"Referer": f"{SITE_ORIGIN}/admin/news/presscontact/add/"},
    )
    assert response.status_code == 302, response.text[:2000]
    listing = client.get(f"{one}/admin/news/presscontact/", params={"q": "deux instances"})
    assert "Zz contact deux instances" in listing.text
    # Without the token, either instance refuses the form.
    refused = client.post(
        f"{one}/admin/news/presscontact/add/",
        data={"name": "Zz sans jeton", "email": "x@example.org"},
        headers={"Referer": f"{SITE_ORIGIN}/admin/news/presscontact/add/"},
    )
    assert refused.status_code == 403


def an_image_uploaded_through_one_is_served_by_the_other(deployment, one, other):
    client = SiteClient()
    sign_in(client, one)
    form = client.get(f"{one}/admin/news/newsitem/add/")
    image = jpeg()
    response = client.post(
        f"{one}/admin/news/newsitem/add/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "kind": "news",
            "title_fr": "Zz image partagée",
            "slug": "zz-image-partagee",
            "image_alt_fr": "Un rectangle bleu",
            "_save": "1",
        },
        files={"image": ("bleu.jpg", image, "image/jpeg")},
        headers={"Referer": f"{SITE_ORIGIN}/admin/news/newsitem/add/"},
    )
    assert response.status_code == 302, re.findall(r'class="errorlist.*?</ul>', response.text, re.S)
    with deployment.connect() as connection:
        [(name,)] = connection.execute("SELECT image FROM news_newsitem WHERE slug = 'zz-image-partagee'").fetchall()
    assert name and not name.endswith("bleu.jpg")  # stored under a random name
    served = client.get(f"{other}/media/{name}")
    assert served.status_code == 200
    assert served.content == image
