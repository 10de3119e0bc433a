"""Opening an archive: connection settings, migrations, and the write transaction helper.

Every connection gets WAL (readers never block the single writer), ``synchronous=NORMAL`` (durable
at each checkpoint, and a crash can only lose the last transactions, never corrupt the file),
foreign keys, recursive triggers (the FTS triggers must fire for every write) and a busy timeout
so a reader opening the file during a checkpoint waits instead of failing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from storage.errors import ArchiveNotFound, NotAnArchive
from storage.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


def open_db(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and, unless ``readonly``, create or migrate) the archive at ``path``.

    Read-only opens never create the file: they raise ``ArchiveNotFound`` when it is missing and
    ``NotAnArchive`` when it is not an archive. A writable open refuses a SQLite file that already
    holds other tables, so pointing the crawler at the wrong file never scribbles into it.

    The connection may be handed to a worker thread (Scrapy pipelines write off the reactor
    thread), but must never be used from two threads at once.
    """
    path = Path(path)
    if readonly:
        if not path.is_file():
            raise ArchiveNotFound(f"no archive at {path} (run a crawl first to create it)")
        # A URI keeps the open from creating the file; as_uri() escapes spaces and '?' in the path.
        db, tables = _connect(f"{path.resolve().as_uri()}?mode=ro", path, uri=True)
    else:
        db, tables = _connect(str(path), path, uri=False)
    try:
        if readonly and "articles" not in tables:
            raise NotAnArchive(
                f"{path} is a SQLite database but not an archive (no articles table)"
            )
        if tables and "articles" not in tables:
            raise NotAnArchive(f"{path} already holds other tables ({', '.join(tables[:5])})")
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
        _apply_pragmas(db)
        if not readonly:
            _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _connect(target: str, path: Path, *, uri: bool) -> tuple[sqlite_utils.Database, list[str]]:
    """Connect and list the tables: the first read, where a non-SQLite file shows itself."""
    conn = sqlite3.connect(target, uri=uri, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    except sqlite3.DatabaseError as error:
        conn.close()
        # Subclasses (OperationalError: locked, I/O...) are not about what the file is.
        if type(error) is sqlite3.DatabaseError:
            raise NotAnArchive(f"{path} is not an archive: {error}") from error
        raise
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn, recursive_triggers=True), tables


def _apply_pragmas(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA recursive_triggers=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _migrate(db: sqlite_utils.Database) -> None:
    """Apply pending migrations under one IMMEDIATE transaction.

    Taking the write lock before reading the list of applied migrations means two processes opening
    a fresh file at once cannot both run migration 1: the second waits, then finds nothing pending.
    """
    if not MIGRATIONS.pending(db):
        return
    with write_transaction(db):
        MIGRATIONS.apply(db)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on any exception.

    IMMEDIATE takes the write lock up front, so a concurrent writer waits for the busy timeout
    instead of failing halfway through with "database is locked".
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
