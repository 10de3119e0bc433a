"""Shared fixtures: the bundled sample site served over real HTTP, and crawls of it.

A crawl is a real ``scrapy crawl megalopreneur`` subprocess (``archiver.localcrawl.run_crawl``)
against ``archiver.samplesite`` on 127.0.0.1; tests then open the SQLite file it wrote.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

# Phrases of the site chrome that must never reach stored article text.
BOILERPLATE = [
    "Latest Posts",
    "Stay in touch",
    "To be updated with all the latest news",
    "Discover more from MegaloPreneur",
    "Subscribe now to keep reading",
    "Continue reading",
    "Share this:",
    "Leave a Reply",
]
# Chrome headings that are ordinary words inside sentences: never a whole paragraph of the text.
CHROME_PARAGRAPHS = {"related", "like this:", "share this:", "latest posts", "stay in touch"}


def chrome_in(text: str) -> list[str]:
    """The chrome phrases and chrome paragraphs found in an article's stored text."""
    lowered = text.lower()
    found = [phrase for phrase in BOILERPLATE if phrase.lower() in lowered]
    paragraphs = {p.strip() for p in lowered.split("\n")}
    return found + sorted(paragraphs & CHROME_PARAGRAPHS)


def readonly_archive(db_path: str | Path) -> Iterator:
    """A read-only connection to an archive for a module's tests (``yield from`` in a fixture)."""
    from storage.db import open_db

    database = open_db(db_path, readonly=True)
    yield database
    database.close()


def hit_urls(hits) -> list[str]:
    """The URLs of search hits, best first."""
    return [hit.url for hit in hits]


def query(db_path: str | Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of a read-only query against an archive file."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
        return connection.execute(sql, params).fetchall()
