"""The files the database names, as each app declares them (the project package imports no app)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


class BackupError(Exception):
    """A backup or a restore refused, with the message that says why (already translated)."""


@dataclass(frozen=True)
class StoredFile:
    """A file under MEDIA_ROOT that a row names, with the SHA-256 the row recorded when the file was written."""

    path: str  # relative to MEDIA_ROOT, as the FileField stores it
    sha256: str
    owner: str  # the row, for messages: "partners.OutgoingDocument #12"


# Each app hands over, in its AppConfig.ready(), a callable that lists its stored files on the default connection.
_SOURCES: dict[str, Callable[[], Iterable[StoredFile]]] = {}


def register_stored_files(name: str, source: Callable[[], Iterable[StoredFile]]) -> None:
    """Have every backup check and every restore verify the files `source` lists (e.g. the issued documents)."""
    if _SOURCES.get(name, source) is not source:
        raise ImproperlyConfigured(f"Two sources of stored files named {name!r}.")
    _SOURCES[name] = source


def named_files() -> list[StoredFile]:
    """Every stored file the database names, read on the default connection (in the caller's transaction)."""
    return sorted((item for source in _SOURCES.values() for item in source()), key=lambda item: item.path)
