"""Backup and restore: the demo restored into a fresh database has every row and every issued document unchanged;
an archive that was changed, that would write outside MEDIA_ROOT or that meets a database not empty is refused
before anything changes; no backup is written that lacks an issued document.

The restores run as an operator runs them, `manage.py restore` in another process pointed at a fresh database of
the suite's vendor (PostgreSQL or a SQLite file); the counts are read back with plain SQL, not with the code tested.
"""

import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from partners import services
from partners.models import DocumentStatus, OutgoingDocument
from tests.factories import letter_drafts
from training_portal.backup import databases

# A backup reads in a transaction of its own, as in production: the test's data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """A fresh, empty database of the suite's vendor and an empty MEDIA_ROOT, for `manage.py restore` to fill."""

    url: str
    media: Path
    sqlite_path: Path | None = None
    postgres: dict | None = None

    @contextmanager
    def cursor(self):
        if self.sqlite_path:
            with closing(sqlite3.connect(self.sqlite_path)) as database:
                yield database.cursor()
        else:
            with closing(psycopg2.connect(**self.postgres)) as database, database.cursor() as cursor:
                yield cursor


def _server_params(dbname: str) -> dict:
    settings = connection.settings_dict
    params = {"dbname": dbname, "user": settings["USER"], "password": settings["PASSWORD"]}
    params |= {"host": settings["HOST"], "port": settings["PORT"]}
    return {key: value for key, value in params.items() if value}


@contextmanager
def _server():
    with closing(psycopg2.connect(**_server_params("postgres"))) as server:
        server.autocommit = True
        with server.cursor() as cursor:
            yield cursor


@pytest.fixture
def target(tmp_path):
    media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield Target(url=f"sqlite:///{path}", media=media, sqlite_path=path)
        return
    # Named after the suite's database (tp_x when the tests run on test_tp_x), so parallel runs never meet.
    name = f"{connection.settings_dict['NAME'].removeprefix('test_')}_restore_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    credentials = quote(settings["USER"]) + (f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else "")
    address = settings["HOST"] + (f":{settings['PORT']}" if settings["PORT"] else "")
    with _server() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target(url=f"postgres://{credentials}@{address}/{name}", media=media, postgres=_server_params(name))
    finally:
        with _server() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def table_counts(cursor, vendor: str) -> dict[str, int]:
    """Every table's row count, read with plain SQL."""
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
    counts = {}
    for (name,) in sorted(cursor.fetchall()):
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backup(tmp_path: Path) -> Path:
    folder = tmp_path / "archives"
    call_command("backup", directory=folder, stdout=io.StringIO())
    (archive,) = folder.iterdir()  # the archive alone: no partial file, no dump left beside it
    return archive


def restore(archive: Path, target: Target) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": target.url, "MEDIA_ROOT": str(target.media)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def issue_one_letter() -> OutgoingDocument:
    _agency, (draft,) = letter_drafts(1)
    return services.document_issue(document=draft)


def assert_restored_whole(archive: Path, target: Target, source_media: Path) -> None:
    """Restore the archive into the fresh target, then compare every table's row count (the source's, the
    manifest's, the restored database's) and every issued document's checksum (the source's, the restored row's,
    the restored file's)."""
    issued = dict(
        OutgoingDocument.objects.filter(status=DocumentStatus.ISSUED).exclude(file="").values_list("file", "sha256")
    )
    assert issued, "a document with its PDF is issued, so its checksum is compared"
    with connection.cursor() as cursor:
        source_counts = table_counts(cursor, connection.vendor)

    result = restore(archive, target)

    assert result.returncode == 0, result.stderr
    with target.cursor() as cursor:
        restored_counts = table_counts(cursor, connection.vendor)
        cursor.execute("SELECT file, sha256 FROM partners_outgoingdocument WHERE status = 'issued' AND file <> ''")
        restored_documents = dict(cursor.fetchall())
    assert restored_counts == source_counts == manifest_of(archive)["tables"]
    assert restored_documents == issued
    for name, checksum in issued.items():
        assert sha256(target.media / name) == checksum == sha256(source_media / name)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the demo's round trip is checked on PostgreSQL, the system of record (SQLite's on a smaller backup)",
)
def test_the_demo_restored_into_a_fresh_database_has_every_row_and_every_issued_document(
    source_media, tmp_path, target
):
    call_command("load_demo", force=True, stdout=io.StringIO())
    for draft in OutgoingDocument.objects.filter(status=DocumentStatus.DRAFT):  # the demo's reply, ready to issue
        services.document_issue(document=draft)
    archive = backup(tmp_path)

    assert_restored_whole(archive, target, source_media)
    assert manifest_of(archive)["tables"]["courses_nomination"] > 0  # the demo's classes and nominations


def test_a_backup_restores_into_a_fresh_database_with_its_rows_and_documents(source_media, tmp_path, target):
    issue_one_letter()
    archive = backup(tmp_path)

    assert_restored_whole(archive, target, source_media)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="writers during a backup: PostgreSQL's shared snapshot (SQLite's read lock makes them wait)",
)
def test_what_is_committed_while_the_dump_runs_is_neither_in_the_dump_nor_in_the_manifest(
    source_media, tmp_path, target, monkeypatch
):
    issue_one_letter()
    run_tool = databases._run
    late = []

    def dump_then_issue_another(tool, parameters):
        run_tool(tool, parameters)
        writer = threading.Thread(target=lambda: (late.append(issue_one_letter()), connection.close()))
        writer.start()
        writer.join()

    monkeypatch.setattr(databases, "_run", dump_then_issue_another)
    archive = backup(tmp_path)
    manifest = manifest_of(archive)
    with connection.cursor() as cursor:
        now = table_counts(cursor, connection.vendor)

    assert restore(archive, target).returncode == 0  # the restore checks the dump's rows against the manifest
    assert manifest["tables"]["partners_outgoingdocument"] == now["partners_outgoingdocument"] - 1
    assert late[0].file.name not in {item["path"] for item in manifest["named_files"]}


def rewritten(archive: Path, path: Path, *, change: str = "", add: tuple[tarfile.TarInfo, ...] = ()) -> Path:
    """A copy of the archive with one byte of member `change` flipped (its manifest entry kept), or with members
    added and listed in the manifest as if they belonged."""
    manifest = manifest_of(archive)
    for member in add:
        manifest["files"].append(
            {"path": member.name.removeprefix("media/"), "size": 0, "sha256": hashlib.sha256(b"").hexdigest()}
        )
    with tarfile.open(archive) as source, tarfile.open(path, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == change:
                data = bytes([data[0] ^ 1]) + data[1:]
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for member in add:
            copy.addfile(member, io.BytesIO(b""))
    return path


@pytest.mark.parametrize("member", ["database", "document"])
def test_a_changed_archive_is_refused_before_the_database_or_media_root_change(source_media, tmp_path, target, member):
    document = issue_one_letter()
    archive = backup(tmp_path)
    name = manifest_of(archive)["database"]["member"] if member == "database" else f"media/{document.file.name}"
    changed = rewritten(archive, tmp_path / "changed.tar", change=name)

    refused = restore(changed, target)

    assert refused.returncode != 0
    assert name in refused.stderr
    with target.cursor() as cursor:
        assert table_counts(cursor, connection.vendor) == {}
    assert files_under(target.media) == []
    assert restore(archive, target).returncode == 0  # the same archive unchanged restores into the same target


def hostile(name: str, *, link_to: str = "") -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    if link_to:
        member.type, member.linkname = tarfile.SYMTYPE, link_to
    return member


@pytest.mark.parametrize(
    "member",
    [
        hostile("media/../../outside.txt"),
        hostile("../outside.txt"),
        hostile("/tmp/outside.txt"),
        hostile("media/documents/outside.txt", link_to="/etc/passwd"),
    ],
    ids=["dot-dot-under-media", "dot-dot", "absolute", "symbolic-link"],
)
def test_an_archive_member_that_would_leave_media_root_is_refused(source_media, tmp_path, member):
    issue_one_letter()
    hostile_archive = rewritten(backup(tmp_path), tmp_path / "hostile.tar", add=(member,))
    before = files_under(source_media)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)

    with pytest.raises(CommandError, match="refused") as refusal:
        call_command("restore", hostile_archive, stdout=io.StringIO())

    assert member.name in str(refusal.value)
    assert files_under(source_media) == before
    assert not list(tmp_path.parent.rglob("outside.txt")) and not Path("/tmp/outside.txt").exists()
    with connection.cursor() as cursor:
        assert table_counts(cursor, connection.vendor) == counts


def test_restore_refuses_a_database_that_is_not_empty(source_media, tmp_path):
    issue_one_letter()
    archive = backup(tmp_path)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", archive, stdout=io.StringIO())

    with connection.cursor() as cursor:
        assert table_counts(cursor, connection.vendor) == counts


@pytest.mark.parametrize("damage", ["missing", "changed"])
def test_no_backup_is_written_when_an_issued_document_is_missing_or_changed(source_media, tmp_path, damage):
    document = issue_one_letter()
    stored = source_media / document.file.name
    if damage == "missing":
        stored.unlink()
    else:
        stored.write_bytes(stored.read_bytes() + b"%")

    with pytest.raises(CommandError, match=document.file.name):
        call_command("backup", directory=tmp_path / "archives", stdout=io.StringIO())

    assert list((tmp_path / "archives").iterdir()) == []
