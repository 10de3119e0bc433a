"""What the spider needs to know about the archive while crawling (read-only).

``load_crawl_state`` opens the archive read-only; ``CrawlState.lookup`` then reads one article's
identity, dates and HTTP validators as the spider asks (an indexed query, ~20 us of CPU), so it can
skip known URLs, send conditional requests (``If-None-Match`` / ``If-Modified-Since``) and decide
with ``recheck_due`` which known articles deserve a new fetch. Nothing is held per archived
article (held in dicts, every article cost a run ~2.5 KB: 50 MB for a no-change re-crawl of
20,000 posts, and a run's memory grew with the archive).

A lookup sees the archive as it is now, this run's own writes included; the spider asks each URL
once per run anyway (``scheduled``), so what it decides is the same as on a snapshot.

Recheck schedule (age = now - published_at; young articles get edited, old ones rarely do):

=====================  ===============
age of the article     recheck every
=====================  ===============
< 2 days               1 hour
< 7 days               6 hours
< 30 days              1 day
< 365 days             7 days
older                  30 days
unknown publish date   7 days
gone (404/410)         30 days
=====================  ===============

The interval counts from the last time the crawler checked the article (``last_seen``: a fetch, a
304 or a 404), falling back to ``last_fetched``; an article never checked is always due.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from storage.db import open_db
from storage.errors import ArchiveNotFound
from storage.timestamps import parse_timestamp
from storage.writes import ARTICLE_FAILURE_KIND, NOT_ARTICLE_KIND

# (upper bound of the article's age, recheck interval), youngest first.
RECHECK_SCHEDULE: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(days=2), timedelta(hours=1)),
    (timedelta(days=7), timedelta(hours=6)),
    (timedelta(days=30), timedelta(days=1)),
    (timedelta(days=365), timedelta(days=7)),
)
RECHECK_OLD = timedelta(days=30)
RECHECK_UNDATED = timedelta(days=7)
RECHECK_GONE = timedelta(days=30)
NOT_ARTICLE_RECHECK = timedelta(days=30)


@dataclass(frozen=True)
class KnownArticle:
    """One archived article as the spider sees it (timestamps are ISO 8601 text or None)."""

    id: int
    url: str
    published_at: str | None
    modified_at: str | None
    etag: str | None
    last_modified: str | None
    fingerprint: str | None
    last_fetched: str | None
    gone_at: str | None
    last_seen: str | None = None


_KNOWN_COLUMNS = (
    "id, url, published_at, modified_at, etag, last_modified, fingerprint, last_fetched, gone_at, "
    "last_seen"
)
# The article stored under ?1, else the one ?1 is an alias of (the second arm runs only if the
# first found nothing).
_LOOKUP = f"""
SELECT {_KNOWN_COLUMNS} FROM articles WHERE url = ?1
UNION ALL
SELECT {_KNOWN_COLUMNS} FROM articles WHERE id = (SELECT article_id FROM aliases WHERE url = ?1)
LIMIT 1
"""


class CrawlState:
    """The archive's articles, found by canonical URL or by any alias URL, read on demand.

    ``last_run_started`` is when the last successful crawl began (before any succeeded, when the
    first began): anything modified since then may be unknown to the archive (the spider asks the
    REST API for exactly that). ``db`` is None for an archive that does not exist yet: it knows no
    article. Use from one thread.
    """

    def __init__(
        self,
        db: sqlite_utils.Database | None = None,
        *,
        last_run_started: str | None = None,
        backfill_complete: bool = False,
        backfill_resume_page: int | None = None,
        not_articles: dict[str, str] | None = None,
    ):
        self._db = db
        self.last_run_started = last_run_started
        # Whether a backfill run ever finished: until one has, every run walks the whole site.
        self.backfill_complete = backfill_complete
        # The home listing page an unfinished backfill had walked to (None: none to resume).
        self.backfill_resume_page = backfill_resume_page
        # URLs that answered recently but hold no article (private posts, soft 404s, dead links),
        # with when that was seen: not asked again until NOT_ARTICLE_RECHECK has passed. Held in
        # memory: a site has few, and the failures table has no index by URL.
        self.not_articles = not_articles or {}

    def recently_not_article(self, url: str, now: datetime) -> bool:
        """Whether ``url`` was found to hold no article less than NOT_ARTICLE_RECHECK ago."""
        seen = parse_timestamp(self.not_articles.get(url))
        return seen is not None and now - seen < NOT_ARTICLE_RECHECK

    def lookup(self, url: str) -> KnownArticle | None:
        """The known article stored under ``url`` or under the canonical URL it is an alias of."""
        row = next(self._rows(_LOOKUP, url), None)
        return KnownArticle(*row) if row is not None else None

    def article_count(self) -> int:
        return next(self._rows("SELECT count(*) FROM articles"), (0,))[0]

    def known_articles(self) -> Iterator[KnownArticle]:
        """Every archived article, streamed (SQLite steps through the rows as they are used)."""
        for row in self._rows(f"SELECT {_KNOWN_COLUMNS} FROM articles ORDER BY id"):
            yield KnownArticle(*row)

    def aliases_of(self, article_id: int) -> list[str]:
        """The other URLs the article ``article_id`` was seen under."""
        return [
            url for (url,) in self._rows("SELECT url FROM aliases WHERE article_id = ?", article_id)
        ]

    def _rows(self, sql: str, *params: object) -> Iterator[tuple]:
        """The rows of a query; none for an archive that does not exist yet."""
        if self._db is None:
            return iter(())
        return self._db.conn.execute(sql, params)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# The stat an unfinished backfill left in its ledger row: how far its home listing walk got.
HOME_PAGE_REACHED = "archiver/home_page_reached"
_RESUME_PAGE = f"""
SELECT CAST(json_extract(stats, '$."{HOME_PAGE_REACHED}"') AS INTEGER) FROM crawl_runs
WHERE mode = 'backfill' AND json_extract(stats, '$."{HOME_PAGE_REACHED}"') IS NOT NULL
ORDER BY id DESC LIMIT 1
"""


def load_crawl_state(db_path: str | Path) -> CrawlState:
    """Open the crawl state of the archive at ``db_path``; empty if the file does not exist yet.

    Raises ``NotAnArchive`` if the file exists but is not an archive.
    """
    try:
        db = open_db(db_path, readonly=True)
    except ArchiveNotFound:
        return CrawlState()
    try:
        last_run_started, backfill_complete, first_run_started = db.execute(
            "SELECT max(started_at) FILTER (WHERE status = 'ok'), "
            "coalesce(max(mode = 'backfill') FILTER (WHERE status = 'ok'), 0), min(started_at) "
            "FROM crawl_runs"
        ).fetchone()
        resume_page = None
        if not backfill_complete:
            (resume_page,) = db.execute(_RESUME_PAGE).fetchone() or (None,)
        # A failed run's verdicts are not trusted: when its not-article share gave it away (a
        # theme the classifier no longer reads), the next run must ask those posts again.
        not_articles = dict(
            db.execute(
                "SELECT url, max(at) FROM failures WHERE (kind = ? "
                "OR (kind = ? AND status IN (404, 410))) AND coalesce(run_id, 0) NOT IN "
                "(SELECT id FROM crawl_runs WHERE status = 'failed') GROUP BY url",
                [NOT_ARTICLE_KIND, ARTICLE_FAILURE_KIND],
            ).fetchall()
        )
    except BaseException:
        db.close()
        raise
    return CrawlState(
        db,
        # Before any run succeeded: what unfinished runs archived was fetched after the first began.
        last_run_started=last_run_started or first_run_started,
        backfill_complete=bool(backfill_complete),
        backfill_resume_page=resume_page,
        not_articles=not_articles,
    )


def recheck_interval(known: KnownArticle, now: datetime) -> timedelta:
    """How long to wait between two checks of ``known`` (see the schedule in the module doc)."""
    if known.gone_at:
        return RECHECK_GONE
    published = parse_timestamp(known.published_at)
    if published is None:
        return RECHECK_UNDATED
    age = now - published
    for max_age, interval in RECHECK_SCHEDULE:
        if age < max_age:
            return interval
    return RECHECK_OLD


def recheck_due(known: KnownArticle, now: datetime) -> bool:
    """True when ``known`` was last checked at least one recheck interval before ``now``."""
    now = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    last_check = parse_timestamp(known.last_seen) or parse_timestamp(known.last_fetched)
    if last_check is None:
        return True
    return now - last_check >= recheck_interval(known, now)
