"""Backup and restore: one archive holding the database's dump and every stored file, each with its SHA-256.

The archive is a plain tar file (the dump and the PDFs are compressed already):

- `database.dump` (PostgreSQL, `pg_dump --format=custom --no-owner --no-acl`) or `database.sqlite3` (SQLite, a copy
  made with SQLite's online backup);
- `media/<path>`: every file under MEDIA_ROOT (issued documents, Excel checks waiting for confirmation);
- `manifest.json`, last: when and by which version it was made, the database's vendor, server and dump tool, its
  migrations, the row count of every table, and the path, size and SHA-256 of the dump and of every file, with the
  files the database names and the checksum it recorded for each (the issued documents).

Consistency: the dump, the row counts and the list of files the database names are read in one snapshot
(PostgreSQL: one REPEATABLE READ transaction whose snapshot pg_dump shares; SQLite: one read transaction). The
files are copied after it. An issued document's PDF is written before the row that names it is committed and is
never changed nor removed after, so every file the snapshot names is on disk when the files are copied; a file
written meanwhile is copied too and named by no row of the dump, which is harmless. The backup checks each named
file against its recorded SHA-256 and refuses to write an archive that lacks one: every archive kept is whole.

Restore (`steps.backup_restore`) checks everything it can before it changes anything: the archive's members and
names (no path may leave MEDIA_ROOT), every SHA-256, that the database is empty and of the same vendor, that no
file in MEDIA_ROOT would be overwritten with other content. Then it loads the dump in one transaction, moves the
files into place, and checks the row counts and the documents' checksums against the manifest.
"""
