"""The spider's view of the archive: crawl state loading and the age-based recheck schedule."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import query

from storage.db import open_db
from storage.errors import NotAnArchive
from storage.state import KnownArticle, load_crawl_state, recheck_due

NOW = datetime(2024, 7, 24, 12, 0, tzinfo=timezone.utc)


def known(published: timedelta | None, last_checked: timedelta | None, **fields) -> KnownArticle:
    """An article published ``published`` before NOW and last fetched ``last_checked`` before."""
    return KnownArticle(
        id=1,
        url="https://megalopreneur.com/2024/07/quad/",
        published_at=(NOW - published).isoformat() if published is not None else None,
        modified_at=None,
        etag=None,
        last_modified=None,
        fingerprint="f",
        last_fetched=(NOW - last_checked).isoformat() if last_checked is not None else None,
        gone_at=fields.pop("gone_at", None),
        **fields,
    )


def test_missing_archive_is_an_empty_state(tmp_path: Path):
    state = load_crawl_state(tmp_path / "archive.db")
    assert state.lookup("https://news.example/a/") is None and state.article_count() == 0
    assert list(state.known_articles()) == []
    assert not (tmp_path / "archive.db").exists()


def test_foreign_file_is_refused(tmp_path: Path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAnArchive):
        load_crawl_state(other)


def test_state_of_an_empty_archive(tmp_path: Path):
    open_db(tmp_path / "archive.db").close()
    state = load_crawl_state(tmp_path / "archive.db")
    assert state.article_count() == 0 and list(state.known_articles()) == []
    state.close()


@pytest.mark.parametrize(
    ("published", "last_checked", "due"),
    [
        (timedelta(hours=20), timedelta(minutes=59), False),
        (timedelta(hours=20), timedelta(hours=1), True),
        (timedelta(days=3), timedelta(hours=5), False),
        (timedelta(days=3), timedelta(hours=6), True),
        (timedelta(days=10), timedelta(hours=23), False),
        (timedelta(days=10), timedelta(days=1), True),
        (timedelta(days=100), timedelta(days=6), False),
        (timedelta(days=100), timedelta(days=7), True),
        (timedelta(days=800), timedelta(days=29), False),
        (timedelta(days=800), timedelta(days=30), True),
        (None, timedelta(days=6), False),
        (None, timedelta(days=7), True),
        (timedelta(days=800), None, True),
    ],
)
def test_recheck_schedule_by_age(published, last_checked, due):
    assert recheck_due(known(published, last_checked), NOW) is due


def test_gone_articles_are_rechecked_monthly_from_the_last_check():
    gone = known(
        timedelta(hours=5),
        timedelta(days=3),
        gone_at=(NOW - timedelta(days=3)).isoformat(),
        last_seen=(NOW - timedelta(days=2)).isoformat(),
    )
    assert recheck_due(gone, NOW) is False
    assert recheck_due(gone, NOW + timedelta(days=28)) is True


def test_offsets_and_naive_times_compare_correctly():
    # Published 10:15 in India = 04:45 UTC, less than 2 days before NOW: hourly schedule.
    article = replace(
        known(None, None),
        published_at="2024-07-23T10:15:00+05:30",
        last_fetched="2024-07-24T10:30:00",
    )
    assert recheck_due(article, NOW) is True
    assert recheck_due(article, NOW.replace(tzinfo=None) - timedelta(hours=1)) is False


def test_storage_not_article_kind_is_the_crawls():
    """The failures row the pipeline writes for a page without an article is the one the next
    run's state reads back to skip it: one name on both sides of the layer boundary."""
    from archiver.items import NOT_ARTICLE
    from storage.writes import NOT_ARTICLE_KIND

    assert NOT_ARTICLE == NOT_ARTICLE_KIND


def test_an_unfinished_backfill_leaves_where_its_home_walk_got_and_when_it_began(tmp_path):
    from storage import HOME_PAGE_REACHED, ArchiveWriter

    db = tmp_path / "archive.db"
    with ArchiveWriter(db) as writer:
        first = writer.start_run("news", "backfill", "https://news.example/")
        writer.finish_run(first, "failed", {}, {HOME_PAGE_REACHED: 40})
        second = writer.start_run("news", "backfill", "https://news.example/")
        writer.finish_run(second, "interrupted", {}, {HOME_PAGE_REACHED: 75})
    state = load_crawl_state(db)
    assert not state.backfill_complete
    assert state.backfill_resume_page == 75
    # No run succeeded yet: what was archived was fetched after the first run began.
    [(started,)] = query(db, "SELECT min(started_at) FROM crawl_runs")
    assert state.last_run_started == started
    state.close()
    with ArchiveWriter(db) as writer:
        third = writer.start_run("news", "backfill", "https://news.example/")
        writer.finish_run(third, "ok", {}, {HOME_PAGE_REACHED: 120})
    state = load_crawl_state(db)
    assert state.backfill_complete and state.backfill_resume_page is None
    state.close()
