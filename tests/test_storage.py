"""Storage core on real SQLite files: schema, upserts, revisions, FTS, aliases, dedupe, crawl state.

Pages are what the pipeline hands to storage: ``dataclasses.asdict(Article)`` plus the whole fetched
HTML document and the HTTP metadata. Fingerprints and simhashes come from the real extraction
functions, so "same content" means what it means in a crawl.
"""

from __future__ import annotations

import html
import json
import sqlite3
import subprocess
import sys
import zlib
from dataclasses import asdict
from pathlib import Path

import pytest
import sqlite_utils

from archiver.extraction.article import Article
from archiver.extraction.fingerprint import (
    NEAR_DUPLICATE_MAX_DISTANCE,
    content_fingerprint,
    hamming,
    simhash64,
)
from storage.db import open_db
from storage.errors import ArchiveNotFound, NotAnArchive
from storage.schema import MIGRATIONS, SCHEMA_VERSION
from storage.state import load_crawl_state
from storage.writes import ArchiveWriter

SITE = "https://megalopreneur.com"
QUAD_URL = f"{SITE}/2023/09/india-quad-message-russia-north-korea-arms-deals/"
SEED = Path(__file__).parents[1] / "archiver" / "samplesite" / "seed-page.txt"
QUAD_TITLE = "India Joins Quad Nations in Message to Russia Over Arms Deals with North Korea"


def seed_text() -> str:
    """The seed article's paragraphs, without the comment header and the site chrome around them."""
    lines = [line for line in SEED.read_text().splitlines() if not line.startswith("#")]
    paragraphs = [line for line in lines if len(line.split()) > 12]
    return "\n\n".join(paragraphs)


QUAD_TEXT = seed_text()
OTHER_TEXT = "\n\n".join(
    [
        "The central bank held its benchmark rate steady on Thursday, citing sticky services "
        "inflation and a labour market that refuses to cool as quickly as forecast.",
        "Economists had expected the pause after three consecutive hikes, although two members "
        "of the monetary policy committee voted for a further quarter-point increase.",
        "Mortgage lenders said fixed-rate products would likely stay at their current levels "
        "until the next meeting in six weeks, when fresh wage data will be available.",
    ]
)


def html_document(title: str, text: str) -> str:
    """A whole WordPress-like article page, chrome included, as the crawler fetched it."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} - MegaloPreneur</title></head>"
        '<body class="post-template-default single single-post">'
        '<div class="td-header-date">Wednesday, July 24, 2024</div>'
        f'<article><h1 class="entry-title">{html.escape(title)}</h1>{paragraphs}</article>'
        "<aside><h4>Latest Posts</h4><h4>Stay in touch</h4></aside></body></html>"
    )


def make_page(
    url: str = QUAD_URL,
    *,
    title: str = QUAD_TITLE,
    text: str = QUAD_TEXT,
    fetched_at: str = "2024-07-24T10:00:00+00:00",
    fetched_url: str | None = None,
    run_id: int | None = None,
    aliases: tuple[str, ...] = (),
    etag: str | None = None,
    **fields,
) -> dict:
    article = Article(
        url=url,
        title=title,
        text=text,
        fetched_url=fetched_url or url,
        fetched_at=fetched_at,
        word_count=len(text.split()),
        fingerprint=content_fingerprint(title, text),
        simhash=simhash64(text),
        **fields,
    )
    return {
        "article": asdict(article),
        "html": html_document(title, text),
        "status": 200,
        "content_type": "text/html; charset=UTF-8",
        "etag": etag,
        "last_modified": None,
        "aliases": list(aliases),
        "run_id": run_id,
    }


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def writer(db_path: Path):
    with ArchiveWriter(db_path) as archive_writer:
        yield archive_writer


def rows(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def fts_matches(db_path: Path, query: str) -> list[str]:
    return [
        url
        for (url,) in rows(
            db_path,
            "SELECT articles.url FROM articles_fts"
            " JOIN articles ON articles.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY articles.id",
            (query,),
        )
    ]


def assert_fts_in_sync(db_path: Path) -> None:
    """The FTS index holds exactly one document per article and agrees with the content table."""
    (articles,) = rows(db_path, "SELECT count(*) FROM articles")[0]
    (indexed,) = rows(db_path, "SELECT count(*) FROM articles_fts_docsize")[0]
    assert indexed == articles
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


# Opening -----------------------------------------------------------------------------------


def test_open_creates_schema_once_and_records_the_migration(db_path: Path):
    for _ in range(2):
        db = open_db(db_path)
        db.close()
    assert rows(db_path, "SELECT migration_set, name FROM _sqlite_migrations") == [
        ("archiver", "m001_initial"),
        ("archiver", "m002_fts_subjects_and_cjk"),
        ("archiver", "m003_article_evidence"),
        ("archiver", "m004_first_published_at"),
    ]
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    db = open_db(db_path)
    assert db["articles"].detect_fts() == "articles_fts"
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.execute("PRAGMA recursive_triggers").fetchone() == (1,)
    db.close()


@pytest.mark.parametrize(
    ("migration", "column"),
    [("m003_article_evidence", "evidence"), ("m004_first_published_at", "first_published_at")],
)
def test_an_archive_of_an_earlier_schema_gains_the_new_column_and_keeps_its_rows(
    db_path: Path, migration: str, column: str
):
    first = sqlite_utils.Database(db_path)
    MIGRATIONS.apply(first, stop_before=migration)
    first.execute("INSERT INTO articles (url, title) VALUES ('https://a.example/x/', 'Kept')")
    first.conn.commit()
    first.close()
    open_db(db_path).close()
    assert rows(db_path, f"SELECT title, {column} FROM articles") == [("Kept", None)]
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_readonly_open_of_a_missing_file_says_so_and_creates_nothing(tmp_path: Path):
    missing = tmp_path / "archive.db"
    with pytest.raises(ArchiveNotFound, match="no archive at"):
        open_db(missing, readonly=True)
    assert not missing.exists()


@pytest.mark.parametrize("readonly", [True, False])
def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path, readonly: bool):
    notes = tmp_path / "notes.db"
    with sqlite3.connect(notes) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(NotAnArchive):
        open_db(notes, readonly=readonly)
    assert rows(notes, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("notes",)]


@pytest.mark.parametrize("readonly", [True, False])
def test_a_text_file_is_not_an_archive(tmp_path: Path, readonly: bool):
    text_file = tmp_path / "archive.db"
    shopping_list = "this is a shopping list, not a database\n" * 100
    text_file.write_text(shopping_list)
    with pytest.raises(NotAnArchive, match="not an archive"):
        open_db(text_file, readonly=readonly)
    assert text_file.read_text() == shopping_list


def test_readonly_connection_cannot_write(writer: ArchiveWriter, db_path: Path):
    writer.write_batch([make_page()])
    db = open_db(db_path, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM articles")
    db.close()


# Upserts and revisions ---------------------------------------------------------------------


def test_first_write_stores_the_article_its_html_and_its_metadata(
    writer: ArchiveWriter, db_path: Path
):
    run_id = writer.start_run("megalopreneur", "full", SITE)
    page = make_page(
        run_id=run_id,
        etag='"abc"',
        authors=["MegaloPreneur Desk"],
        categories=["World", "Asia"],
        published_at="2023-09-22T10:15:00+05:30",
        first_published_at="2023-08-01T09:00:00+05:30",
    )
    assert writer.write_batch([page]) == ["new"]

    (article,) = writer.db["articles"].rows
    assert article["url"] == QUAD_URL
    assert article["site"] == "megalopreneur.com"
    assert article["text"] == QUAD_TEXT
    assert json.loads(article["categories"]) == ["World", "Asia"]
    assert json.loads(article["authors"]) == ["MegaloPreneur Desk"]
    assert article["published_at"] == "2023-09-22T10:15:00+05:30"
    assert article["first_published_at"] == "2023-08-01T09:00:00+05:30"
    assert article["etag"] == '"abc"'
    assert article["first_seen"] == article["last_fetched"] == "2024-07-24T10:00:00+00:00"
    assert article["first_run_id"] == article["last_run_id"] == run_id
    assert article["revision_count"] == 0 and article["duplicate_of"] is None
    (raw,) = writer.db["raw_pages"].rows
    assert zlib.decompress(raw["html_zlib"]).decode() == page["html"]
    assert raw["status"] == 200


def test_same_page_twice_is_one_row_and_unchanged(writer: ArchiveWriter, db_path: Path):
    assert writer.write_batch([make_page()]) == ["new"]
    later = make_page(fetched_at="2024-07-25T09:00:00+00:00", etag='"v2"')
    assert writer.write_batch([later]) == ["unchanged"]
    assert rows(
        db_path, "SELECT count(*), revision_count, last_fetched, first_seen, etag FROM articles"
    ) == [(1, 0, "2024-07-25T09:00:00+00:00", "2024-07-24T10:00:00+00:00", '"v2"')]
    assert rows(db_path, "SELECT count(*) FROM revisions") == [(0,)]
    assert_fts_in_sync(db_path)


def test_whitespace_and_chrome_changes_are_not_revisions(writer: ArchiveWriter, db_path: Path):
    writer.write_batch([make_page()])
    reflowed = make_page(text=QUAD_TEXT.replace(" ", "  "), fetched_at="2024-07-25T09:00:00+00:00")
    reflowed["html"] = reflowed["html"].replace("Stay in touch", "Discover more from MegaloPreneur")
    assert writer.write_batch([reflowed]) == ["unchanged"]
    assert rows(db_path, "SELECT text FROM articles") == [(QUAD_TEXT,)]
    (raw_html,) = rows(db_path, "SELECT html_zlib FROM raw_pages")[0]
    assert "Discover more" in zlib.decompress(raw_html).decode()


def test_changed_text_is_a_revision_keeping_the_old_text(writer: ArchiveWriter, db_path: Path):
    first_run = writer.start_run("megalopreneur", "full", SITE)
    writer.write_batch([make_page(run_id=first_run, modified_at="2023-09-22T10:15:00+05:30")])
    second_run = writer.start_run("megalopreneur", "incremental", SITE)
    corrected = QUAD_TEXT.replace("Yoko Kamikawa", "Yoko Kamikawa (corrected)")
    outcome = writer.write_batch(
        [make_page(text=corrected, fetched_at="2024-08-01T08:00:00+00:00", run_id=second_run)]
    )
    assert outcome == ["revised"]
    (article,) = writer.db["articles"].rows
    assert article["text"] == corrected
    assert article["revision_count"] == 1
    assert article["last_changed"] == "2024-08-01T08:00:00+00:00"
    assert article["first_run_id"] == first_run and article["last_run_id"] == second_run
    (revision,) = writer.db["revisions"].rows
    assert revision["text"] == QUAD_TEXT
    assert revision["fingerprint"] == content_fingerprint(QUAD_TITLE, QUAD_TEXT)
    assert revision["modified_at"] == "2023-09-22T10:15:00+05:30"
    assert revision["fetched_at"] == "2024-07-24T10:00:00+00:00"
    assert revision["replaced_at"] == "2024-08-01T08:00:00+00:00"
    assert revision["run_id"] == second_run


def test_fts_follows_inserts_updates_and_revisions(writer: ArchiveWriter, db_path: Path):
    writer.write_batch(
        [make_page(), make_page(f"{SITE}/2024/01/rates/", title="Rates", text=OTHER_TEXT)]
    )
    assert_fts_in_sync(db_path)
    assert fts_matches(db_path, "quad") == [QUAD_URL]
    assert fts_matches(db_path, '"north korea"') == [QUAD_URL]
    assert fts_matches(db_path, "mortgage") == [f"{SITE}/2024/01/rates/"]

    writer.write_batch([make_page(fetched_at="2024-07-25T00:00:00+00:00")])  # unchanged
    assert_fts_in_sync(db_path)

    revised = QUAD_TEXT.replace("Jaishankar", "Subrahmanyam")
    writer.write_batch([make_page(text=revised, fetched_at="2024-07-26T00:00:00+00:00")])
    assert_fts_in_sync(db_path)
    assert fts_matches(db_path, "subrahmanyam") == [QUAD_URL]
    assert fts_matches(db_path, "jaishankar") == []

    writer.mark_gone(QUAD_URL, "2024-07-27T00:00:00+00:00", None)
    assert_fts_in_sync(db_path)
    # The porter tokenizer stems: "messages" finds "message".
    assert fts_matches(db_path, "messages") == [QUAD_URL]


def test_sqlite_utils_search_cli_finds_articles(writer: ArchiveWriter, db_path: Path):
    writer.write_batch(
        [make_page(), make_page(f"{SITE}/2024/01/rates/", title="Rates", text=OTHER_TEXT)]
    )
    sqlite_utils_cli = Path(sys.executable).parent / "sqlite-utils"
    result = subprocess.run(
        [str(sqlite_utils_cli), "search", str(db_path), "articles", "quad", "-c", "url"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [{"url": QUAD_URL}]


# Aliases -----------------------------------------------------------------------------------


def test_every_alias_resolves_to_one_article(writer: ArchiveWriter, db_path: Path):
    amp = QUAD_URL + "amp/"
    shortlink = f"{SITE}/?p=4242"
    writer.write_batch([make_page(fetched_url=amp, shortlink=shortlink)])
    assert dict(rows(db_path, "SELECT url, kind FROM aliases")) == {
        QUAD_URL: "canonical",
        amp: "fetched",
        shortlink: "shortlink",
    }
    # Fetched again through the shortlink, under a new canonical URL (the slug was edited):
    renamed = f"{SITE}/2023/09/india-quad-russia-north-korea/"
    outcome = writer.write_batch(
        [make_page(renamed, fetched_url=shortlink, fetched_at="2024-07-25T00:00:00+00:00")]
    )
    assert outcome == ["unchanged"]
    assert rows(db_path, "SELECT url FROM articles") == [(QUAD_URL,)]
    assert rows(db_path, "SELECT article_id FROM aliases WHERE url = ?", (renamed,)) == [(1,)]

    state = load_crawl_state(db_path)
    assert [known.url for known in state.known_articles()] == [QUAD_URL]
    assert {
        url: state.lookup(url).url for url in (amp, shortlink, renamed, QUAD_URL)
    } == dict.fromkeys((amp, shortlink, renamed, QUAD_URL), QUAD_URL)
    assert state.lookup(renamed).id == state.lookup(QUAD_URL).id == 1
    assert state.lookup(f"{SITE}/2023/09/never-archived/") is None
    assert set(state.aliases_of(1)) == {QUAD_URL, amp, shortlink, renamed}
    state.close()


def test_listed_aliases_point_at_the_article(writer: ArchiveWriter, db_path: Path):
    redirect_source = f"{SITE}/india-quad/"
    writer.write_batch([make_page(aliases=(redirect_source,))])
    writer.write_batch([make_page(redirect_source, fetched_at="2024-07-25T00:00:00+00:00")])
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db_path, "SELECT kind FROM aliases WHERE url = ?", (redirect_source,)) == [
        ("alias",)
    ]


# Gone pages and failures ---------------------------------------------------------------------


def test_gone_article_keeps_its_text_until_it_comes_back(writer: ArchiveWriter, db_path: Path):
    run_id = writer.start_run("megalopreneur", "incremental", SITE)
    writer.write_batch([make_page(run_id=run_id)])
    assert writer.mark_gone(QUAD_URL, "2024-08-01T00:00:00+00:00", run_id) is True
    assert writer.mark_gone(QUAD_URL, "2024-08-02T00:00:00+00:00", run_id) is True
    assert writer.mark_gone(f"{SITE}/never-archived/", "2024-08-02T00:00:00+00:00", run_id) is False
    assert rows(db_path, "SELECT gone_at, text FROM articles") == [
        ("2024-08-01T00:00:00+00:00", QUAD_TEXT)
    ]
    assert fts_matches(db_path, "quad") == [QUAD_URL]

    writer.write_batch([make_page(fetched_at="2024-09-01T00:00:00+00:00", run_id=run_id)])
    assert rows(db_path, "SELECT gone_at FROM articles") == [(None,)]
    assert rows(
        db_path, "SELECT articles_gone, articles_new, articles_unchanged FROM crawl_runs"
    ) == [(2, 1, 1)]


def test_not_modified_answer_counts_as_a_check(writer: ArchiveWriter, db_path: Path):
    writer.write_batch([make_page(fetched_url=f"{SITE}/?p=4242", etag='"v1"')])
    run_id = writer.start_run("megalopreneur", "incremental", SITE)
    assert writer.mark_unchanged(f"{SITE}/?p=4242", "2024-08-01T00:00:00+00:00", run_id)
    assert not writer.mark_unchanged(f"{SITE}/unknown/", "2024-08-01T00:00:00+00:00", run_id)
    assert rows(db_path, "SELECT last_fetched, etag, last_run_id FROM articles") == [
        ("2024-08-01T00:00:00+00:00", '"v1"', run_id)
    ]
    assert rows(db_path, "SELECT articles_unchanged FROM crawl_runs WHERE id = ?", (run_id,)) == [
        (1,)
    ]


def test_run_counters_come_from_writes_and_the_spider(writer: ArchiveWriter, db_path: Path):
    run_id = writer.start_run("megalopreneur", "full", SITE)
    writer.write_batch(
        [
            make_page(run_id=run_id),
            make_page(f"{SITE}/2024/01/rates/", text=OTHER_TEXT, run_id=run_id),
            make_page(f"{SITE}/2024/01/rates-copy/", text=OTHER_TEXT, run_id=run_id),
            make_page(run_id=run_id),
        ]
    )
    writer.record_failure(run_id, f"{SITE}/2024/02/empty/", "article", 500, "http-500")
    writer.record_failure(run_id, f"{SITE}/page/9/", "listing", 503, "Service Unavailable")
    writer.record_failure(run_id, f"{SITE}/2024/02/private/", "not-article", 200, "not-article")
    writer.finish_run(run_id, "finished", {"requests_total": 12, "traps_skipped": 3}, {"pages": 9})

    (run,) = writer.db["crawl_runs"].rows
    assert run["status"] == "finished" and run["finished_at"] is not None
    counters = {
        key: value
        for key, value in run.items()
        if key.startswith(("articles_", "errors", "requests_total", "traps"))
    }
    assert counters == {
        "requests_total": 12,
        "traps_skipped": 3,
        "articles_new": 2,
        "articles_revised": 0,
        "articles_unchanged": 1,
        "articles_duplicate": 1,
        "articles_gone": 0,
        "articles_failed": 1,
        "errors": 2,
    }
    assert json.loads(run["stats"]) == {"pages": 9}
    assert rows(db_path, "SELECT kind, status, url FROM failures ORDER BY id") == [
        ("article", 500, f"{SITE}/2024/02/empty/"),
        ("listing", 503, f"{SITE}/page/9/"),
        ("not-article", 200, f"{SITE}/2024/02/private/"),
    ]


def test_a_run_that_never_finished_is_marked_interrupted(writer: ArchiveWriter, db_path: Path):
    killed = writer.start_run("megalopreneur", "full", SITE)
    finished = writer.start_run("megalopreneur", "incremental", SITE)
    writer.finish_run(finished, "ok", {}, {})
    assert rows(db_path, "SELECT id, status FROM crawl_runs ORDER BY id") == [
        (killed, "interrupted"),
        (finished, "ok"),
    ]


def test_finish_run_refuses_counters_the_writer_keeps(writer: ArchiveWriter):
    run_id = writer.start_run("megalopreneur", "full", SITE)
    with pytest.raises(ValueError, match="articles_new"):
        writer.finish_run(run_id, "finished", {"articles_new": 5}, {})


# Dedupe ------------------------------------------------------------------------------------


def test_exact_copy_under_another_url_is_linked_to_the_earliest(
    writer: ArchiveWriter, db_path: Path
):
    repost = f"{SITE}/world/india-quad-message/"
    second_repost = f"{SITE}/asia/india-quad-message/"
    assert writer.write_batch([make_page(), make_page(repost)]) == ["new", "duplicate"]
    assert writer.write_batch([make_page(second_repost)]) == ["duplicate"]
    assert rows(db_path, "SELECT url, duplicate_of, duplicate_kind FROM articles ORDER BY id") == [
        (QUAD_URL, None, None),
        (repost, 1, "exact"),
        (second_repost, 1, "exact"),
    ]
    assert_fts_in_sync(db_path)


def test_lightly_edited_copy_is_a_near_duplicate(db_path: Path):
    edited = QUAD_TEXT.replace("implicitly urging", "quietly urging").replace(
        "conveyed a message", "sent a message"
    )
    assert 0 < hamming(simhash64(edited), simhash64(QUAD_TEXT)) <= NEAR_DUPLICATE_MAX_DISTANCE
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        writer.write_batch([make_page()])
        outcomes = writer.write_batch(
            [
                make_page(f"{SITE}/syndicated/quad/", text=edited),
                make_page(f"{SITE}/2024/01/rates/", text=OTHER_TEXT),
            ]
        )
    assert outcomes == ["duplicate", "new"]
    assert rows(db_path, "SELECT url, duplicate_of, duplicate_kind FROM articles ORDER BY id") == [
        (QUAD_URL, None, None),
        (f"{SITE}/syndicated/quad/", 1, "near"),
        (f"{SITE}/2024/01/rates/", None, None),
    ]


def test_a_new_writer_finds_near_duplicates_of_earlier_crawls(db_path: Path):
    edited = QUAD_TEXT.replace("implicitly urging", "quietly urging")
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        writer.write_batch([make_page()])
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        assert writer.write_batch([make_page(f"{SITE}/copy/", text=edited)]) == ["duplicate"]


TEXTS = Path(__file__).parent / "fixtures" / "texts"
JAPANESE = (TEXTS / "japanese-market-rebuild.txt").read_text(encoding="utf-8")
JAPANESE_OTHER = (TEXTS / "japanese-school-games.txt").read_text(encoding="utf-8")
JAPANESE_EDITED = JAPANESE.replace("約百二十億円", "約百二十五億円").replace("来年度中に", "年内に")
JAPANESE_TITLE = "中央市場の建て替え計画を可決"


def test_a_lightly_edited_japanese_copy_is_a_near_duplicate_another_story_is_not(db_path: Path):
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        writer.write_batch([make_page(f"{SITE}/ja/market/", title=JAPANESE_TITLE, text=JAPANESE)])
        outcomes = writer.write_batch(
            [
                make_page(f"{SITE}/ja/syndicated/", title=JAPANESE_TITLE, text=JAPANESE_EDITED),
                make_page(f"{SITE}/ja/school/", title="昔の遊び", text=JAPANESE_OTHER),
            ]
        )
    assert outcomes == ["duplicate", "new"]
    assert rows(db_path, "SELECT duplicate_of, duplicate_kind FROM articles ORDER BY id") == [
        (None, None),
        (1, "near"),
        (None, None),
    ]


def test_an_unchanged_fetch_refreshes_a_simhash_archived_under_earlier_rules(db_path: Path):
    """An archive written before CJK runs were shingled by characters holds another SimHash for
    the same Japanese text: the next fetch of the page (unchanged) stores today's, and copies
    are found against it, by this writer and by later ones."""
    page = make_page(f"{SITE}/ja/market/", title=JAPANESE_TITLE, text=JAPANESE)
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        writer.write_batch([page])
        writer.db.execute("UPDATE articles SET simhash = ? WHERE id = 1", [simhash64("旧") ^ 1])
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        assert writer.write_batch([page]) == ["unchanged"]
        copy = make_page(f"{SITE}/ja/syndicated/", title=JAPANESE_TITLE, text=JAPANESE_EDITED)
        assert writer.write_batch([copy]) == ["duplicate"]
        assert writer.write_batch([page]) == ["unchanged"]  # the index loaded: refreshed there too
    assert rows(db_path, "SELECT simhash FROM articles WHERE id = 1") == [(simhash64(JAPANESE),)]


def test_original_met_after_its_copies_becomes_their_original(db_path: Path):
    repost = f"{SITE}/2023/09/india-quad-message-2/"
    edited_repost = f"{SITE}/syndicated/india-quad/"
    edited = QUAD_TEXT.replace("implicitly urging", "quietly urging")
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        # The crawl reaches the reposts (published later) before the original.
        writer.write_batch(
            [
                make_page(repost, published_at="2023-09-24T09:00:00+05:30"),
                make_page(edited_repost, text=edited, published_at="2023-09-25T09:00:00+05:30"),
            ]
        )
        assert writer.write_batch([make_page(published_at="2023-09-22T10:15:00+05:30")]) == ["new"]
    assert rows(db_path, "SELECT url, duplicate_of, duplicate_kind FROM articles ORDER BY id") == [
        (repost, 3, "exact"),
        (edited_repost, 3, "near"),
        (QUAD_URL, None, None),
    ]


def test_a_copy_of_a_copy_links_to_the_original(db_path: Path):
    edited = QUAD_TEXT.replace("implicitly urging", "quietly urging")
    with ArchiveWriter(db_path, near_duplicate_max_distance=NEAR_DUPLICATE_MAX_DISTANCE) as writer:
        writer.write_batch([make_page(), make_page(f"{SITE}/copy/", text=edited)])
        writer.db.execute("UPDATE articles SET fingerprint = 'edited-by-hand' WHERE id = 1")
        # Only the copy still has this fingerprint: the link goes to the copy's original.
        writer.write_batch([make_page(f"{SITE}/copy-of-copy/", text=edited)])
    assert rows(db_path, "SELECT duplicate_of, duplicate_kind FROM articles WHERE id = 3") == [
        (1, "near")
    ]


# Atomicity ---------------------------------------------------------------------------------


def test_a_batch_failing_midway_leaves_nothing_half_written(writer: ArchiveWriter, db_path: Path):
    writer.write_batch([make_page()])
    run_id = writer.start_run("megalopreneur", "incremental", SITE)
    revised = make_page(text=QUAD_TEXT + "\n\nUpdate: a new paragraph.", run_id=run_id)
    broken = make_page(f"{SITE}/2024/01/rates/", text=OTHER_TEXT, run_id=run_id)
    del broken["html"]
    with pytest.raises(KeyError):
        writer.write_batch([revised, make_page(f"{SITE}/2024/02/new/", text=OTHER_TEXT), broken])

    assert rows(db_path, "SELECT url, text, revision_count FROM articles") == [
        (QUAD_URL, QUAD_TEXT, 0)
    ]
    assert rows(db_path, "SELECT count(*) FROM revisions") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM aliases") == [(1,)]
    assert rows(
        db_path, "SELECT articles_new, articles_revised FROM crawl_runs WHERE id = ?", (run_id,)
    ) == [(0, 0)]
    assert_fts_in_sync(db_path)
    # The writer is still usable, and the rolled-back article is not a phantom duplicate target.
    assert writer.write_batch([make_page(f"{SITE}/2024/01/rates/", text=OTHER_TEXT)]) == ["new"]
