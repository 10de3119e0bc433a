"""Run ``extract_article`` off the reactor thread, in worker processes, with a time budget per page.

Extraction costs ~12 ms of CPU per page; done inline it would stall downloads and use one core.
:class:`ExtractorPool` hands pages to worker processes (one per core by default) over pipes the event
loop reads itself, with a bound on pages in flight so memory stays flat however fast pages arrive.
Each page gets a wall-clock budget inside its worker (``SIGALRM``), so one pathological page is
abandoned instead of freezing a worker forever; a worker that dies or hangs anyway is replaced and
only its page is lost. Workers exit by themselves when the crawl process dies, even by SIGKILL
(their task pipe ends). ``workers=0`` extracts inline (tiny crawls, debugging): same function, same
result, no budget.

The worker also tells what a page is when it holds no article (:func:`extract_or_classify`): the
spider hands article-shaped pages over unparsed, so the worker's parse is the only one they get.
A page may come as its fetched bytes (:class:`RawPage`), which the worker decodes: the crawl
process then holds each page in flight as the bytes its response holds anyway.

No scrapy import here: the pipeline wraps this for Scrapy.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import signal
import struct
import threading
import time
from collections import deque
from contextlib import contextmanager, suppress
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

from archiver.charsets import page_text
from archiver.extraction.article import Article
from archiver.profiles import KNOWN_CHROME, NO_WORDS, PROFILES
from storage.rawhtml import compress_html

# What the forkserver imports once for every worker it forks: trafilatura and its dependencies.
# The crawl process itself never imports it (see archiver.extraction), so nothing here does at
# module level either.
WORKER_PRELOAD = ["archiver.extraction.extract", "archiver.extraction.pagetype"]

# Why a page yields no Article, besides its page type ("listing", "feed", "other"): an article page
# with too little main text.
TOO_LITTLE_TEXT = "text"


class RawPage(NamedTuple):
    """A page as fetched: its bytes and the charset its response declared (``page_text``)."""

    body: bytes
    encoding: str


class ExtractionTimeout(BaseException):
    """A page took longer than its extraction budget.

    A BaseException, like KeyboardInterrupt: trafilatura wraps its recall and justext fallbacks
    in ``except Exception``, and a budget that fired there would be swallowed and never fire again.
    """


class ExtractionFailed(Exception):
    """The extraction of one page raised, or its worker process died while on it."""


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


def extract_or_classify(
    html: str, url: str, fetched_at: str, profile: str | None = None
) -> Article | str:
    """The page's Article, or why it has none: its page type, or ``TOO_LITTLE_TEXT``.

    ``profile``: the name of the site profile the page was crawled under, whose chrome is removed
    (None: every profile's) and whose own words are read (``SiteProfile.vocabulary``). ``extract_article`` classifies the page on its own parse; only a
    page that yields no Article (rare in a crawl) is parsed a second time, to tell a listing or
    a soft 404 from a short post.
    """
    from archiver.extraction import classify_page, extract_article  # see WORKER_PRELOAD

    site = PROFILES[profile] if profile else None
    chrome = site.chrome if site else KNOWN_CHROME
    vocabulary = site.vocabulary if site else NO_WORDS
    article = extract_article(html, url, fetched_at, chrome, vocabulary)
    if article is not None:
        return article
    page_type = classify_page(html, url, vocabulary)
    return TOO_LITTLE_TEXT if page_type == "article" else page_type


def extract_for_archive(
    html: str | RawPage, url: str, fetched_at: str, profile: str | None = None
) -> tuple[Article | str, bytes | None]:
    """``extract_or_classify``, and with an Article the page as the archive stores it.

    Compressing the page here puts that work (~0.5 ms a page) on a worker's core instead of the
    crawl process's, and the crawl process holds pages awaiting their write ~5x smaller.
    """
    if isinstance(html, RawPage):
        html = page_text(html.body, html.encoding, url)
    result = extract_or_classify(html, url, fetched_at, profile)
    return result, compress_html(html) if isinstance(result, Article) else None


def extract_with_budget(
    html: str | RawPage, url: str, fetched_at: str, profile: str | None, seconds: float
) -> tuple[Article | str, bytes | None]:
    """Worker entry point: ``extract_for_archive`` under a time budget."""
    with _alarm(seconds):
        return extract_for_archive(html, url, fetched_at, profile)


def warm_up() -> None:
    """Pay trafilatura's first-call costs (lazy imports, compiled XPaths) once per process."""
    from archiver.extraction import extract_article  # see WORKER_PRELOAD

    extract_article("<html><body><p>warm up</p></body></html>", "http://localhost/", "2024-01-01")


def _serve(tasks: Connection, results: Connection, seconds: float) -> None:
    """A worker process: extract each page read from ``tasks``, answer on ``results``, in order.

    Ends when the crawl closes its end of ``tasks`` (a crawl killed with SIGKILL included: the
    kernel closes it). Ctrl-C is the crawl's to handle: Scrapy's graceful stop waits for the pages
    in progress, so a worker must not die of the terminal's SIGINT under it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()
    while True:
        try:
            html, url, fetched_at, profile = pickle.loads(tasks.recv_bytes())
        except EOFError:
            return
        try:
            answer: tuple = (_DONE, extract_with_budget(html, url, fetched_at, profile, seconds))
        except ExtractionTimeout as exc:
            answer = (_TIMEOUT, str(exc))
        except Exception as exc:  # a parser bug on one page must not end the worker
            answer = (_ERROR, f"{type(exc).__name__}: {exc}")
        try:
            results.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:  # the crawl is gone
            return


_DONE, _TIMEOUT, _ERROR = "done", "timeout", "error"
_FRAME = struct.Struct("!i")  # multiprocessing.Connection's length prefix, both ways


class _Worker(asyncio.Protocol):
    """One worker process seen from the event loop: its pipes, and the pages it holds, in order.

    Pages go out through an asyncio pipe transport (buffered, never blocking the reactor) and
    answers come back as ``data_received``, in the loop's own thread: no feeder or manager thread,
    no hop between threads per page (concurrent.futures' pool cost the crawl process ~0.4 ms of
    CPU a page in them; this ~0.1).
    """

    def __init__(
        self, process: BaseProcess, tasks_fd: int, results_fd: int, on_lost, on_idle
    ) -> None:
        self.process = process
        self._tasks_fd, self._results_fd = tasks_fd, results_fd
        self._on_lost, self._on_idle = on_lost, on_idle
        self._tasks: asyncio.WriteTransport | None = None
        self._results: asyncio.BaseTransport | None = None
        self.attached = False  # the pipes belong to transports of the event loop
        self._buffer = bytearray()
        # (future, task) of each page sent and not answered; the first is in the works. The task
        # is the page's arguments, which its item holds anyway, not their pickle: the pickle is
        # made again only if the page goes to another worker.
        self.pending: deque[tuple[asyncio.Future, tuple]] = deque()
        self.busy_since = 0.0  # when the first pending page reached the head of the line
        self.sent = 0  # pages sent over its life
        self.quota = 0  # pages it takes before it gives way to a fresh worker (0: no limit)
        self.hung = False
        self.closed = False

    async def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self.attached = True
        self._tasks, _ = await loop.connect_write_pipe(
            asyncio.Protocol, os.fdopen(self._tasks_fd, "wb", buffering=0)
        )
        await loop.connect_read_pipe(lambda: self, os.fdopen(self._results_fd, "rb", buffering=0))

    def send(self, future: asyncio.Future, task: tuple) -> None:
        if not self.pending:
            self.busy_since = time.monotonic()
        self.pending.append((future, task))
        self.sent += 1
        payload = pickle.dumps(task, pickle.HIGHEST_PROTOCOL)
        # Two writes, not one joined copy of the page: what the pipe does not take at once is
        # copied into the transport's buffer either way.
        self._tasks.write(_FRAME.pack(len(payload)))
        self._tasks.write(payload)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._results = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(self._buffer)
            end = _FRAME.size + size
            if len(self._buffer) < end:
                return
            kind, value = pickle.loads(self._buffer[_FRAME.size : end])
            del self._buffer[:end]
            future, _ = self.pending.popleft()
            self.busy_since = time.monotonic()
            if not future.done():
                _settle(future, kind, value)
        if not self.pending:
            self._on_idle(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._results = None  # closed already
        self._on_lost(self)

    def close(self) -> None:
        """Stop the process now and let go of its pipes; answers still on their way are lost."""
        if self.closed:
            return
        self.closed = True
        if self.process.is_alive():
            self.process.terminate()
        for transport in (self._tasks, self._results):
            if transport is not None:
                try:
                    # abort where there is one: a page still buffered for the worker is dropped
                    getattr(transport, "abort", transport.close)()
                except RuntimeError:  # its event loop is closed: close the pipe itself
                    transport.get_extra_info("pipe").close()
        self._tasks = self._results = None
        if not self.attached:
            for fd in (self._tasks_fd, self._results_fd):
                with suppress(OSError):
                    os.close(fd)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


def _settle(future: asyncio.Future, kind: str, value: Any) -> None:
    if kind == _DONE:
        future.set_result(value)
    elif kind == _TIMEOUT:
        future.set_exception(ExtractionTimeout(value))
    else:
        future.set_exception(ExtractionFailed(value))


class ExtractorPool:
    """Extraction in ``workers`` processes with at most ``max_in_flight`` pages in them.

    Use it from one event loop. A page past its budget raises :class:`ExtractionTimeout`; a page
    whose extraction raised, or whose worker died on it (a crash, the OOM killer), raises
    :class:`ExtractionFailed`. A worker that dies is replaced, and the pages queued behind the one
    it was on go to the others: one bad page never costs its neighbours. A worker that stops
    answering altogether (a hang in C code, where the budget's alarm cannot reach) is killed
    ``hang_grace`` seconds past the budget. With ``pages_per_worker``, a worker is replaced by a
    fresh one after that many pages, so what trafilatura and lxml keep between pages (caches,
    fragmented heap) cannot grow over a long backfill.
    """

    def __init__(
        self,
        workers: int,
        timeout: float,
        max_in_flight: int | None = None,
        hang_grace: float = 10.0,
        pages_per_worker: int = 0,
    ):
        self.workers = workers
        self.timeout = timeout
        self.hang_grace = hang_grace
        self.pages_per_worker = pages_per_worker
        self._slots = asyncio.Semaphore(max_in_flight or max(1, workers) * 4)
        self._live: list[_Worker] = []  # the workers pages are sent to
        self._retiring: set[_Worker] = set()  # past their pages, answering their last ones
        self._lock = threading.Lock()  # start() may run in another thread
        self._ready_lock: asyncio.Lock | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self._closed = False
        self._spawned = 0  # workers started over the pool's life

    def start(self) -> None:
        """Start every worker now, from any thread, instead of at the first page.

        Starting the forkserver blocks its caller until it has imported trafilatura (~1 s):
        called from a thread at the crawl's start, it overlaps the first listing and sitemap
        fetches instead of stalling the reactor at the first article.
        """
        with self._lock:
            while not self._closed and self._short_of_workers():
                self._live.append(self._spawn())

    def _short_of_workers(self) -> bool:
        # A retiring worker still counts until it stops (its successor would briefly double the
        # pool's memory), unless no other worker is left to take pages.
        if self.workers <= 0:  # inline extraction
            return False
        return not self._live or len(self._live) + len(self._retiring) < self.workers

    def worker_pids(self) -> list[int]:
        """Process ids of the workers running: taking pages, or answering their last ones."""
        return [worker.process.pid for worker in self._running()]

    def _running(self) -> list[_Worker]:
        return [*self._live, *self._retiring]

    def _spawn(self) -> _Worker:
        # forkserver: workers start from a clean, small process (not a fork of the reactor with
        # its sockets and threads), and trafilatura is imported once, in the server.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_PRELOAD)
        tasks_in, tasks_out = context.Pipe(duplex=False)
        results_in, results_out = context.Pipe(duplex=False)
        process = context.Process(
            target=_serve,
            args=(tasks_in, results_out, self.timeout),
            name="archiver-extract",
            daemon=True,
        )
        # The first start launches the forkserver, which imports trafilatura before it ignores
        # the terminal's SIGINT: a Ctrl-C meanwhile printed its traceback under the run's own
        # message. A signal blocked in this thread stays blocked in the processes it starts
        # (fork and exec keep the mask); the server then ignores SIGINT, and so do its workers.
        # multiprocessing's resource tracker, started first by the forkserver, unblocks SIGINT
        # after starting its own process: started before the mask is set, it leaves it alone.
        resource_tracker.ensure_running()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        # The worker's ends are its own now: holding them here would hide its death (no EOF).
        tasks_in.close()
        results_out.close()
        worker = _Worker(
            process,
            os.dup(tasks_out.fileno()),
            os.dup(results_in.fileno()),
            self._lost,
            self._idle,
        )
        tasks_out.close()
        results_in.close()
        # The first workers' quotas are staggered (1/n, 2/n ... of ``pages_per_worker``), so the
        # pool's workers give way one at a time: retiring together, they left no worker to take
        # pages, and each one's successor started while they answered their last ones (four
        # processes of a two-worker pool at once). A successor takes the whole quota.
        self._spawned += 1
        if self.pages_per_worker:
            share = min(self._spawned, self.workers) / self.workers
            worker.quota = max(1, round(self.pages_per_worker * share))
        return worker

    async def extract(
        self, html: str | RawPage, url: str, fetched_at: str, profile: str | None = None
    ) -> tuple[Article | str, bytes | None]:
        """``extract_for_archive`` of the page, in a worker."""
        if self.workers <= 0:
            return extract_for_archive(html, url, fetched_at, profile)
        async with self._slots:
            future = asyncio.get_running_loop().create_future()
            await self._dispatch(future, (html, url, fetched_at, profile))
            return await future

    async def _dispatch(self, future: asyncio.Future, task: tuple) -> None:
        """Send the page to the worker with the fewest pages, starting and attaching as needed."""
        workers = await self._ready()
        worker = min(workers, key=lambda worker: len(worker.pending))
        worker.send(future, task)
        if worker.quota and worker.sent >= worker.quota:
            # Out of the rotation now, stopped once idle; its successor starts after it.
            self._live.remove(worker)
            self._retiring.add(worker)

    async def _ready(self) -> list[_Worker]:
        if self._ready_lock is None:
            self._ready_lock = asyncio.Lock()
        async with self._ready_lock:
            if self._short_of_workers() and not self._closed:
                await asyncio.to_thread(self.start)
            if self._closed:  # before, or while the workers were starting
                raise RuntimeError("the extraction pool is closed")
            loop = asyncio.get_running_loop()
            for worker in list(self._live):
                if not worker.attached:
                    await worker.attach(loop)
            if self._watchdog is None:
                self._watch()
            return self._live

    def _idle(self, worker: _Worker) -> None:
        """``worker`` answered every page it held: stop it if it is retiring."""
        if worker in self._retiring:
            self._retiring.discard(worker)
            worker.close()

    def _lost(self, worker: _Worker) -> None:
        """A worker's answers ended: fail the page it was on, hand its queue to the others."""
        if worker in self._live:
            self._live.remove(worker)
        self._retiring.discard(worker)
        if self._closed:
            return
        worker.close()  # gone or going: reaped here, its exit code says how
        if not worker.pending:
            return
        future, _ = worker.pending.popleft()
        if not future.done():
            if worker.hung:
                future.set_exception(
                    ExtractionTimeout(f"the worker stopped answering for {self._hang_after():g} s")
                )
            else:
                future.set_exception(
                    ExtractionFailed(
                        f"the worker died on this page (exit code {worker.process.exitcode})"
                    )
                )
        for future, task in worker.pending:
            if not future.done():
                asyncio.ensure_future(self._redispatch(future, task))
        worker.pending.clear()

    async def _redispatch(self, future: asyncio.Future, task: tuple) -> None:
        try:
            await self._dispatch(future, task)
        except Exception as exc:  # the pool closed meanwhile, or no worker can start
            if not future.done():
                future.set_exception(exc)

    def _hang_after(self) -> float:
        return self.timeout + self.hang_grace

    def _watch(self) -> None:
        """Every second: kill a worker that has held its page well past the budget."""
        if self._closed:
            return
        now = time.monotonic()
        for worker in self._running():
            if worker.pending and now - worker.busy_since > self._hang_after() and not worker.hung:
                worker.hung = True
                worker.process.kill()  # its results pipe ends: _lost does the rest
        self._watchdog = asyncio.get_running_loop().call_later(1.0, self._watch)

    def close(self) -> None:
        """Stop the workers; pages still queued are cancelled."""
        with self._lock:
            self._closed = True
            workers, self._live, self._retiring = self._running(), [], set()
        if self._watchdog is not None:
            self._watchdog.cancel()
        for worker in workers:
            for future, _ in worker.pending:
                future.cancel()
            worker.pending.clear()
            worker.close()
