"""``scrapy crawl`` for scheduled archive runs: one writer at a time, an honest exit code.

Cron and systemd learn how a run went from its exit code and mail or keep its log, so the log is
short unless ``ARCHIVER_FULL_LOG``: Scrapy's warnings and errors, the archiver's own lines, and the
run summary as the last line. This command returns:

* 0 when the run finished and wrote its ledger row with status ``ok``;
* 1 when the run failed (see ``ArchivePipeline``: the site could not be read, too many pages failed,
  or the crawl stopped early);
* 2 at once, with one line on stderr and no run recorded, when the run cannot start as asked: an
  unknown spider, arguments the spider refuses (``-a base_url=not-a-url``, ``-a mode=bogus``), an
  archive path whose folder does not exist;
* 75 (``EX_TEMPFAIL``) at once, before any request, when another crawl is writing to the same archive.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl

from storage import ArchiveLocked, run_lock

EXIT_USAGE = 2
EXIT_LOCKED = 75

# A crawl allocates and drops requests, responses, deferreds and parse results by the million;
# at CPython's default young-generation threshold (700) the cyclic GC ran ~800 times on a
# 2,000-post crawl, 1.9 s of pauses in all (timed with gc.callbacks, on a busy machine); at
# 10,000 it ran ~50 times, 0.09 s, with the same peak memory (reference counting frees nearly
# everything anyway).
GC_YOUNG_THRESHOLD = 10_000

# glibc serves an allocation of at least this many bytes with a mapping of its own, returned to the
# system when freed. By default the threshold rises to the largest block freed (up to 32 MB), after
# which the crawl's page-sized buffers (response bodies, decoded pages, pickled hand-overs to the
# extraction workers, sitemaps: 30-350 KB) come from the heap, between small objects that live
# on, and the heap's high-water mark crept up over a long crawl. Fixed at glibc's initial value.
MMAP_THRESHOLD_BYTES = 128 * 1024
_M_MMAP_THRESHOLD = -3  # malloc.h


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Keep glibc's mmap threshold at ``threshold`` for this process; False where the C library
    has no ``mallopt`` (not glibc) or refuses it."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    return mallopt(_M_MMAP_THRESHOLD, threshold) == 1


# glibc gives memory back to the system only from the top of its heap; pages freed in the middle
# stay resident, so the heap's resident size is its high-water mark, which crept up over a long
# crawl (freed page-sized buffers between small objects that live on). ``malloc_trim(0)``
# releases every whole free page of the heap; done from a thread every so often, the crawl
# process's resident heap follows what it holds rather than the most it ever held.
HEAP_TRIM_SECONDS = 1.0


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


@contextmanager
def trimming_heap(seconds: float = HEAP_TRIM_SECONDS) -> Iterator[bool]:
    """Give the heap's free pages back to the system every ``seconds`` while in the block (a
    daemon thread: the call releases the GIL); yields whether it can (glibc only)."""
    trim = _malloc_trim()
    if trim is None:
        yield False
        return
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(seconds):
            trim(0)

    thread = threading.Thread(target=run, name="archiver-heap-trim", daemon=True)
    thread.start()
    try:
        yield True
    finally:
        stop.set()
        thread.join()


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.full_log = self.settings.getbool("ARCHIVER_FULL_LOG")
        if not self.full_log:
            # Scrapy's start-up banner is logged while the crawler process is made, before run(),
            # right after a logging set-up that resets the levels of Scrapy's loggers (a filter
            # stays).
            logging.getLogger("scrapy.utils.log").addFilter(_warnings_and_worse)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        settings = self.crawler_process.settings
        if not self.full_log:
            # The short log a scheduled run mails: Scrapy's warnings and errors, the archiver's
            # own lines, and the run summary last. (Scrapy's logging set-up, made with the
            # crawler process, put its loggers at DEBUG: this comes after it.)
            logging.getLogger("scrapy").setLevel(logging.WARNING)
        if len(args) != 1:
            return self._refuse("give exactly one spider name, e.g. scrapy crawl megalopreneur")
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            names = ", ".join(sorted(self.crawler_process.spider_loader.list()))
            return self._refuse(f"no spider {args[0]!r}: use one of {names}")
        check_arguments = getattr(spidercls, "check_arguments", None)
        if check_arguments is not None:
            try:
                check_arguments(settings, **opts.spargs)
            except ValueError as error:
                return self._refuse(str(error))
        db_path = settings.get("ARCHIVER_DB")
        problem = _archive_path_problem(Path(db_path))
        if problem:
            return self._refuse(f"ARCHIVER_DB {db_path!r}: {problem}")
        with ExitStack() as stack:
            try:
                # Held for the whole run; the OS releases it if the process dies, even by SIGKILL.
                stack.enter_context(run_lock(db_path))
            except ArchiveLocked as exc:
                print(f"archiver: {exc}", file=sys.stderr)
                self.exitcode = EXIT_LOCKED
                return
            except OSError as error:  # e.g. a read-only folder
                return self._refuse(f"ARCHIVER_DB {db_path!r}: {error.strerror or error}")
            gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
            fix_mmap_threshold()
            stack.enter_context(trimming_heap())
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or _run_status(crawler) != "ok":
            self.exitcode = 1

    def _refuse(self, message: str) -> None:
        """One line on stderr and exit 2: the run cannot start as asked, nothing was recorded."""
        print(f"archiver: error: {message}", file=sys.stderr)
        self.exitcode = EXIT_USAGE


def _warnings_and_worse(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def _archive_path_problem(path: Path) -> str | None:
    """Why no archive can be written at ``path``, or None."""
    if not path.parent.is_dir():
        return f"folder {str(path.parent)!r} does not exist"
    if path.is_dir():
        return "is a folder, not an archive file"
    return None


def _run_status(crawler: Any) -> str | None:
    """The status the run closed its ledger row with; None if the crawl never started."""
    try:
        stats = crawler.stats
    except RuntimeError:  # the crawler failed before it made its stats
        return None
    return stats.get_value("archiver/run_status")
