"""Item pipelines: glue between the spider's fetched pages and the archive.

1. :class:`ExtractionPipeline` turns each :class:`~archiver.items.FetchedPage` into an ``Article`` in
   a process pool (off the reactor thread), or into a :class:`~archiver.items.PageFailed` when the page
   is too large, times out, breaks the extractor or holds no article (``not-article-<page type>``:
   the worker classifies the pages the spider handed over unparsed).
2. :class:`ArchivePipeline` is the run's single writer: it opens the ``crawl_runs`` row, stores
   articles in batches of ``ARCHIVER_BATCH_SIZE`` per transaction (in one dedicated thread, so SQLite
   never blocks downloads), records 304s, 404s and failures, and closes the run with its counts and
   an ``ok``/``failed`` status that ``scrapy crawl`` turns into its exit code.

Both take plain values in ``__init__`` and read settings only in ``from_crawler``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from scrapy import signals

from archiver.charsets import page_text
from archiver.extract_pool import (
    TOO_LITTLE_TEXT,
    ExtractionFailed,
    ExtractionTimeout,
    ExtractorPool,
    RawPage,
)
from archiver.extraction.article import Article
from archiver.extraction.fingerprint import NEAR_DUPLICATE_MAX_DISTANCE
from archiver.items import (
    NO_ARTICLES_FOUND,
    NOT_ARTICLE,
    FetchedPage,
    PageFailed,
    PageGone,
    PageUnchanged,
)
from archiver.runhealth import HISTORY_RUNS, PageVerdicts, yield_collapse
from storage import STATUS_REASON, ArchiveWriter
from storage.stats import page_verdicts
from storage.writes import ARTICLE_OUTCOMES

logger = logging.getLogger(__name__)

# The spider's close reason when the archive cannot be written.
WRITE_FAILED = "archive-write-failed"
# A batch is also written once its pages (compressed) and texts reach this many bytes, whatever
# ARCHIVER_BATCH_SIZE says: the batch is the crawl process's largest buffer, filled and emptied
# in turn, and at 200 pages of a heavy theme (~18 KB compressed, ~3 KB of text each) it held
# ~4.5 MB, which the process's peak carried whatever the site's size.
BATCH_MAX_BYTES = 1_000_000


@dataclass
class ExtractedPage:
    """A fetched page together with the article extracted from it."""

    page: FetchedPage
    article: Article
    html_zlib: bytes  # the page as the archive stores it (storage.rawhtml), made by the worker


_NOT_ARTICLE_MESSAGES = {TOO_LITTLE_TEXT: "no article text could be extracted"}


class ExtractionPipeline:
    """FetchedPage -> ExtractedPage (or PageFailed); every other item passes through."""

    def __init__(
        self,
        workers: int,
        timeout: float,
        max_chars: int,
        stats: Any = None,
        start_workers_at_open: bool = False,
        pages_per_worker: int = 0,
    ):
        self.pool = ExtractorPool(
            workers=workers, timeout=timeout, pages_per_worker=pages_per_worker
        )
        self.max_chars = max_chars
        self.stats = stats
        self.start_workers_at_open = start_workers_at_open

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractionPipeline:
        settings = crawler.settings
        return cls(
            workers=settings.getint("ARCHIVER_EXTRACT_WORKERS"),
            timeout=settings.getfloat("ARCHIVER_EXTRACT_TIMEOUT"),
            max_chars=settings.getint("ARCHIVER_EXTRACT_MAX_CHARS"),
            pages_per_worker=settings.getint("ARCHIVER_EXTRACT_PAGES_PER_WORKER"),
            stats=crawler.stats,
            # A backfill has articles ahead for sure. A fresh run often finds nothing new
            # (5,000 posts: 16 requests, no article), and starting the workers would cost it ~1 s
            # of CPU and ~120 MB: there they start with the first article. (Scrapy creates the
            # spider, which settles its mode, before the pipelines.)
            start_workers_at_open=getattr(crawler.spider, "mode", None) == "backfill",
        )

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        # No charset takes less than a byte a character: only a body of more bytes than the
        # limit needs decoding here to be measured.
        if len(item.body) > self.max_chars:
            characters = len(page_text(item.body, item.encoding, item.url))
            if characters > self.max_chars:
                return self._failed(item, "too-large", f"{characters} characters")
        try:
            article, html_zlib = await self.pool.extract(
                RawPage(item.body, item.encoding), item.url, item.fetched_at, item.profile
            )
        except ExtractionTimeout as exc:
            return self._failed(item, "extraction-timeout", str(exc))
        except ExtractionFailed as exc:  # the extractor raised, or its worker died on this page
            return self._failed(item, "extraction-error", str(exc))
        if isinstance(article, str):
            # A soft 404, an error page, a draft or private post, an attachment, a post with no
            # text: not stored, but listed, so the ledger says which asked-for "articles" were not.
            return self._failed(
                item,
                f"{NOT_ARTICLE}-{article}",
                _NOT_ARTICLE_MESSAGES.get(article, ""),
                item.status,
            )
        return ExtractedPage(page=item, article=article, html_zlib=html_zlib)

    def _failed(
        self, item: FetchedPage, reason: str, message: str, status: int | None = None
    ) -> PageFailed:
        if self.stats is not None:
            self.stats.inc_value(f"archiver/extraction/{reason}")
        return PageFailed(
            url=item.url, kind="article", reason=reason, message=message, status=status
        )

    def open_spider(self) -> None:
        if self.start_workers_at_open:
            # In a thread: the forkserver's start blocks its caller ~1 s (ExtractorPool.start).
            threading.Thread(
                target=self.pool.start, name="extraction-pool-start", daemon=True
            ).start()

    def close_spider(self) -> None:
        self.pool.close()


class ArchivePipeline:
    """The run's single writer: batched article writes and the run ledger."""

    def __init__(
        self, db_path: str, batch_size: int, max_failure_ratio: float, crawler: Any = None
    ):
        self.db_path = db_path
        self.batch_size = batch_size
        self.max_failure_ratio = max_failure_ratio
        self.crawler = crawler
        self.pending: list[dict] = []
        self.pending_bytes = 0  # of the pending pages' compressed HTML and UTF-8 texts
        self.outcomes: dict[str, int] = {}  # article outcomes: new, revised, ..., failed
        self.failures: dict[tuple[str, str], int] = {}  # (kind asked, reason) -> failed requests
        # SQLite work happens in this one thread: the writer's connection never changes threads,
        # and the reactor keeps downloading while a batch commits.
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-writer")
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.write_error: Exception | None = None
        self.closing: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        settings = crawler.settings
        pipeline = cls(
            db_path=settings.get("ARCHIVER_DB"),
            batch_size=settings.getint("ARCHIVER_BATCH_SIZE"),
            max_failure_ratio=settings.getfloat("ARCHIVER_MAX_FAILURE_RATIO"),
            crawler=crawler,
        )
        # The run is closed on spider_closed, the first moment the close reason is known.
        crawler.signals.connect(pipeline.finish_run, signal=signals.spider_closed)
        return pipeline

    async def _in_writer(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.thread, lambda: function(*args, **kwargs))

    async def open_spider(self) -> None:
        spider = self.crawler.spider
        self.writer = await self._in_writer(
            ArchiveWriter, self.db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE
        )
        self.run_id = await self._in_writer(
            self.writer.start_run, spider.name, spider.mode, getattr(spider, "base_url", "")
        )
        self.crawler.stats.set_value("archiver/run_id", self.run_id)

    async def process_item(self, item: Any) -> Any:
        if self.write_error is None:
            try:
                await self._store(item)
            except Exception as error:  # disk full, I/O error, a writer bug: all end the run
                self._stop_on_write_error(error)
        return item

    def _stop_on_write_error(self, error: Exception) -> None:
        """Log one line and close the spider: an archive that cannot be written must not be
        crawled on, and the run must end ``failed`` (exit code 1), not ``ok`` with batches lost."""
        self.write_error = error
        self.pending = []
        logger.error(
            "archive write failed, stopping the run: %s: %s (%s)",
            type(error).__name__,
            error,
            self.db_path,
        )
        self.crawler.stats.set_value("archiver/write_error", f"{type(error).__name__}: {error}")
        # Not awaited: closing waits for the items in progress, this one included.
        self.closing = asyncio.ensure_future(
            self.crawler.engine.close_spider_async(reason=WRITE_FAILED)
        )

    async def _store(self, item: Any) -> None:
        if isinstance(item, ExtractedPage):
            self.pending.append(self._page_record(item))
            # The text's bytes, not its characters: a CJK character is three of them.
            self.pending_bytes += len(item.html_zlib) + len(item.article.text.encode())
            if len(self.pending) >= self.batch_size or self.pending_bytes >= BATCH_MAX_BYTES:
                await self.flush()
        elif isinstance(item, PageUnchanged):
            await self._in_writer(
                self.writer.mark_unchanged, item.url, item.fetched_at, self.run_id
            )
            self._count("unchanged")
        elif isinstance(item, PageGone):
            if await self._in_writer(self.writer.mark_gone, item.url, item.fetched_at, self.run_id):
                self._count("gone")
            else:  # a link to a page that never existed here: a failure, not a deletion
                await self._record_failure(
                    PageFailed(item.url, "article", f"http-{item.status}", status=item.status)
                )
        elif isinstance(item, PageFailed):
            await self._record_failure(item)

    async def _record_failure(self, item: PageFailed) -> None:
        message = f"{item.reason}: {item.message}" if item.message else item.reason
        # Every failure is listed with its URL, a page that merely holds no article included, so
        # later runs need not ask it again; PageFailed.outcome says how the run counts it.
        await self._in_writer(
            self.writer.record_failure,
            self.run_id,
            item.url,
            item.failure_kind,
            item.status,
            message,
        )
        if item.outcome == "failed":
            key = (item.kind, item.reason)
            self.failures[key] = self.failures.get(key, 0) + 1
            # In the run's stats, so the ledger's stats column holds the causes too.
            self.crawler.stats.inc_value(f"archiver/failed/{item.kind}/{item.reason}")
        if item.outcome == "not_article" or (item.outcome == "failed" and item.kind == "article"):
            self._count(item.outcome)

    def _page_record(self, item: ExtractedPage) -> dict:
        page = item.page
        return {
            # A shallow copy: the writer only reads it (asdict's deep copy: ~40 us an article).
            "article": dict(vars(item.article)),
            "html_zlib": item.html_zlib,
            "status": page.status,
            "content_type": page.content_type,
            "etag": page.etag,
            "last_modified": page.last_modified,
            "aliases": page.aliases,
            "run_id": self.run_id,
        }

    async def flush(self) -> None:
        """Write the pending pages in one transaction."""
        if not self.pending:
            return
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        for outcome in await self._in_writer(self.writer.write_batch, batch):
            self._count(outcome)

    def _count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        self.crawler.stats.inc_value(f"archiver/articles/{outcome}")

    async def close_spider(self) -> None:
        if self.write_error is None:
            try:
                await self.flush()
            except Exception as error:
                self._stop_on_write_error(error)

    async def finish_run(self, spider: Any, reason: str) -> None:
        """Write the run's ledger row and summary, then release the writer."""
        if self.writer is None:
            return
        stats = self.crawler.stats
        status = run_status(
            reason,
            stats.get_value("archiver/requests", 0),
            self.outcomes,
            self.max_failure_ratio,
            other_failures=sum(n for (kind, _), n in self.failures.items() if kind != "article"),
        )
        if self.write_error is not None:
            status = "failed"
        # The site answered and showed no article, or its pages stopped reading as articles:
        # nothing (or far less than the site has) was archived, which no scheduled job may miss.
        problem = stats.get_value(NO_ARTICLES_FOUND)
        if status == "ok" and not problem:
            problem = await self._yield_collapse(spider)
        if problem:
            status = "failed"
            stats.set_value(STATUS_REASON, problem)
        stats.set_value("archiver/run_status", status)
        try:
            await self._in_writer(
                self.writer.finish_run, self.run_id, status, request_counts(stats), _plain(stats)
            )
        except Exception as error:  # the same full disk: the run row stays 'running'
            logger.error("could not close run %s in the archive: %s", self.run_id, error)
        finally:
            await self._in_writer(self.writer.close)
            self.writer = None
            self.thread.shutdown(wait=True)
        # At WARNING when the run did not go well, so `-s LOG_LEVEL=WARNING` still shows it.
        level = logging.INFO if status == "ok" else logging.WARNING
        logger.log(level, run_summary(self.run_id, status, stats, self.outcomes, self.failures))

    async def _yield_collapse(self, spider: Any) -> str | None:
        """``archiver.runhealth``'s verdict on this run's article yield against the site's past."""
        try:
            history = await self._in_writer(
                page_verdicts,
                self.writer.db,
                getattr(spider, "base_url", ""),
                self.run_id,
                HISTORY_RUNS,
            )
        except Exception as error:  # the archive cannot be read: the run is judged as before
            logger.error("could not read the site's earlier runs: %s", error)
            return None
        outcomes = self.outcomes
        run = PageVerdicts(
            articles=sum(outcomes.get(outcome, 0) for outcome in ARTICLE_OUTCOMES),
            not_articles=outcomes.get("not_article", 0),
        )
        return yield_collapse(run, [PageVerdicts(*row) for row in history])


def run_status(
    finish_reason: str | None,
    requests: int,
    outcomes: dict[str, int],
    max_failure_ratio: float,
    other_failures: int = 0,
) -> str:
    """``ok``, ``interrupted`` (stopped by Ctrl-C or SIGTERM: Scrapy's ``shutdown``) or
    ``failed``: a run fails when it stopped early otherwise, asked nothing, or mostly failed.

    ``outcomes`` are the article outcomes; ``other_failures`` the failed listings, feeds,
    sitemaps...: a site that answers none of them (unreachable) fails the run.
    """
    if finish_reason == "shutdown":
        return "interrupted"
    if finish_reason not in (None, "finished"):
        return "failed"
    if requests == 0:
        return "failed"
    failed = outcomes.get("failed", 0) + other_failures
    attempted = sum(outcomes.values()) + other_failures
    if attempted and failed / attempted > max_failure_ratio:
        return "failed"
    return "ok"


def request_counts(stats: Any) -> dict[str, int]:
    """The run ledger's request columns from the spider's ``archiver/requests/<kind>`` stats."""
    get = stats.get_value
    counts = {
        "requests_total": get("archiver/requests", 0),
        "traps_skipped": get("archiver/traps_skipped", 0),
    }
    for kind in _LEDGER_KINDS:
        counts[f"requests_{kind}"] = get(f"archiver/requests/{kind}", 0)
    counts["requests_other"] = counts["requests_total"] - sum(
        counts[f"requests_{kind}"] for kind in _LEDGER_KINDS
    )
    return counts


# Request kinds with a column of their own in crawl_runs; the rest (robots.txt, REST) is "other".
_LEDGER_KINDS = ("listing", "article", "feed", "sitemap")


def run_summary(
    run_id: int | None,
    status: str,
    stats: Any,
    outcomes: dict[str, int],
    failures: dict[tuple[str, str], int] | None = None,
) -> str:
    """The one line a cron mail or journal shows for a run, ending with its failed requests by
    kind and cause (``failed: feed 2 (connection-refused 2), article 1 (http-500 1)``)."""
    counts = request_counts(stats)
    parts = ", ".join(f"{name} {outcomes.get(name, 0)}" for name in _OUTCOMES)
    return (
        f"archiver run {run_id} {status}: {counts['requests_total']} requests "
        f"(listing {counts['requests_listing']}, article {counts['requests_article']}, "
        f"feed {counts['requests_feed']}, sitemap {counts['requests_sitemap']}, "
        f"other {counts['requests_other']}), traps skipped {counts['traps_skipped']}; "
        f"articles {parts}"
        + (f"; {stats.get_value(STATUS_REASON)}" if stats.get_value(STATUS_REASON) else "")
        + failure_summary(failures or {})
    )


def failure_summary(failures: dict[tuple[str, str], int]) -> str:
    """``; failed: <kind> N (<cause> N, ...), ...``, kinds and causes most first; "" for none."""
    by_kind: dict[str, dict[str, int]] = {}
    for (kind, reason), count in failures.items():
        by_kind.setdefault(kind, {})[reason] = count
    if not by_kind:
        return ""
    parts = []
    for kind, causes in sorted(by_kind.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        listed = ", ".join(
            f"{reason} {n}" for reason, n in sorted(causes.items(), key=lambda c: (-c[1], c[0]))
        )
        parts.append(f"{kind} {sum(causes.values())} ({listed})")
    return "; failed: " + ", ".join(parts)


_OUTCOMES = (*ARTICLE_OUTCOMES, "gone", "failed", "not_article")


def _plain(stats: Any) -> dict[str, Any]:
    """Crawler stats as JSON-friendly values for the run ledger."""
    return {key: value for key, value in stats.get_stats().items() if key != "start_time"}
