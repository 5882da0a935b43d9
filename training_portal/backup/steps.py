"""The two steps: `backup_create` writes one archive; `backup_restore` puts one back into an empty database."""

import json
import os
import shutil
import stat
import subprocess
import tempfile
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from training_portal.backup import archive, databases
from training_portal.backup.registry import BackupError, StoredFile, named_files

PROBLEMS_TOLD = 20  # files named in a refusal; the rest are counted


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    tables: int
    rows: int
    files: int
    file_bytes: int
    named_files: int


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    tables: int
    rows: int
    files: int
    named_files: int
    pending_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)


def backup_create(*, directory: Path) -> BackupResult:
    """Write `training-portal-<UTC time>.tar` into `directory` (created if needed, readable by its owner only)."""
    media = Path(settings.MEDIA_ROOT).resolve()
    directory = directory.resolve()
    if directory == media or media in directory.parents:
        raise BackupError(
            _("Keep backups outside MEDIA_ROOT (%(media)s): a backup would hold the backups before it.")
            % {"media": media}
        )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.now()
    path = directory / f"training-portal-{now:%Y%m%d-%H%M%S}.tar"
    if path.exists():
        raise BackupError(_("%(path)s exists already: nothing was written.") % {"path": path})
    member = databases.DUMP_MEMBERS[databases.vendor()]
    # The dump is written beside the archive (on the disk meant for backups), in a folder only its owner reads.
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump = Path(work) / member
        with databases.snapshot(dump) as described:
            tables = databases.row_counts()
            migrations = databases.applied_migrations()
            named = named_files()
        with archive.Writer(path) as writer:
            dump_entry = writer.add_file(member, dump)
            stored = [entry for entry in _copy_media(writer, media) if entry is not None]
            _check_named(named, {entry.name.removeprefix(archive.MEDIA): entry.sha256 for entry in stored})
            manifest = {
                "format": archive.FORMAT,
                "created_at": now.isoformat(),
                "application": _application(),
                "database": {
                    "vendor": databases.vendor(),
                    **described,
                    "member": member,
                    "size": dump_entry.size,
                    "sha256": dump_entry.sha256,
                },
                "migrations": migrations,
                "tables": tables,
                "files": [entry.as_manifest(prefix=archive.MEDIA) for entry in stored],
                "named_files": [{"path": item.path, "sha256": item.sha256, "owner": item.owner} for item in named],
            }
            writer.add_bytes(archive.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return BackupResult(
        path=path,
        size=writer.size,
        sha256=writer.sha256,
        tables=len(tables),
        rows=sum(tables.values()),
        files=len(stored),
        file_bytes=sum(entry.size for entry in stored),
        named_files=len(named),
    )


def _copy_media(writer: archive.Writer, media: Path):
    """Every plain file under MEDIA_ROOT, in a stable order; links are not followed."""
    for folder, subfolders, names in os.walk(media):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(media).as_posix()
            try:
                if not stat.S_ISREG(path.lstat().st_mode):
                    continue
            except FileNotFoundError:  # an Excel check's working file expired meanwhile
                continue
            if not archive.is_safe_path(relative):
                raise BackupError(
                    _("%(path)s under MEDIA_ROOT has a name a restore would refuse: rename it.") % {"path": relative}
                )
            yield writer.add_file(archive.MEDIA + relative, path)


def _check_named(named: list[StoredFile], stored: dict[str, str]) -> None:
    """Refuse an archive that lacks a file the database names, or holds it changed since its checksum was taken."""
    problems = [
        _("%(owner)s: %(path)s is missing") % {"owner": item.owner, "path": item.path}
        if item.path not in stored
        else _("%(owner)s: %(path)s does not match its SHA-256") % {"owner": item.owner, "path": item.path}
        for item in named
        if stored.get(item.path) != item.sha256
    ]
    if problems:
        raise BackupError(
            _(
                "No backup was written: %(count)s stored files the database names are missing or changed under "
                "MEDIA_ROOT (%(list)s). Put them back from the last backup, then run the backup again."
            )
            % {"count": len(problems), "list": "; ".join(problems[:PROBLEMS_TOLD])}
        )


def _application() -> dict:
    """The version of the code that made the archive, and its git commit when it runs from a clone."""
    version = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    try:
        commit = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"version": version, "commit": commit}


# --- restore ---------------------------------------------------------------------------------------------------


def backup_restore(*, path: Path) -> RestoreResult:
    """Check the archive whole (names, SHA-256, an empty database, MEDIA_ROOT), then load the dump in one
    transaction, move the files into MEDIA_ROOT and check what was restored against the manifest."""
    media = Path(settings.MEDIA_ROOT)
    with archive.open_archive(path) as tar:
        manifest, members = archive.contents(tar)
        databases.check_target(manifest["database"])
        archive.verify(tar, members, manifest)
        to_write = _media_to_write(media, manifest)
        staging = media / f".restore-{uuid.uuid4().hex}"
        try:
            with tempfile.TemporaryDirectory(prefix="tp-restore-") as work:
                dump_entry, *file_entries = archive.entries(manifest)
                dump = Path(work) / dump_entry.name
                archive.extract(tar, members[dump_entry.name], dump_entry, dump, mode=0o600)
                for entry in file_entries:
                    if entry.name in to_write:
                        target = staging / entry.name.removeprefix(archive.MEDIA)
                        archive.extract(tar, members[entry.name], entry, target, mode=archive.stored_file_mode())
                databases.load(dump)
            for name in to_write:
                relative = name.removeprefix(archive.MEDIA)
                (media / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / relative, media / relative)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return _check_restored(manifest, media)


def _media_to_write(media: Path, manifest: dict) -> set[str]:
    """The archive's files that are not in MEDIA_ROOT yet; refuses when one is there with other content."""
    to_write, clashes = set(), []
    for item in manifest["files"]:
        existing = media / item["path"]
        if not existing.exists():
            to_write.add(archive.MEDIA + item["path"])
        elif not existing.is_file() or archive.sha256_of(existing) != item["sha256"]:
            clashes.append(item["path"])
    if clashes:
        raise BackupError(
            _(
                "MEDIA_ROOT (%(media)s) already holds other files under the archive's names (%(list)s): restore into "
                "an empty MEDIA_ROOT. Nothing was restored."
            )
            % {"media": media, "list": ", ".join(clashes[:PROBLEMS_TOLD])}
        )
    return to_write


def _check_restored(manifest: dict, media: Path) -> RestoreResult:
    """The restored database and files against the manifest: the same tables with the same row counts, and every
    file the database names present with the SHA-256 it recorded."""
    tables = databases.row_counts()
    problems = [
        _("table %(table)s: %(restored)s rows, the archive says %(archived)s")
        % {"table": name, "restored": tables.get(name, "–"), "archived": manifest["tables"].get(name, "–")}
        for name in sorted(set(tables) | set(manifest["tables"]))
        if tables.get(name) != manifest["tables"].get(name)
    ]
    named = named_files()
    for item in named:
        on_disk = media / item.path
        if not on_disk.is_file() or archive.sha256_of(on_disk) != item.sha256:
            problems.append(
                _("%(owner)s: %(path)s does not match its SHA-256") % {"owner": item.owner, "path": item.path}
            )
    listed = {(item["path"], item["sha256"]) for item in manifest["named_files"]}
    if {(item.path, item.sha256) for item in named} != listed:
        problems.append(_("the stored files the database names are not those the archive lists"))
    if problems:
        raise BackupError(
            _("The restored data does not match the archive: %(list)s.") % {"list": "; ".join(problems[:PROBLEMS_TOLD])}
        )
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    applied = executor.recorder.applied_migrations()
    return RestoreResult(
        manifest=manifest,
        tables=len(tables),
        rows=sum(tables.values()),
        files=len(manifest["files"]),
        named_files=len(named),
        pending_migrations=[f"{migration.app_label}.{migration.name}" for migration, _backwards in plan],
        unknown_migrations=sorted(
            f"{app}.{name}" for app, name in applied if (app, name) not in executor.loader.graph.nodes
        ),
    )
