"""The archive's schema, as an ordered set of sqlite-utils migrations.

Migrations are append-only: a released migration is never edited, a schema change is a new
function registered after the others (and ``SCHEMA_VERSION`` bumped). Each migration also stores
its number in ``PRAGMA user_version`` so any SQLite tool can tell which schema a file has.

The FTS table is created with sqlite-utils ``enable_fts`` so that ``sqlite-utils search`` and
Datasette's search box find it by its conventional name ``articles_fts``. Never call
``table.transform()`` on ``articles``: it rebuilds the table and would orphan the FTS triggers.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from storage.fts import FTS_COLUMNS, FTS_TOKENIZER, cjk_segments

MIGRATIONS = Migrations("archiver")
SCHEMA_VERSION = 4

_TABLES = """
CREATE TABLE crawl_runs (
    id INTEGER PRIMARY KEY,
    spider TEXT, mode TEXT, base_url TEXT,
    started_at TEXT, finished_at TEXT, status TEXT,
    requests_total INTEGER DEFAULT 0, requests_listing INTEGER DEFAULT 0,
    requests_article INTEGER DEFAULT 0, requests_feed INTEGER DEFAULT 0,
    requests_sitemap INTEGER DEFAULT 0, requests_other INTEGER DEFAULT 0,
    traps_skipped INTEGER DEFAULT 0,
    articles_new INTEGER DEFAULT 0, articles_revised INTEGER DEFAULT 0,
    articles_unchanged INTEGER DEFAULT 0, articles_duplicate INTEGER DEFAULT 0,
    articles_gone INTEGER DEFAULT 0, articles_failed INTEGER DEFAULT 0,
    errors INTEGER DEFAULT 0,
    stats TEXT
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    site TEXT,
    title TEXT, authors TEXT, published_at TEXT, published_source TEXT,
    modified_at TEXT, modified_source TEXT, categories TEXT, tags TEXT,
    language TEXT, description TEXT, image TEXT, site_name TEXT,
    text TEXT, word_count INTEGER,
    fingerprint TEXT, simhash INTEGER,
    duplicate_of INTEGER REFERENCES articles(id), duplicate_kind TEXT,
    etag TEXT, last_modified TEXT,
    first_seen TEXT, last_seen TEXT, last_fetched TEXT, last_changed TEXT,
    gone_at TEXT,
    revision_count INTEGER DEFAULT 0,
    first_run_id INTEGER REFERENCES crawl_runs(id),
    last_run_id INTEGER REFERENCES crawl_runs(id)
);
CREATE TABLE raw_pages (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    url TEXT, fetched_at TEXT, status INTEGER, content_type TEXT, html_zlib BLOB
);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    title TEXT, text TEXT, modified_at TEXT, fetched_at TEXT, fingerprint TEXT,
    replaced_at TEXT,
    run_id INTEGER REFERENCES crawl_runs(id)
);
CREATE TABLE aliases (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    kind TEXT, first_seen TEXT
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES crawl_runs(id),
    url TEXT, kind TEXT, status INTEGER, message TEXT, at TEXT
);
CREATE INDEX idx_articles_published_at ON articles(published_at);
CREATE INDEX idx_articles_fingerprint ON articles(fingerprint);
CREATE INDEX idx_articles_site ON articles(site);
CREATE INDEX idx_articles_last_run_id ON articles(last_run_id);
CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX idx_revisions_article_id ON revisions(article_id);
CREATE INDEX idx_aliases_article_id ON aliases(article_id);
CREATE INDEX idx_failures_run_id ON failures(run_id);
"""


def _narrow_fts_update_trigger(columns: list[str]) -> str:
    """sqlite-utils' update trigger re-indexes a row on every UPDATE. Narrowed to updates that set
    an indexed column it stays correct, while an unchanged recheck, which only touches last_seen
    and the validators, costs no FTS work and no index growth."""
    names = ", ".join(columns)
    old = ", ".join(f"old.{column}" for column in columns)
    new = ", ".join(f"new.{column}" for column in columns)
    return f"""
DROP TRIGGER articles_au;
CREATE TRIGGER articles_au AFTER UPDATE OF {names} ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, {names}) VALUES('delete', old.rowid, {old});
  INSERT INTO articles_fts (rowid, {names}) VALUES (new.rowid, {new});
END;
"""


@MIGRATIONS(name="m001_initial")
def m001_initial(db: sqlite_utils.Database) -> None:
    """Tables, indexes and the FTS5 index of the first release."""
    db.executescript(_TABLES)
    columns = ["title", "text"]  # this release's index; m002 rebuilds it
    db["articles"].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZER)
    db.executescript(_narrow_fts_update_trigger(columns))
    db.execute("PRAGMA user_version = 1")


@MIGRATIONS(name="m002_fts_subjects_and_cjk")
def m002_fts_subjects_and_cjk(db: sqlite_utils.Database) -> None:
    """Authors, categories, tags and CJK words searchable: the FTS index rebuilt over
    ``storage.fts.FTS_COLUMNS``, with ``cjk_segments`` filled for the articles already stored."""
    db.execute("ALTER TABLE articles ADD COLUMN cjk_segments TEXT")
    rows = db.execute("SELECT id, title, text, authors, categories, tags FROM articles")
    segmented = [(segments, row[0]) for row in rows if (segments := cjk_segments(*row[1:]))]
    db.conn.executemany("UPDATE articles SET cjk_segments = ? WHERE id = ?", segmented)
    # disable_fts() leaves the narrowed update trigger behind: drop the index by hand.
    db.executescript(
        "DROP TRIGGER articles_ai; DROP TRIGGER articles_ad; DROP TRIGGER articles_au; "
        "DROP TABLE articles_fts;"
    )
    db["articles"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZER)
    db.executescript(_narrow_fts_update_trigger(FTS_COLUMNS))
    db.execute("PRAGMA user_version = 2")


@MIGRATIONS(name="m003_article_evidence")
def m003_article_evidence(db: sqlite_utils.Database) -> None:
    """``articles.evidence``: why extraction took the page for an article (JSON list)."""
    db.execute("ALTER TABLE articles ADD COLUMN evidence TEXT")
    db.execute("PRAGMA user_version = 3")


@MIGRATIONS(name="m004_first_published_at")
def m004_first_published_at(db: sqlite_utils.Database) -> None:
    """``articles.first_published_at``: the structured publication date a later printed day
    superseded (``Article.first_published_at``)."""
    db.execute("ALTER TABLE articles ADD COLUMN first_published_at TEXT")
    db.execute("PRAGMA user_version = 4")
