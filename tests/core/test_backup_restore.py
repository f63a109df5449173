"""``backup`` then ``restore`` into an empty database: every object and every file comes back.

The backup is taken from the test database (the demo content, plus our own rows and an uploaded image); the
restore runs in a subprocess on a new, empty SQLite database and media folder, as on a new server.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from tests.factories import make_news_item
from unicancer_site.site.backups import RestoreRefused, restore_site

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent

INVENTORY = """
import hashlib, json
import django
django.setup()
from django.apps import apps
from django.core.files.storage import default_storage
from unicancer_site.site.backups import _stored_files
rows = {
    model._meta.label_lower: sorted(model._default_manager.values_list("pk", flat=True))
    for model in apps.get_models()
    if model._meta.managed and not model._meta.proxy
}
files = {}
for name in _stored_files(default_storage):
    with default_storage.open(name, "rb") as stored:
        files[name] = hashlib.sha256(stored.read()).hexdigest()
print(json.dumps({"rows": rows, "files": files}, default=str))
"""


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def empty_site(tmp_path) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "CACHE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="unicancer_site.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        LOG_LEVEL="WARNING",
    )
    return environment


def run(environment, *arguments):
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_a_restored_dump_has_every_object_and_file(tmp_path):
    item = make_news_item(
        slug="zz-backup-item", title_fr="Zz sauvegarde", body_fr="<p>Texte à garder.</p>", image_alt_fr="Rouge"
    )
    item.image.save("rouge.jpg", ContentFile(jpeg()), save=True)
    archive = tmp_path / "unicancer.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with __import__("tarfile").open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert item.image.name in manifest["files"]
    assert item.pk in manifest["rows"]["news.newsitem"]

    environment = empty_site(tmp_path)
    restored = run(environment, "manage.py", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr[-3000:]
    inventory = run(environment, "-c", INVENTORY)
    assert inventory.returncode == 0, inventory.stderr[-3000:]
    found = json.loads(inventory.stdout)

    for label, keys in manifest["rows"].items():
        assert sorted(map(str, found["rows"][label])) == sorted(map(str, keys)), label
    assert found["files"] == manifest["files"]
    image = (tmp_path / "restored-media" / item.image.name).read_bytes()
    assert hashlib.sha256(image).hexdigest() == manifest["files"][item.image.name]


def test_restore_refuses_a_database_with_rows_of_its_own(tmp_path):
    archive = tmp_path / "unicancer.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    make_news_item(slug="zz-not-in-the-archive")
    with pytest.raises(RestoreRefused, match="not empty"):
        restore_site(archive)
