"""What the spider needs to know about the archive before crawling (read-only).

``load_crawl_state`` reads every article's identity, dates and HTTP validators in one query, so the
spider can skip known URLs, send conditional requests (``If-None-Match`` / ``If-Modified-Since``)
and decide with ``recheck_due`` which known articles deserve a new fetch.

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

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


@dataclass
class CrawlState:
    """The archive's articles by canonical URL, and every alias URL mapped to a canonical URL.

    ``last_run_started`` is when the last successful crawl began: anything modified since then may
    be unknown to the archive (the spider asks the REST API for exactly that).
    """

    articles: dict[str, KnownArticle] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    last_run_started: str | None = None
    # Whether a backfill run ever finished: until one has, every run walks the whole site.
    backfill_complete: bool = False
    # URLs that answered recently but hold no article (private posts, soft 404s, dead links),
    # with when that was seen: not asked again until NOT_ARTICLE_RECHECK has passed.
    not_articles: dict[str, str] = field(default_factory=dict)

    def recently_not_article(self, url: str, now: datetime) -> bool:
        """Whether ``url`` was found to hold no article less than NOT_ARTICLE_RECHECK ago."""
        seen = parse_timestamp(self.not_articles.get(url))
        return seen is not None and now - seen < NOT_ARTICLE_RECHECK

    def lookup(self, url: str) -> KnownArticle | None:
        """The known article stored under ``url`` or under the canonical URL it is an alias of."""
        article = self.articles.get(url)
        if article is None and url in self.aliases:
            article = self.articles.get(self.aliases[url])
        return article


def load_crawl_state(db_path: str | Path) -> CrawlState:
    """Read the crawl state of the archive at ``db_path``; empty if the file does not exist yet.

    Raises ``NotAnArchive`` if the file exists but is not an archive.
    """
    try:
        db = open_db(db_path, readonly=True)
    except ArchiveNotFound:
        return CrawlState()
    try:
        articles = {
            row[1]: KnownArticle(*row)
            for row in db.execute(
                "SELECT id, url, published_at, modified_at, etag, last_modified, fingerprint, "
                "last_fetched, gone_at, last_seen FROM articles"
            )
        }
        aliases = dict(
            db.execute(
                "SELECT aliases.url, articles.url FROM aliases "
                "JOIN articles ON articles.id = aliases.article_id "
                "WHERE aliases.url != articles.url"
            ).fetchall()
        )
        last_run_started, backfill_complete = db.execute(
            "SELECT max(started_at), coalesce(max(mode = 'backfill'), 0) "
            "FROM crawl_runs WHERE status = 'ok'"
        ).fetchone()
        not_articles = dict(
            db.execute(
                "SELECT url, max(at) FROM failures WHERE kind = ? "
                "OR (kind = ? AND status IN (404, 410)) GROUP BY url",
                [NOT_ARTICLE_KIND, ARTICLE_FAILURE_KIND],
            ).fetchall()
        )
    finally:
        db.close()
    return CrawlState(
        articles=articles,
        aliases=aliases,
        last_run_started=last_run_started,
        backfill_complete=bool(backfill_complete),
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
