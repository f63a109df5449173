"""Backup and restore of the whole site: the database's rows and the uploaded media, in one ``.tar.gz``.

Built on Django's own ``dumpdata`` and ``loaddata`` rather than ``pg_dump``: the same archive restores on
PostgreSQL or SQLite, needs no client binaries of the server's exact version, and reads media through the
storage API, so that it works the same with files on disk or on S3. The archive holds:

- ``data.json``: every row but those ``migrate`` rebuilds (content types, permissions) and sessions;
- ``media/<name>``: every stored file;
- ``manifest.json``: the rows' primary keys per model and each file's SHA-256, checked after a restore.
"""

import hashlib
import io
import json
import tarfile
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions"]


class RestoreRefused(Exception):
    """The target database holds rows the archive would overwrite or leave behind: nothing is changed."""


def _stored_files(storage, folder: str = "") -> list[str]:
    directories, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names.extend(_stored_files(storage, f"{folder}/{directory}" if folder else directory))
    return sorted(names)


def _primary_keys(records: list[dict]) -> dict[str, list]:
    keys: dict[str, list] = {}
    for record in records:
        keys.setdefault(record["model"], []).append(record["pk"])
    return keys


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(content))


def backup_site(destination: Path) -> dict:
    """Write the archive to ``destination``; return its manifest (rows per model, files with their hash)."""
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "data.json"
        with transaction.atomic():  # one consistent view of the rows on PostgreSQL (REPEATABLE READ not needed)
            call_command(
                "dumpdata",
                exclude=EXCLUDED_MODELS,
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
        data = dump.read_bytes()
    records = json.loads(data)
    files = {}
    with tarfile.open(destination, "w:gz") as archive:
        _add_bytes(archive, "data.json", data)
        for name in _stored_files(default_storage):
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
            files[name] = hashlib.sha256(content).hexdigest()
            _add_bytes(archive, f"media/{name}", content)
        manifest = {"rows": _primary_keys(records), "files": files}
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def _refuse_unless_empty(records: list[dict]) -> None:
    """Rows that ``migrate`` made (trial phases, role groups) may be there, since the archive has them too;
    any other row would be lost or mixed with the restored ones."""
    for label, keys in _primary_keys(records).items():
        model = apps.get_model(label)
        extra = model._default_manager.exclude(pk__in=keys)
        if extra.exists():
            raise RestoreRefused(
                f"The database is not empty: {extra.count()} row(s) of {label} are not in the archive. "
                "Restore into an empty database (created and migrated, nothing loaded)."
            )
    covered = set(_primary_keys(records))
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in covered or model._meta.app_label in ("contenttypes", "sessions") or label == "auth.permission":
            continue
        if model._meta.managed and not model._meta.proxy and model._default_manager.exists():
            raise RestoreRefused(f"The database is not empty: {label} holds rows that the archive does not have.")


def restore_site(source: Path) -> dict:
    """Load the archive into a migrated, empty database and its media into the storage; return its manifest.

    Refuses (``RestoreRefused``) a database that holds rows of its own, and changes nothing then.
    """
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        data = archive.extractfile("data.json").read()
        records = json.loads(data)
        _refuse_unless_empty(records)
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "data.json"
            dump.write_bytes(data)
            # The archive has the history as it was: loading many-to-many links must not add versions to it
            # (django-simple-history records those even for loaddata's raw saves).
            history_enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
            settings.SIMPLE_HISTORY_ENABLED = False
            try:
                with transaction.atomic():
                    call_command("loaddata", str(dump), verbosity=0)
            finally:
                settings.SIMPLE_HISTORY_ENABLED = history_enabled
        for name, digest in manifest["files"].items():
            content = archive.extractfile(f"media/{name}").read()
            if hashlib.sha256(content).hexdigest() != digest:
                raise RestoreRefused(f"The archive's copy of {name} is damaged (its hash differs).")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise RestoreRefused(f"The storage renamed {name} to {saved}.")
    return manifest
