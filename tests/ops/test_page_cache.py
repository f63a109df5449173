"""The page cache is never stale, across two gunicorn instances with the production settings sharing PostgreSQL
and Redis (ops/deployment.py): a page one instance stored is served by the other, and every change (an edit, a
publication, a withdrawal, a deletion, a scheduled date passing) shows at the next request, whichever instance
answers it.

The changes are made by a third process (``manage.py shell``, the code path of the admin's forms and actions:
the model's save and the workflow services), so that neither instance knows of them but through Redis.

Needs PostgreSQL and Redis on 127.0.0.1; skipped with a message without them, unless REQUIRE_OPS_TESTS=1.
"""

import os
import time

import pytest

from ops.deployment import (
    POSTGRES_PORT,
    REDIS_PORT,
    STAFF_USERNAME,
    Deployment,
    SiteClient,
    service_reachable,
    sign_in,
)

pytestmark = pytest.mark.ops

NEWS_LIST = "/fr/actualites/"


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
    deployment = Deployment(
        name=f"unicancer_ops_pagecache_{os.getpid()}", workdir=tmp_path_factory.mktemp("ops-pagecache")
    )
    deployment.prepare()
    try:
        deployment.start_instance()
        deployment.start_instance()
        yield deployment
    finally:
        deployment.stop_all()
        deployment.drop()


def change(deployment: Deployment, code: str) -> None:
    """Run ``code`` in a third process with the instances' settings (the news models, ``services``, ``staff``,
    ``timezone`` and ``timedelta`` at hand)."""
    prelude = (
        "from datetime import timedelta\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.utils import timezone\n"
        "from unicancer_site.news.models import NewsItem\n"
        "from unicancer_site.publishing import services\n"
        f"staff = get_user_model().objects.get(username={STAFF_USERNAME!r})\n"
    )
    deployment.manage("shell", "-c", prelude + code)


def page(url: str, *, headers=None):
    response = SiteClient().get(url, headers=headers or {})
    assert response.status_code in (200, 304, 404), (url, response.status_code, response.text[:500])
    return response


def served_from_cache(url: str) -> bool:
    return page(url).headers.get("X-Page-Cache") == "hit"


def test_two_instances_share_the_page_cache_and_it_is_never_stale(deployment):
    """One deployment (a minute to prepare) for every check, in one test."""
    one, other = (instance.url for instance in deployment.instances[:2])
    change(
        deployment,
        "NewsItem.objects.create(slug='zz-cache-a', title_fr='Zz cache avant correction', status='published',"
        " publish_from=timezone.now() - timedelta(days=1))\n"
        "NewsItem.objects.create(slug='zz-cache-b', title_fr='Zz cache brouillon', status='draft')\n",
    )

    # Stored by one instance, served by the other; a 304 from either without rendering.
    first = page(one + NEWS_LIST)
    assert first.headers["X-Page-Cache"] == "miss"
    assert "Zz cache avant correction" in first.text
    assert "Zz cache brouillon" not in first.text
    assert served_from_cache(other + NEWS_LIST)
    assert served_from_cache(one + NEWS_LIST)
    not_modified = page(other + NEWS_LIST, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304

    # Staff never get the cached page, and never fill it.
    staff = SiteClient()
    assert sign_in(staff, one).status_code == 302
    as_staff = staff.get(other + NEWS_LIST)
    assert as_staff.status_code == 200
    assert "X-Page-Cache" not in as_staff.headers

    # An edit.
    page(other + "/fr/actualites/zz-cache-a/")
    assert served_from_cache(one + "/fr/actualites/zz-cache-a/")
    change(deployment, "a = NewsItem.objects.get(slug='zz-cache-a'); a.title_fr = 'Zz cache corrigée'; a.save()\n")
    for url in [other + NEWS_LIST, one + "/fr/actualites/zz-cache-a/"]:
        response = page(url)
        assert "Zz cache corrigée" in response.text, url
        assert "Zz cache avant correction" not in response.text, url

    # A publication.
    assert served_from_cache(one + NEWS_LIST)
    assert page(other + "/fr/actualites/zz-cache-b/").status_code == 404
    change(deployment, "services.publish(obj=NewsItem.objects.get(slug='zz-cache-b'), user=staff)\n")
    assert "Zz cache brouillon" in page(one + NEWS_LIST).text
    assert page(other + "/fr/actualites/zz-cache-b/").status_code == 200
    assert served_from_cache(other + "/fr/actualites/zz-cache-b/")

    # A withdrawal.
    change(deployment, "services.unpublish(obj=NewsItem.objects.get(slug='zz-cache-b'), user=staff)\n")
    assert "Zz cache brouillon" not in page(other + NEWS_LIST).text
    assert page(one + "/fr/actualites/zz-cache-b/").status_code == 404

    # A deletion.
    assert served_from_cache(one + NEWS_LIST)
    change(deployment, "NewsItem.objects.get(slug='zz-cache-a').delete()\n")
    assert "Zz cache corrigée" not in page(other + NEWS_LIST).text
    assert page(one + "/fr/actualites/zz-cache-a/").status_code == 404

    # A schedule: the item goes live, then leaves, with no save, while the list is cached on both instances.
    # Absolute moments, set from here: the shell's own start-up takes seconds.
    goes_live = time.time() + 30
    leaves = goes_live + 10
    change(
        deployment,
        "from datetime import UTC, datetime\n"
        "NewsItem.objects.create(slug='zz-cache-c', title_fr='Zz cache programmée', status='published',"
        f" publish_from=datetime.fromtimestamp({goes_live}, UTC),"
        f" publish_until=datetime.fromtimestamp({leaves}, UTC))\n",
    )
    assert "Zz cache programmée" not in page(one + NEWS_LIST).text
    assert served_from_cache(other + NEWS_LIST)
    time.sleep(max(0.0, goes_live - time.time()) + 0.5)
    for url in [other + NEWS_LIST, one + NEWS_LIST]:
        assert "Zz cache programmée" in page(url).text, url
    assert served_from_cache(other + NEWS_LIST)
    time.sleep(max(0.0, leaves - time.time()) + 0.5)
    for url in [one + NEWS_LIST, other + NEWS_LIST]:
        assert "Zz cache programmée" not in page(url).text, url
