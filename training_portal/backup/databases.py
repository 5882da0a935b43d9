"""The database's half of a backup: its dump taken in one snapshot, loaded back into an empty database, and the
row count of every table. PostgreSQL through pg_dump and pg_restore; SQLite through its online backup."""

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from training_portal.backup.registry import BackupError

DUMP_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def vendor() -> str:
    if connection.vendor not in DUMP_MEMBERS:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor})
    return connection.vendor


@contextmanager
def snapshot(dump: Path) -> Iterator[dict]:
    """Write the database's dump to `dump`, then stay in a read-only transaction that sees exactly what the dump
    holds, for the caller to count the rows and list the stored files in; yields what describes the dump."""
    kind = vendor()
    connection.ensure_connection()  # the connection's own set-up runs before the transaction starts
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        if kind == "postgresql":
            # pg_dump shares this transaction's snapshot: the dump and every read made here see the same commit.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            tool = _tool("pg_dump")
            _check_dump_tool(tool)
            _run(tool, ["--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot_id}", f"--file={dump}"])
            yield {"tool": tool.version, "tool_major": tool.major, **_server()}
        else:
            # The first read takes the snapshot (a shared lock, or WAL's read mark) that the copy is made under.
            cursor.execute("SELECT COUNT(*) FROM sqlite_master")
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            yield {"tool": f"sqlite3 {sqlite3.sqlite_version}", "server_version": sqlite3.sqlite_version}


def row_counts() -> dict[str, int]:
    """The number of rows of every table, by name."""
    counts = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> dict[str, list[str]]:
    """The migrations applied, by app: which version of the code the data is shaped for."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- restore ---------------------------------------------------------------------------------------------------


def check_target(described: dict) -> None:
    """Refuse, before anything changes, a database of another vendor, one that holds tables, or an older server or
    dump tool than the archive's."""
    kind = vendor()
    if described["vendor"] != kind:
        raise BackupError(
            _("The archive holds a %(archive)s database; this installation uses %(ours)s. Nothing was restored.")
            % {"archive": described["vendor"], "ours": kind}
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            _(
                "The database %(name)s is not empty (it holds %(count)s tables): a backup is restored only into an "
                "empty database, so that nothing in it is lost or mixed. Create a new database (or drop and create "
                "this one again) and run the restore again. Nothing was restored."
            )
            % {"name": connection.settings_dict["NAME"], "count": len(tables)}
        )
    if kind == "sqlite" and connection.is_in_memory_db():
        raise BackupError(_("An in-memory SQLite database cannot be restored into: set DATABASE_URL to a file."))
    if kind == "postgresql":
        server = _server()
        if server["server_major"] < described["server_major"]:
            raise BackupError(
                _(
                    "The archive comes from PostgreSQL %(archive)s; this server is %(ours)s, which is older. "
                    "Restore it onto PostgreSQL %(archive)s or newer."
                )
                % {"archive": described["server_major"], "ours": server["server_major"]}
            )
        tool = _tool("pg_restore")
        if tool.major < described["tool_major"]:
            raise BackupError(
                _(
                    "%(tool)s cannot read a dump made by pg_dump %(major)s: set PG_BIN_DIR to the bin folder of the "
                    "PostgreSQL %(major)s client (or newer)."
                )
                % {"tool": tool.version, "major": described["tool_major"]}
            )


def load(dump: Path) -> None:
    """Load the dump into the configured (empty) database, all or nothing."""
    if vendor() == "postgresql":
        # One transaction: a dump that fails half way leaves the database as empty as it was.
        _run(
            _tool("pg_restore"),
            ["--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", str(dump)],
        )
        return
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    # The empty database's own journal files must not be replayed into the restored copy.
    for suffix in ("-wal", "-shm", "-journal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    partial = target.with_name(f".{target.name}.restore")
    shutil.copyfile(dump, partial)
    os.replace(partial, target)


# --- PostgreSQL's client tools -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tool:
    """pg_dump or pg_restore: its path and its version."""

    path: str
    version: str
    major: int


def _tool(name: str) -> _Tool:
    """pg_dump or pg_restore from PG_BIN_DIR, or else from the PATH."""
    folder = settings.PG_BIN_DIR
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        if folder:
            message = _("%(tool)s is not in PG_BIN_DIR (%(folder)s): set it to the bin folder of PostgreSQL's client.")
        else:
            message = _(
                "%(tool)s cannot be found: install PostgreSQL's client programs of the server's version, or set "
                "PG_BIN_DIR to their folder (e.g. /usr/lib/postgresql/15/bin)."
            )
        raise BackupError(message % {"tool": name, "folder": folder})
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    match = re.search(r"\)\s*(\d+)", version)  # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    if not match:
        raise BackupError(_("Cannot read the version of %(tool)s: %(version)s") % {"tool": found, "version": version})
    return _Tool(found, version, int(match.group(1)))


def _check_dump_tool(tool: _Tool) -> None:
    server = _server()
    if tool.major < server["server_major"]:
        raise BackupError(
            _(
                "%(tool)s cannot dump PostgreSQL %(server)s: set PG_BIN_DIR to the bin folder of the PostgreSQL "
                "%(server)s client (e.g. /usr/lib/postgresql/%(server)s/bin)."
            )
            % {"tool": tool.version, "server": server["server_major"]}
        )


def _server() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return {"server_version": version, "server_major": connection.pg_version // 10000}


def _run(tool: _Tool, parameters: list[str]) -> None:
    """Run a client tool against the configured database, connected as Django connects (the environment dbshell
    builds for psql: password, SSL); `--dbname` comes last, followed by the database's name."""
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, [*parameters, "--dbname"])
    result = subprocess.run([tool.path, *args[1:]], env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed (exit code %(code)s): %(error)s")
            % {"tool": Path(tool.path).name, "code": result.returncode, "error": result.stderr.strip()[-2000:]}
        )
