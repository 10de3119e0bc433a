"""One crawl at a time per archive: an advisory ``flock`` on ``<archive>.lock``.

SQLite would serialise two writers anyway, but two crawls interleaving batches would double the
load on the site and mix their run counters; failing fast with a clear message is kinder. ``flock``
locks belong to the open file, so the operating system releases them when the process exits,
including on SIGKILL or a power cut: there is never a stale lock to clean up by hand. The lock file
itself is left in place (deleting it would race with a process about to lock it) and holds the
holder's pid for the error message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from storage.errors import ArchiveLocked


def lock_path(db_path: str | Path) -> Path:
    """The lock file of an archive: ``archive.db`` -> ``archive.db.lock``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def run_lock(db_path: str | Path) -> Iterator[Path]:
    """Hold the archive's write lock for the duration of the block; yields the lock file path.

    Raises ``ArchiveLocked`` immediately (no waiting) if another process holds it.
    """
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ArchiveLocked(
                f"another crawl is already writing to {Path(db_path).name} (pid {_holder_pid(fd)})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        # Closing the descriptor releases the lock.
        os.close(fd)


def _holder_pid(fd: int) -> str:
    content = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return content or "unknown"
