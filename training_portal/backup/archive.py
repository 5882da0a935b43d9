"""The archive's layout: its member names, its manifest, and members written and read with their SHA-256."""

import hashlib
import io
import json
import os
import re
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from training_portal.backup.registry import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
CHUNK = 1024 * 1024
# A manifest lists every file in a few hundred bytes: a million files fit well below this.
MANIFEST_MAX_BYTES = 512 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Entry:
    """A member as the manifest lists it."""

    name: str
    size: int
    sha256: str

    def as_manifest(self, *, prefix: str = "") -> dict:
        return {"path": self.name.removeprefix(prefix), "size": self.size, "sha256": self.sha256}


def is_safe_path(path: str) -> bool:
    """A relative path that stays below the folder it is put in: no `..`, no absolute path, nothing odd."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path or PurePosixPath(path).is_absolute():
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _Hashing:
    """A file object that hashes what goes through it (the archive as it is written, a member as it is read)."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def tell(self) -> int:
        return self.size


class Writer:
    """A new archive, written under a temporary name beside the final one, readable by its owner only, and renamed
    into place only once complete: a backup interrupted or refused leaves no archive that looks whole."""

    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name(f".{path.name}.part")
        self.size, self.sha256 = 0, ""

    def __enter__(self) -> "Writer":
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        self._hashing = _Hashing(self._file)
        self._tar = tarfile.open(fileobj=self._hashing, mode="w", format=tarfile.PAX_FORMAT)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            self._tar.close()
            self._file.flush()
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
            if kind is not None:
                self.partial.unlink(missing_ok=True)
        if kind is None:
            os.replace(self.partial, self.path)
            _sync_folder(self.path.parent)
            self.size, self.sha256 = self._hashing.size, self._hashing.digest.hexdigest()

    def add_file(self, name: str, source: Path) -> Entry | None:
        """Copy a file in, hashing the bytes as they go; None when it vanished before it could be opened."""
        try:
            handle = source.open("rb")
        except FileNotFoundError:
            return None
        with handle:
            stat = os.fstat(handle.fileno())
            info = self._info(name, stat.st_size, int(stat.st_mtime))
            reader = _Hashing(handle)
            self._tar.addfile(info, reader)
        return Entry(name, info.size, reader.digest.hexdigest())

    def add_bytes(self, name: str, data: bytes) -> None:
        self._tar.addfile(self._info(name, len(data), int(time.time())), io.BytesIO(data))

    @staticmethod
    def _info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.type, info.mtime = size, 0o600, tarfile.REGTYPE, mtime
        return info


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: the folder's entry is flushed too."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- reading -------------------------------------------------------------------------------------------------


def open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except FileNotFoundError as exc:
        raise BackupError(_("There is no file %(path)s.") % {"path": path}) from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("%(path)s is not a backup archive, or it is damaged.") % {"path": path}) from exc


def contents(tar: tarfile.TarFile) -> tuple[dict, dict[str, tarfile.TarInfo]]:
    """The manifest and the members by name, once every member's name and type is checked and the members are
    exactly those the manifest lists; nothing is extracted."""
    try:
        members = tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("The archive is damaged: %(error)s") % {"error": exc}) from exc
    by_name: dict[str, tarfile.TarInfo] = {}
    for member in members:
        if not is_safe_path(member.name):
            raise BackupError(
                _("The archive holds a member named %(name)s, which would be written outside its folder: refused.")
                % {"name": member.name}
            )
        if not member.isreg():
            raise BackupError(
                _("The archive holds %(name)s, which is not a plain file (a link or a folder): refused.")
                % {"name": member.name}
            )
        if member.name in by_name:
            raise BackupError(_("The archive holds %(name)s twice: refused.") % {"name": member.name})
        by_name[member.name] = member
    if MANIFEST not in by_name:
        raise BackupError(_("The archive has no manifest.json: it was not made by manage.py backup."))
    manifest = _read_manifest(tar, by_name[MANIFEST])
    expected = {MANIFEST, *(entry.name for entry in entries(manifest))}
    extra, missing = sorted(set(by_name) - expected), sorted(expected - set(by_name))
    if extra or missing:
        raise BackupError(
            _("The archive does not hold what its manifest lists (missing: %(missing)s; not listed: %(extra)s).")
            % {"missing": ", ".join(missing[:10]) or "–", "extra": ", ".join(extra[:10]) or "–"}
        )
    return manifest, by_name


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict:
    damaged = _("The archive's manifest is damaged.")
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError(damaged)
    try:
        manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(
                _("The archive's format (%(format)s) is not one this version reads (%(ours)s).")
                % {"format": manifest.get("format"), "ours": FORMAT}
            )
        entries(manifest)
        if not isinstance(manifest["tables"], dict) or not isinstance(manifest["named_files"], list):
            raise ValueError("tables, named_files")
    except (ValueError, KeyError, TypeError, AttributeError, tarfile.TarError) as exc:
        raise BackupError(damaged) from exc
    return manifest


def entries(manifest: dict) -> list[Entry]:
    """The members the manifest lists, besides itself: the dump, then every stored file."""
    database = manifest["database"]
    listed = [Entry(database["member"], database["size"], database["sha256"])]
    listed += [Entry(MEDIA + item["path"], item["size"], item["sha256"]) for item in manifest["files"]]
    for entry in listed:
        if not is_safe_path(entry.name):
            raise BackupError(
                _("The manifest lists %(name)s, which would be written outside its folder: refused.")
                % {"name": entry.name}
            )
        if not (isinstance(entry.size, int) and isinstance(entry.sha256, str) and _SHA256.fullmatch(entry.sha256)):
            raise ValueError(f"size or SHA-256 of {entry.name}")
    return listed


def verify(tar: tarfile.TarFile, members: dict[str, tarfile.TarInfo], manifest: dict) -> None:
    """Read every member listed and compare its size and SHA-256 with the manifest's; refuse at the first change."""
    for entry in entries(manifest):
        digest = hashlib.sha256()
        with tar.extractfile(members[entry.name]) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if members[entry.name].size != entry.size or digest.hexdigest() != entry.sha256:
            raise changed(entry.name)


def changed(name: str) -> BackupError:
    return BackupError(
        _(
            "%(name)s in the archive does not match its SHA-256 in the manifest: the archive was changed or damaged. "
            "Nothing was restored."
        )
        % {"name": name}
    )


def extract(tar: tarfile.TarFile, member: tarfile.TarInfo, entry: Entry, target: Path, *, mode: int) -> None:
    """Write one member to `target` (a new file), checking its SHA-256 again as it is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as out, tar.extractfile(member) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != entry.sha256:
        raise changed(entry.name)


def stored_file_mode() -> int:
    """The mode Django's file storage gives a stored file (FILE_UPLOAD_PERMISSIONS), for a restored one."""
    return settings.FILE_UPLOAD_PERMISSIONS or 0o644
