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
import time
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
        if not _lock_within(fd, fcntl.LOCK_EX, PROBE_GRACE):
            raise ArchiveLocked(
                f"another crawl is already writing to {Path(db_path).name} (pid {_holder_pid(fd)})"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        # Closing the descriptor releases the lock.
        os.close(fd)


# lock_held() holds a shared lock for a few microseconds; a crawl starting at that instant waits
# this long (s) before it believes another crawl holds the archive.
PROBE_GRACE = 0.2


def lock_held(db_path: str | Path) -> bool:
    """Whether a crawl holds the archive's write lock now (a read-only check: no file is made).

    A run row still ``running`` while nobody holds the lock belongs to a crawl that died.
    """
    try:
        fd = os.open(lock_path(db_path), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        return not _lock_within(fd, fcntl.LOCK_SH, 0)
    finally:
        os.close(fd)  # releases the shared lock at once


def _lock_within(fd: int, operation: int, seconds: float) -> bool:
    """Take the ``flock`` ``operation`` on ``fd``, trying for up to ``seconds``; False if not."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)


def _holder_pid(fd: int) -> str:
    content = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return content or "unknown"
