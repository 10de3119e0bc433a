"""The write side of the archive: one ``ArchiveWriter`` per crawl, the only code that writes to it.

A crawl writes in batches. Each ``write_batch`` is one SQLite transaction, so a crash (even SIGKILL)
loses at most the batch in flight and never leaves half an article, a revision without its article
or an FTS index out of step with ``articles``.

For every page the writer decides one outcome:

- ``new``: first time this content is archived under this URL (or any known alias of it);
- ``duplicate``: first time under this URL, but the content is a copy of an earlier article
  (see ``storage.dedupe``); stored and linked with ``duplicate_of`` / ``duplicate_kind``;
- ``revised``: a known article whose fingerprint changed: the previous title, text, modified_at,
  fingerprint and last fetch time are copied into ``revisions`` first;
- ``unchanged``: same fingerprint: only the fetch times, HTTP validators and raw HTML are updated.
  The fingerprint ignores chrome and whitespace, so a new sidebar is not a revision.

A URL already recorded in ``aliases`` resolves to its article before anything is inserted, so an
article seen under a new canonical URL keeps its row (and its original ``url``; the new URL becomes
one more alias).

Crawl-run counters (``articles_new``... ``errors``) are incremented by the writes themselves, in the
same transaction; ``finish_run`` only adds the spider's request counters and stats.

Take ``storage.lock.run_lock`` around a crawl: the writer itself does not lock, because a process
holding the lock must be able to open its own writer.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from storage.db import open_db, write_transaction
from storage.dedupe import (
    DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE,
    SimhashIndex,
    find_duplicate,
    make_original,
    published_before,
)
from storage.fts import cjk_segments
from storage.lists import dump_list
from storage.rawhtml import compress_html

# The outcomes of a page that was an article (the module docstring), and the run counter of each:
# a run's article count for its yield (``archiver.runhealth``), in the pipeline and in the SQL of
# ``storage.stats.page_verdicts`` alike.
OUTCOME_COUNTERS = {
    "new": "articles_new",
    "revised": "articles_revised",
    "unchanged": "articles_unchanged",
    "duplicate": "articles_duplicate",
}
ARTICLE_OUTCOMES = tuple(OUTCOME_COUNTERS)
# Counters the spider reports at the end of a run; every other counter is kept by the writer.
SPIDER_COUNTERS = frozenset(
    {
        "requests_total",
        "requests_listing",
        "requests_article",
        "requests_feed",
        "requests_sitemap",
        "requests_other",
        "traps_skipped",
    }
)
# Failure kinds name what was asked. An ``article`` failure is an article page that could not be
# archived (HTTP error, timeout, extraction budget) and counts in ``articles_failed`` too; other
# kinds (``listing``, ``feed``, ``sitemap``...) only count in ``errors``. A ``not-article`` row is
# no error at all: a page that answered fine but holds no article (soft 404, private post); it is
# kept so the next runs do not ask it again (see ``storage.state``).
ARTICLE_FAILURE_KIND = "article"
NOT_ARTICLE_KIND = "not-article"

_UPSERT_ARTICLE = """
INSERT INTO articles (
    url, site, title, authors, published_at, published_source, modified_at, modified_source,
    first_published_at, categories, tags, language, description, image, site_name, text,
    word_count, evidence, fingerprint, simhash, duplicate_of, duplicate_kind, etag, last_modified,
    first_seen, last_seen, last_fetched, last_changed, gone_at, revision_count,
    first_run_id, last_run_id, cjk_segments
) VALUES (
    :url, :site, :title, :authors, :published_at, :published_source, :modified_at,
    :modified_source, :first_published_at, :categories, :tags, :language, :description, :image,
    :site_name, :text, :word_count, :evidence, :fingerprint, :simhash, :duplicate_of, :duplicate_kind, :etag,
    :last_modified, :fetched_at, :fetched_at, :fetched_at, NULL, NULL, 0, :run_id, :run_id,
    :cjk_segments
)
ON CONFLICT(url) DO UPDATE SET
    site = excluded.site, title = excluded.title, authors = excluded.authors,
    published_at = excluded.published_at, published_source = excluded.published_source,
    modified_at = excluded.modified_at, modified_source = excluded.modified_source,
    first_published_at = excluded.first_published_at,
    categories = excluded.categories, tags = excluded.tags, language = excluded.language,
    description = excluded.description, image = excluded.image, site_name = excluded.site_name,
    text = excluded.text, word_count = excluded.word_count, evidence = excluded.evidence,
    fingerprint = excluded.fingerprint,
    simhash = excluded.simhash, etag = excluded.etag, last_modified = excluded.last_modified,
    last_seen = excluded.last_seen, last_fetched = excluded.last_fetched,
    last_changed = excluded.last_fetched, gone_at = NULL,
    revision_count = articles.revision_count + 1, last_run_id = excluded.last_run_id,
    cjk_segments = excluded.cjk_segments
RETURNING id
"""

# An unchanged page refreshes its SimHash too: the same text, hashed as the extraction hashes
# today (a row archived before a change of the SimHash's rules, CJK shingles, gets the new one).
_TOUCH_ARTICLE = """
UPDATE articles SET last_seen = :fetched_at, last_fetched = :fetched_at, etag = :etag,
    last_modified = :last_modified, gone_at = NULL, last_run_id = :run_id, simhash = :simhash
WHERE id = :id
"""

_SAVE_REVISION = """
INSERT INTO revisions (article_id, title, text, modified_at, fetched_at, fingerprint,
    replaced_at, run_id)
SELECT id, title, text, modified_at, last_fetched, fingerprint, :replaced_at, :run_id
FROM articles WHERE id = :id
"""

_UPSERT_RAW_PAGE = """
INSERT INTO raw_pages (article_id, url, fetched_at, status, content_type, html_zlib)
VALUES (:article_id, :url, :fetched_at, :status, :content_type, :html_zlib)
ON CONFLICT(article_id) DO UPDATE SET
    url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
    content_type = excluded.content_type, html_zlib = excluded.html_zlib
"""


@dataclass(frozen=True)
class _Known:
    """The stored state of an article that decides the outcome of a new fetch."""

    id: int
    url: str
    fingerprint: str | None


def utc_now() -> str:
    """Current time as ISO 8601 with offset, the format of every stored timestamp."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def site_of(url: str) -> str:
    """The site an article belongs to: its host, lowercase, without a leading ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def alias_urls(page: dict) -> list[tuple[str, str]]:
    """Every URL the page's article was seen under, as ``(url, kind)``, most authoritative first."""
    article = page["article"]
    candidates = [
        (article["url"], "canonical"),
        (article.get("fetched_url"), "fetched"),
        (article.get("shortlink"), "shortlink"),
        *((url, "alias") for url in page.get("aliases") or ()),
    ]
    seen: dict[str, str] = {}
    for url, kind in candidates:
        if url and url not in seen:
            seen[url] = kind
    return list(seen.items())


def article_row(page: dict) -> dict:
    """SQL parameters of the article columns for one page (lists become JSON text)."""
    article = page["article"]
    authors = dump_list(article.get("authors"))
    categories = dump_list(article.get("categories"))
    tags = dump_list(article.get("tags"))
    return {
        **{key: article.get(key) for key in _PLAIN_COLUMNS},
        "site": site_of(article["url"]),
        "authors": authors,
        "categories": categories,
        "tags": tags,
        "cjk_segments": cjk_segments(
            article.get("title"), article.get("text"), authors, categories, tags
        ),
        "evidence": dump_list(article.get("evidence")),
        "word_count": article.get("word_count") or 0,
        "etag": page.get("etag"),
        "last_modified": page.get("last_modified"),
        "fetched_at": article["fetched_at"],
        "run_id": page.get("run_id"),
    }


_PLAIN_COLUMNS = (
    "url", "title", "published_at", "published_source", "modified_at", "modified_source",
    "first_published_at", "language", "description", "image", "site_name", "text",
    "fingerprint", "simhash",
)  # fmt: skip


class ArchiveWriter:
    """The single writer of a crawl. Not thread-safe: use it from one thread at a time.

    ``near_duplicate_max_distance`` is the SimHash Hamming distance up to which a new article is
    linked as a near duplicate (default ``DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE`` = 8, the value of
    ``archiver.extraction.fingerprint.NEAR_DUPLICATE_MAX_DISTANCE``).
    """

    def __init__(
        self,
        db_path: str | Path,
        *,
        near_duplicate_max_distance: int = DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE,
    ):
        self.db = open_db(db_path)
        self._max_distance = near_duplicate_max_distance
        self._loaded_index: SimhashIndex | None = None

    @property
    def _index(self) -> SimhashIndex:
        """The near-duplicate index, read from the archive when a run first writes new content:
        a re-crawl that finds nothing new never pays for its scan of the simhashes."""
        if self._loaded_index is None:
            self._loaded_index = SimhashIndex(self.db, self._max_distance)
        return self._loaded_index

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Runs -----------------------------------------------------------------------------------

    def start_run(self, spider: str, mode: str, base_url: str) -> int:
        """Record the start of a crawl and return its run id.

        Runs still marked ``running`` are closed as ``interrupted``: the crawl holding the run lock
        is the only writer, so an earlier run that never finished was killed.
        """
        with write_transaction(self.db):
            self.db.execute("UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running'")
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (spider, mode, base_url, started_at, status) "
                "VALUES (?, ?, ?, ?, 'running')",
                [spider, mode, base_url, utc_now()],
            )
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str, counts: dict, stats: dict) -> None:
        """Close a run: final ``status``, the spider's request ``counts`` and its ``stats`` (JSON).

        ``counts`` may only hold spider counters (``SPIDER_COUNTERS``): article outcomes and
        errors are already counted by the writes, so passing them would count them twice.
        """
        unknown = set(counts) - SPIDER_COUNTERS
        if unknown:
            raise ValueError(
                f"finish_run counts must be among {sorted(SPIDER_COUNTERS)}, got {sorted(unknown)}"
                " (article and error counters are kept by the writer)"
            )
        assignments = "".join(f", {column} = :{column}" for column in sorted(counts))
        with write_transaction(self.db):
            self.db.execute(
                f"UPDATE crawl_runs SET finished_at = :finished_at, status = :status, "
                f"stats = :stats{assignments} WHERE id = :run_id",
                {
                    **counts,
                    "finished_at": utc_now(),
                    "status": status,
                    "stats": json.dumps(stats, default=str, sort_keys=True),
                    "run_id": run_id,
                },
            )

    # Articles -------------------------------------------------------------------------------

    def write_batch(self, pages: list[dict]) -> list[str]:
        """Store a batch of fetched article pages in one transaction; return each page's outcome.

        Each page is ``{"article": asdict(Article), "html" (or "html_zlib": ``compress_html``
        of it), "status", "content_type", "etag", "last_modified", "aliases": [urls], "run_id"}``.
        If any page fails, nothing of the batch is stored and the exception propagates.
        """
        try:
            with write_transaction(self.db):
                outcomes = [self._write_page(page) for page in pages]
                for run_id, column, count in _tally(pages, outcomes):
                    self._bump(run_id, column, count)
        except BaseException:
            # The index (its SQLite indexes too) may have been made in the rolled-back transaction.
            self._loaded_index = None
            raise
        return outcomes

    def mark_unchanged(
        self,
        url: str,
        at: str,
        run_id: int | None,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> bool:
        """Record a ``304 Not Modified`` answer: the article was checked and has not changed.

        Returns False (and records nothing) when ``url`` is not a known article or alias.
        """
        with write_transaction(self.db):
            article_id = self._resolve([url])
            if article_id is None:
                return False
            self.db.execute(
                "UPDATE articles SET last_seen = :at, last_fetched = :at, gone_at = NULL, "
                "etag = coalesce(:etag, etag), last_modified = coalesce(:last_modified, "
                "last_modified), last_run_id = :run_id WHERE id = :id",
                {"at": at, "etag": etag, "last_modified": last_modified, "run_id": run_id,
                 "id": article_id},
            )  # fmt: skip
            self._bump(run_id, "articles_unchanged", 1)
        return True

    def mark_gone(self, url: str, at: str, run_id: int | None) -> bool:
        """Record that an article answered 404/410: the row and its text stay, ``gone_at`` is set.

        ``gone_at`` keeps the first time it was found gone; ``last_seen`` is this check. A later
        successful fetch clears ``gone_at``. Returns False when ``url`` is not a known article.
        """
        with write_transaction(self.db):
            article_id = self._resolve([url])
            if article_id is None:
                return False
            self.db.execute(
                "UPDATE articles SET gone_at = coalesce(gone_at, :at), last_seen = :at, "
                "last_run_id = :run_id WHERE id = :id",
                {"at": at, "run_id": run_id, "id": article_id},
            )
            self._bump(run_id, "articles_gone", 1)
        return True

    def record_failure(
        self, run_id: int | None, url: str, kind: str, status: int | None, message: str
    ) -> None:
        """Log a URL that could not be archived; ``kind`` is what was asked (see the kinds above).

        Every failure but ``not-article`` counts in the run's ``errors``; ``article`` failures
        also count in ``articles_failed``.
        """
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO failures (run_id, url, kind, status, message, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [run_id, url, kind, status, message, utc_now()],
            )
            if kind != NOT_ARTICLE_KIND:
                self._bump(run_id, "errors", 1)
            if kind == ARTICLE_FAILURE_KIND:
                self._bump(run_id, "articles_failed", 1)

    # Internals ------------------------------------------------------------------------------

    def _write_page(self, page: dict) -> str:
        article = page["article"]
        urls = alias_urls(page)
        known = self._known([url for url, _ in urls])
        row = article_row(page)
        supplanted = None
        if known is None:
            duplicate = find_duplicate(
                self.db, self._index, article.get("fingerprint") or "", article.get("simhash") or 0
            )
            if duplicate and self._published_before_original(article, duplicate[0]):
                supplanted, duplicate = duplicate, None
            row["duplicate_of"], row["duplicate_kind"] = duplicate or (None, None)
            outcome = "new" if duplicate is None else "duplicate"
        elif known.fingerprint != article.get("fingerprint"):
            self.db.execute(
                _SAVE_REVISION,
                {
                    "id": known.id,
                    "replaced_at": article["fetched_at"],
                    "run_id": page.get("run_id"),
                },
            )
            outcome = "revised"
        else:
            outcome = "unchanged"

        if outcome == "unchanged":
            article_id = known.id
            self.db.execute(_TOUCH_ARTICLE, {**row, "id": article_id})
            if self._loaded_index is not None:  # else it is read from the rows when needed
                self._loaded_index.add(article.get("simhash") or 0)
        else:
            # A known article found through an alias keeps its row: upsert on its stored URL.
            url = known.url if known else article["url"]
            # duplicate_* are only decided for new rows; the update clause never touches them.
            row.setdefault("duplicate_of", None)
            row.setdefault("duplicate_kind", None)
            article_id = self.db.execute(_UPSERT_ARTICLE, {**row, "url": url}).fetchone()[0]
            self._index.add(article.get("simhash") or 0)
            if supplanted:
                make_original(self.db, article_id, *supplanted)

        self._store_raw_page(article_id, page)
        self._store_aliases(article_id, urls, article["fetched_at"])
        return outcome

    def _published_before_original(self, article: dict, original_id: int) -> bool:
        (original_published,) = self.db.execute(
            "SELECT published_at FROM articles WHERE id = ?", [original_id]
        ).fetchone()
        return published_before(article.get("published_at"), original_published)

    def _known(self, urls: list[str]) -> _Known | None:
        article_id = self._resolve(urls)
        if article_id is None:
            return None
        url, fingerprint = self.db.execute(
            "SELECT url, fingerprint FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return _Known(article_id, url, fingerprint)

    def _resolve(self, urls: list[str]) -> int | None:
        """Id of the article stored under, or aliased from, the first of ``urls`` that is known."""
        for url in urls:
            row = self.db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()
            if row is None:
                row = self.db.execute(
                    "SELECT article_id FROM aliases WHERE url = ?", [url]
                ).fetchone()
            if row is not None:
                return row[0]
        return None

    def _store_raw_page(self, article_id: int, page: dict) -> None:
        article = page["article"]
        self.db.execute(
            _UPSERT_RAW_PAGE,
            {
                "article_id": article_id,
                "url": article.get("fetched_url") or article["url"],
                "fetched_at": article["fetched_at"],
                "status": page.get("status"),
                "content_type": page.get("content_type"),
                # The crawl's extraction workers send pages compressed already.
                "html_zlib": page.get("html_zlib") or compress_html(page["html"]),
            },
        )

    def _store_aliases(self, article_id: int, urls: list[tuple[str, str]], seen_at: str) -> None:
        # The first article an alias was seen for keeps it: an alias never silently moves.
        self.db.conn.executemany(
            "INSERT INTO aliases (url, article_id, kind, first_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO NOTHING",
            [(url, article_id, kind, seen_at) for url, kind in urls],
        )

    def _bump(self, run_id: int | None, column: str, count: int) -> None:
        if run_id is None:
            return
        # column comes from this module's fixed counter names, never from input.
        self.db.execute(
            f"UPDATE crawl_runs SET {column} = {column} + ? WHERE id = ?", [count, run_id]
        )


def _tally(pages: list[dict], outcomes: list[str]) -> list[tuple[int | None, str, int]]:
    """(run_id, counter column, count) for a batch's outcomes."""
    counts = Counter(
        (page.get("run_id"), OUTCOME_COUNTERS[outcome])
        for page, outcome in zip(pages, outcomes, strict=True)
    )
    return [(run_id, column, count) for (run_id, column), count in counts.items()]
