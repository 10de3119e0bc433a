"""Run ``extract_article`` off the reactor thread, in worker processes, with a time budget per page.

Extraction costs ~12 ms of CPU per page; done inline it would stall downloads and use one core.
:class:`ExtractorPool` hands pages to a process pool sized to the cores and awaits the result, with a
bound on pages in flight so memory stays flat however fast pages arrive. Each page gets a wall-clock
budget inside its worker (``SIGALRM``), so one pathological page is abandoned instead of freezing a
worker forever, and workers exit by themselves when the crawl process dies, even by SIGKILL.
``workers=0`` extracts inline (tiny crawls, debugging): same function, same result,
no budget.

The worker also tells what a page is when it holds no article (:func:`extract_or_classify`): the
spider hands article-shaped pages over unparsed, so the worker's parse is the only one they get.

No scrapy import here: the pipeline wraps this for Scrapy.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from archiver.extraction.article import Article
from storage.rawhtml import compress_html

# What the forkserver imports once for every worker it forks: trafilatura and its dependencies.
# The crawl process itself never imports it (see archiver.extraction), so nothing here does at
# module level either.
WORKER_PRELOAD = ["archiver.extraction.extract", "archiver.extraction.pagetype"]

# Why a page yields no Article, besides its page type ("listing", "feed", "other"): an article page
# with too little main text.
TOO_LITTLE_TEXT = "text"


class ExtractionTimeout(BaseException):
    """A page took longer than its extraction budget.

    A BaseException, like KeyboardInterrupt: trafilatura wraps its recall and justext fallbacks
    in ``except Exception``, and a budget that fired there would be swallowed and never fire again.
    """


ALARM_REPEAT = 0.05  # seconds


@contextmanager
def _alarm(seconds: float):
    """Raise ExtractionTimeout in this (worker) process when ``seconds`` of wall time pass."""

    def _expired(signum, frame):
        raise ExtractionTimeout(f"extraction took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    # Then again every ALARM_REPEAT seconds until cleared: a signal handler's exception is lost
    # when it runs inside a __del__ or a weakref callback ("Exception ignored in..."), and a
    # budget that fired only once would then let a slow page run on to its end.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_or_classify(html: str, url: str, fetched_at: str) -> Article | str:
    """The page's Article, or why it has none: its page type, or ``TOO_LITTLE_TEXT``.

    ``extract_article`` classifies the page on its own parse; only a page that yields no Article
    (rare in a crawl) is parsed a second time, to tell a listing or a soft 404 from a short post.
    """
    from archiver.extraction import classify_page, extract_article  # see WORKER_PRELOAD

    article = extract_article(html, url, fetched_at)
    if article is not None:
        return article
    page_type = classify_page(html, url)
    return TOO_LITTLE_TEXT if page_type == "article" else page_type


def extract_for_archive(html: str, url: str, fetched_at: str) -> tuple[Article | str, bytes | None]:
    """``extract_or_classify``, and with an Article the page as the archive stores it.

    Compressing the page here puts that work (~0.5 ms a page) on a worker's core instead of the
    crawl process's, and the crawl process holds pages awaiting their write ~5x smaller.
    """
    result = extract_or_classify(html, url, fetched_at)
    return result, compress_html(html) if isinstance(result, Article) else None


def extract_with_budget(
    html: str, url: str, fetched_at: str, seconds: float
) -> tuple[Article | str, bytes | None]:
    """Worker entry point: ``extract_for_archive`` under a time budget."""
    with _alarm(seconds):
        return extract_for_archive(html, url, fetched_at)


def _start_worker(crawl_pid: int) -> None:
    """Pool worker initializer: leave with the crawl, and pay trafilatura's first-call costs."""
    threading.Thread(
        target=_exit_when_gone, args=(crawl_pid,), name="crawl-watch", daemon=True
    ).start()
    warm_up()


def warm_up() -> None:
    """Pay trafilatura's first-call costs (lazy imports, compiled XPaths) once per process."""
    from archiver.extraction import extract_article  # see WORKER_PRELOAD

    extract_article("<html><body><p>warm up</p></body></html>", "http://localhost/", "2024-01-01")


def _exit_when_gone(pid: int, interval: float = 1.0) -> None:
    """Exit this worker once process ``pid`` (the crawl) is gone.

    A crawl killed with SIGKILL tells its workers nothing, and a worker holds both ends of its
    work queue, so it would wait for work forever (and keep the forkserver alive with it).
    """
    while True:
        time.sleep(interval)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)


class ExtractorPool:
    """Extraction in ``workers`` processes with at most ``max_in_flight`` pages queued."""

    def __init__(self, workers: int, timeout: float, max_in_flight: int | None = None):
        self.workers = workers
        self.timeout = timeout
        self._slots = asyncio.Semaphore(max_in_flight or max(1, workers) * 4)
        self._executor: ProcessPoolExecutor | None = None
        self._executor_lock = threading.Lock()  # start() may run in another thread
        self._closed = False

    def start(self) -> None:
        """Start every worker now, from any thread, instead of at the first pages.

        Starting the forkserver blocks its caller until it has imported trafilatura (~1 s), and a
        worker is only forked when a page is handed to it: called from a thread at the crawl's
        start, both overlap the first listing and sitemap fetches instead of stalling the reactor
        at the first article.
        """
        if self.workers <= 0:
            return
        try:
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(os.getpid)  # a worker is forked when work waits and none is idle
        except RuntimeError:
            pass  # closed already (a crawl shorter than the start): nothing left to start

    def _pool(self) -> ProcessPoolExecutor:
        with self._executor_lock:
            if self._closed:
                raise RuntimeError("the extraction pool is closed")
            if self._executor is None:
                # forkserver: workers start from a clean, small process (not a fork of the
                # reactor with its sockets and threads), and import trafilatura once in the server.
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(WORKER_PRELOAD)
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=context,
                    initializer=_start_worker,
                    initargs=(os.getpid(),),
                )
            return self._executor

    async def extract(
        self, html: str, url: str, fetched_at: str
    ) -> tuple[Article | str, bytes | None]:
        """``extract_for_archive`` of the page; ExtractionTimeout past its budget."""
        if self.workers <= 0:
            return extract_for_archive(html, url, fetched_at)
        async with self._slots:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                self._pool(), extract_with_budget, html, url, fetched_at, self.timeout
            )

    def close(self) -> None:
        with self._executor_lock:
            executor, self._executor, self._closed = self._executor, None, True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
