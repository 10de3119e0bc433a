"""SQLite storage of the archive: schema, migrations, the crawl's writer and the spider's state.

Storage receives plain dicts (``dataclasses.asdict(Article)``) and never imports scrapy,
trafilatura or ``archiver.extraction``. The read side (search, export, stats) builds on ``open_db``.
"""

from storage.db import open_db, write_transaction
from storage.dedupe import DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE
from storage.errors import ArchiveError, ArchiveLocked, ArchiveNotFound, NotAnArchive
from storage.lock import run_lock
from storage.schema import SCHEMA_VERSION
from storage.state import CrawlState, KnownArticle, load_crawl_state, recheck_due
from storage.writes import ArchiveWriter

__all__ = [
    "DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE",
    "SCHEMA_VERSION",
    "ArchiveError",
    "ArchiveLocked",
    "ArchiveNotFound",
    "ArchiveWriter",
    "CrawlState",
    "KnownArticle",
    "NotAnArchive",
    "load_crawl_state",
    "open_db",
    "recheck_due",
    "run_lock",
    "write_transaction",
]
