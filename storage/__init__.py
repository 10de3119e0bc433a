"""SQLite storage of the archive: schema, migrations, the crawl's writer and the spider's state.

Storage receives plain dicts (``dataclasses.asdict(Article)``) and never imports scrapy,
trafilatura or ``archiver.extraction``. The read side (search, export, stats) builds on ``open_db``.

Names are loaded on first use, so that ``storage.rawhtml`` alone (what the extraction workers
need) does not load sqlite-utils and the rest into every worker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.db import open_db, write_transaction
    from storage.dedupe import DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE
    from storage.errors import ArchiveError, ArchiveLocked, ArchiveNotFound, NotAnArchive
    from storage.lock import run_lock
    from storage.schema import SCHEMA_VERSION
    from storage.state import (
        HOME_PAGE_REACHED,
        CrawlState,
        KnownArticle,
        load_crawl_state,
        recheck_due,
    )
    from storage.stats import STATUS_REASON
    from storage.writes import ArchiveWriter

# public name -> the submodule defining it
_SOURCES = {
    "DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE": "dedupe",
    "HOME_PAGE_REACHED": "state",
    "SCHEMA_VERSION": "schema",
    "STATUS_REASON": "stats",
    "ArchiveError": "errors",
    "ArchiveLocked": "errors",
    "ArchiveNotFound": "errors",
    "ArchiveWriter": "writes",
    "CrawlState": "state",
    "KnownArticle": "state",
    "NotAnArchive": "errors",
    "load_crawl_state": "state",
    "open_db": "db",
    "recheck_due": "state",
    "run_lock": "lock",
    "write_transaction": "db",
}
__all__ = [
    "DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE",
    "HOME_PAGE_REACHED",
    "SCHEMA_VERSION",
    "STATUS_REASON",
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


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_SOURCES[name]}"), name)
