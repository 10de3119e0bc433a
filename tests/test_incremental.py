"""Scheduled runs: each costs about what is new, keeps every revision, survives being killed.

A first crawl archives the sample site; the site then publishes new posts, edits some (body, title),
deletes one and changes only its chrome; a second crawl must catch exactly those changes and leave
everything else unasked. A crawl killed with SIGKILL mid-run, followed by a normal run, must end with
the same archive as an uninterrupted crawl; and two crawls never write one archive at once.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from datetime import datetime, timezone

import psutil
import pytest
from conftest import query

from archiver.localcrawl import PROJECT_ROOT, crawl_command, run_crawl
from archiver.samplesite import SampleSite, serve


def article_gets(log_slice, paths):
    """Requests in a slice of the server's log that fetched one of ``paths`` in full (not 304)."""
    return [
        (path, status)
        for method, path, _headers, status in log_slice
        if method == "GET" and path.split("?")[0] in paths and status != 304
    ]


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory):
    site = SampleSite.generate(n_posts=60, seed=11)
    db = tmp_path_factory.mktemp("incremental") / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db)
        assert first.returncode == 0, first.stderr[-3000:]
        before = {p.id: (p.title, "\n\n".join(p.paragraphs)) for p in site.published_posts()}
        posts = site.published_posts()
        body_edit, title_edit, deleted, untouched = posts[5], posts[20], posts[30], posts[40]
        site.edit_post(
            body_edit.id, paragraphs=[*body_edit.paragraphs[:-1], "A correction was appended."]
        )
        site.edit_post(title_edit.id, title=title_edit.title + " (updated)")
        site.delete_post(deleted.id)
        site.touch_chrome()
        new_posts = site.add_posts(3)
        mark = len(site.request_log)
        second = run_crawl(base_url, db)
        log = site.request_log[mark:]
    return {
        "site": site, "db": db, "base": base_url.rstrip("/"), "first": first, "second": second,
        "log": log, "before": before, "body_edit": body_edit, "title_edit": title_edit,
        "deleted": deleted, "untouched": untouched, "new_posts": new_posts,
    }  # fmt: skip


def test_second_run_succeeds(recrawled):
    assert recrawled["second"].returncode == 0, recrawled["second"].stderr[-3000:]


def test_new_posts_archived(recrawled):
    urls = {url for (url,) in query(recrawled["db"], "SELECT url FROM articles")}
    for post in recrawled["new_posts"]:
        assert recrawled["base"] + post.path in urls


def test_each_edit_is_one_revision_with_the_old_text_intact(recrawled):
    db, base, before = recrawled["db"], recrawled["base"], recrawled["before"]
    for post in (recrawled["body_edit"], recrawled["title_edit"]):
        rows = query(
            db,
            "SELECT r.title, r.text, a.title, a.text, a.revision_count FROM revisions r "
            "JOIN articles a ON a.id = r.article_id WHERE a.url = ?",
            (base + post.path,),
        )
        assert len(rows) == 1, rows
        old_title, old_text, title, text, count = rows[0]
        assert count == 1
        assert old_title == before[post.id][0]
        assert before[post.id][1].split("\n\n")[0] in old_text
    (text,) = query(
        db, "SELECT text FROM articles WHERE url = ?", (base + recrawled["body_edit"].path,)
    )[0]
    assert "A correction was appended." in text
    (title,) = query(
        db, "SELECT title FROM articles WHERE url = ?", (base + recrawled["title_edit"].path,)
    )[0]
    assert title.endswith("(updated)")


def test_chrome_only_change_is_not_a_revision(recrawled):
    (revisions,) = query(recrawled["db"], "SELECT count(*) FROM revisions")[0]
    assert revisions == 2


def test_unchanged_articles_are_not_downloaded_again(recrawled):
    site = recrawled["site"]
    changed = {recrawled["body_edit"].path, recrawled["title_edit"].path, recrawled["deleted"].path}
    changed |= {p.path for p in recrawled["new_posts"]}
    unchanged = {p.path for p in site.published_posts()} - changed
    assert article_gets(recrawled["log"], unchanged) == []
    first_requests = len(recrawled["log"])
    assert first_requests < 40, [entry[1] for entry in recrawled["log"]]


def test_deleted_post_is_kept_and_marked_gone(recrawled):
    rows = query(
        recrawled["db"],
        "SELECT gone_at, length(text) FROM articles WHERE url = ?",
        (recrawled["base"] + recrawled["deleted"].path,),
    )
    assert len(rows) == 1
    gone_at, length = rows[0]
    assert gone_at is not None and length > 200


def test_run_ledger_counts_the_changes(recrawled):
    row = query(
        recrawled["db"],
        "SELECT mode, status, articles_new, articles_revised, articles_gone, finished_at "
        "FROM crawl_runs ORDER BY id DESC LIMIT 1",
    )[0]
    mode, status, new, revised, gone, finished_at = row
    assert (mode, status) == ("fresh", "ok")
    assert (new, revised, gone) == (3, 2, 1)
    assert finished_at is not None


def archive_snapshot(db):
    return sorted(
        query(
            db, "SELECT url, title, published_at, fingerprint, duplicate_of IS NULL FROM articles"
        )
    )


def test_sigkill_mid_run_then_rerun_equals_uninterrupted_crawl(tmp_path):
    site = SampleSite.generate(n_posts=80, seed=5)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    with serve(site) as base_url:
        # Small batches so that some are committed before the kill.
        command = crawl_command(base_url, killed_db, settings={"ARCHIVER_BATCH_SIZE": "5"})
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (
                killed_db.exists()
                and query(killed_db, "SELECT count(*) FROM sqlite_master WHERE name='articles'")[0][
                    0
                ]
            ):
                if query(killed_db, "SELECT count(*) FROM articles")[0][0] >= 10:
                    break
            time.sleep(0.05)
        helpers = psutil.Process(process.pid).children(recursive=True)  # extraction processes
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Nothing of the killed crawl lingers: its extraction processes leave with it.
        _gone, alive = psutil.wait_procs(helpers, timeout=15)
        assert alive == []
        partial = query(killed_db, "SELECT count(*) FROM articles")[0][0]
        assert 0 < partial < len(site.published_posts())
        assert query(killed_db, "PRAGMA integrity_check") == [("ok",)]

        resumed = run_crawl(base_url, killed_db)
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        clean = run_crawl(base_url, clean_db)
        assert clean.returncode == 0, clean.stderr[-3000:]
    assert archive_snapshot(killed_db) == archive_snapshot(clean_db)
    assert query(killed_db, "SELECT count(*) FROM articles_fts")[0][0] == len(
        site.published_posts()
    )
    runs = query(killed_db, "SELECT mode, status FROM crawl_runs ORDER BY id")
    # The killed first backfill is resumed as a backfill, not taken for a finished archive.
    assert runs == [("backfill", "interrupted"), ("backfill", "ok")]


def test_second_crawl_on_a_busy_archive_exits_at_once(tmp_path):
    site = SampleSite.generate(n_posts=60, seed=2)
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        first = subprocess.Popen(
            crawl_command(base_url, db, settings={"DOWNLOAD_DELAY": "0.05"}),
            cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not (db.exists() and (tmp_path / "archive.db.lock").exists()):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            started = time.monotonic()
            second = run_crawl(base_url, db)
            assert time.monotonic() - started < 20
            assert second.returncode == 75
            assert "already" in second.stderr
            assert first.poll() is None  # the first run was not disturbed
        finally:
            assert first.wait(timeout=120) == 0


def test_due_rechecks_are_conditional_and_a_304_costs_no_download(tmp_path):
    """Articles whose age-based re-check is due are asked with their validators; 304 = unchanged."""
    site = SampleSite.generate(n_posts=30, seed=4)
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        assert run_crawl(base_url, db).returncode == 0
        # Five articles were last checked 40 days ago: older than their 30-day re-check interval.
        with sqlite3.connect(db) as connection:
            due = [
                url for (url,) in connection.execute("SELECT url FROM articles ORDER BY id LIMIT 5")
            ]
            connection.executemany(
                "UPDATE articles SET last_seen = '2020-01-01T00:00:00+00:00' WHERE url = ?",
                [(url,) for url in due],
            )
        mark = len(site.request_log)
        second = run_crawl(base_url, db)
        log = site.request_log[mark:]
    assert second.returncode == 0, second.stderr[-3000:]
    base = base_url.rstrip("/")
    rechecks = [(path, headers, status) for _m, path, headers, status in log if base + path in due]
    assert sorted(base + path for path, _h, _s in rechecks) == sorted(due)
    for _path, headers, status in rechecks:
        assert {k.lower() for k in headers} & {"if-none-match", "if-modified-since"}
        assert status == 304
    unchanged, revised = query(
        db, "SELECT articles_unchanged, articles_revised FROM crawl_runs ORDER BY id DESC LIMIT 1"
    )[0]
    assert (unchanged, revised) == (5, 0)
    assert query(db, "SELECT count(*) FROM articles WHERE last_seen LIKE '2020%'") == [(0,)]


def test_a_run_after_an_unfinished_backfill_still_records_the_sites_updates(tmp_path):
    """A first backfill that never completes (here: stopped after 15 articles) must not keep the
    next scheduled run from its fresh-mode work: three posts edited in between are three
    revisions, and the archive ends complete. No sitemaps here, so no lastmod gives the edits
    away: the REST API's modified_after is the signal, and the edited posts are too old for the
    feeds."""
    site = SampleSite.generate(n_posts=60, seed=8, sitemaps=False)
    db = tmp_path / "archive.db"
    with serve(site) as base_url:
        first = run_crawl(base_url, db, settings={"CLOSESPIDER_ITEMCOUNT": "15"})
        assert first.returncode == 1, first.stderr[-3000:]
        base = base_url.rstrip("/")
        archived = {url for (url,) in query(db, "SELECT url FROM articles")}
        in_feeds = {p.path for p in site.home_posts()[:10]}
        edited = [
            p
            for p in site.published_posts()
            if base + p.path in archived and p.path not in in_feeds
        ][:3]
        assert len(edited) == 3
        for post in edited:
            site.edit_post(post.id, when=datetime.now(timezone.utc))
        second = run_crawl(base_url, db)
    assert second.returncode == 0, second.stderr[-3000:]
    revised = query(
        db,
        "SELECT a.url FROM revisions r JOIN articles a ON a.id = r.article_id ORDER BY a.url",
    )
    assert [url for (url,) in revised] == sorted(base + p.path for p in edited)
    stored = {url for (url,) in query(db, "SELECT url FROM articles")}
    assert stored == {base + path for path in site.distinct_articles()}
    runs = query(db, "SELECT mode, status, articles_revised FROM crawl_runs ORDER BY id")
    assert runs == [("backfill", "failed", 0), ("backfill", "ok", 3)]
