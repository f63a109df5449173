"""Every public page type is valid HTML by the Nu Html Checker (vnu.jar, the W3C validator's engine).

The pages are rendered by the test client in both languages, written to a temporary folder and checked by one
run of vnu (starting Java once for every page). Without Java or vnu.jar the test is skipped with a message that
says how to install them (`make test` installs vnu.jar from npm into var/node; CI requires both).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.public_pages import public_page_urls

ROOT = Path(__file__).resolve().parent.parent
VNU_VERSION = "26.9.27"  # as pinned in the Makefile
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "var/node/node_modules/vnu-jar/build/dist/vnu.jar"))
VNU_INSTALL = f"npm install --prefix var/node vnu-jar@{VNU_VERSION} (make test does it)"


def vnu_command() -> list[str]:
    """``java -jar vnu.jar``, or a skip (a failure when REQUIRE_HTML_CHECK=1, as in CI) naming what is missing."""
    java = shutil.which("java")
    needed = (("java (apt-get install default-jre-headless)", java), (VNU_INSTALL, VNU_JAR.exists()))
    missing = [what for what, found in needed if not found]
    if missing:
        message = "HTML validity not checked: missing " + " and ".join(missing) + "."
        if os.environ.get("REQUIRE_HTML_CHECK") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU_JAR)]


def check_html(paths: dict[Path, str]) -> list[str]:
    """vnu's errors on the files in ``paths`` ({file: the URL it was rendered from}), one readable line each."""
    result = subprocess.run(
        [*vnu_command(), "--format", "json", "--errors-only", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    # vnu names a file "file:/tmp/…"
    by_file = {"file:" + str(path.resolve()): url for path, url in paths.items()}
    lines = []
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            url = by_file.get(message.get("url"), message.get("url"))
            extract = re.sub(r"\s+", " ", message.get("extract", ""))[:160]
            lines.append(f"{url} line {message.get('lastLine')}: {message['message']} [{extract}]")
    return lines


def render(client: Client, pages: dict[str, str], folder: Path, prefix: str) -> dict[Path, str]:
    """Each page's HTML in ``folder``; {file: URL}. A page that does not answer as expected fails the test."""
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name.startswith("error") else 200), url
        path = folder / (prefix + "-" + re.sub(r"\W+", "-", name) + ".html")
        path.write_bytes(response.content)
        files[path] = url
    return files


def test_no_template_has_an_empty_form_action():
    """An empty ``action`` is invalid HTML (the form goes to the page's own URL without one: say it)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and 'action=""' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.django_db
def test_every_public_page_type_is_valid_html(tmp_path):
    vnu_command()  # skip before rendering anything when vnu cannot run
    call_command("load_demo_content", verbosity=0)
    files = {}
    for language in ("fr", "en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        files |= render(client, public_page_urls(language), tmp_path, language)
    errors = check_html(files)
    assert not errors, f"{len(errors)} HTML errors (Nu Html Checker):\n" + "\n".join(errors)


@pytest.mark.django_db
def test_the_admins_lists_history_import_and_export_are_valid_html(tmp_path):
    vnu_command()
    call_command("load_demo_content", verbosity=0)
    from django.contrib.auth.models import User

    from research.models import Trial

    user = User.objects.create_superuser("html-check", password="a-long-test-password")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    trial = Trial.objects.first()
    # The change forms are not checked: Django's autocomplete widget writes an empty <option>.
    pages = {
        "admin index": "/admin/",
        "a list": "/admin/research/trial/",
        "a filtered list": "/admin/news/newsitem/?q=cancer",
        "a history": f"/admin/research/trial/{trial.pk}/history/",
        "the import page": "/admin/research/trial/import/",
        "the export page": "/admin/research/trial/export/",
    }
    errors = check_html(render(client, pages, tmp_path, "admin"))
    assert not errors, f"{len(errors)} HTML errors (Nu Html Checker):\n" + "\n".join(errors)
