"""A real crawl of a hostile server: every fault at once, and the archive comes out whole.

One ``scrapy crawl`` subprocess crawls :mod:`hostile_site` (the sample site with faults on chosen
posts, plus a trap listener standing for another service on this machine). Settings shrink the
bounds so the suite stays fast: 3 s download timeout, 4 MiB size cap, 2 s extraction budget,
Retry-After of 1 s.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from conftest import query
from hostile_site import (
    CAFE_SENTENCE,
    FATAL,
    RECOVERABLE,
    RETRY_AFTER_SECONDS,
    SCRIPT_MARKERS,
    HostileSite,
    run_measured_crawl,
    serve_hostile,
)

RATE_LIMIT_RETRIES = 2
SETTINGS = {
    "DOWNLOAD_TIMEOUT": "3",
    "RETRY_TIMES": "1",
    "DOWNLOAD_MAXSIZE": str(4 << 20),
    "DOWNLOAD_WARNSIZE": str(1 << 20),
    "ARCHIVER_EXTRACT_TIMEOUT": "2",
    "ARCHIVER_RATE_LIMIT_RETRIES": str(RATE_LIMIT_RETRIES),
    "ARCHIVER_BACKOFF_BASE": "0.5",
    "REDIRECT_MAX_TIMES": "5",
}
MAX_SECONDS = 45  # measured ~16 s; the silent and trickling pages alone cost 2 x 3 s
MAX_RSS = (
    600 << 20
)  # measured ~320 MiB for crawler + extraction workers; a 1 GiB bomb would blow it


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    hostile = HostileSite.build()
    db = tmp_path_factory.mktemp("hostile") / "archive.db"
    with serve_hostile(hostile) as base_url:
        result = run_measured_crawl(base_url, db, SETTINGS)
    return {"hostile": hostile, "db": db, "base": base_url.rstrip("/"), "result": result}


def _stored(crawl) -> dict[str, tuple[str, str]]:
    rows = query(crawl["db"], "SELECT url, title, text FROM articles")
    return {url: (title, text) for url, title, text in rows}


def _url(crawl, name: str) -> str:
    return crawl["base"] + crawl["hostile"].paths([name])[0]


def test_the_run_finishes_in_bounded_time_and_memory_and_says_ok(crawl):
    result = crawl["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.seconds < MAX_SECONDS
    assert result.peak_rss < MAX_RSS
    assert "archiver run" in result.stderr


def test_the_summary_names_the_cause_of_each_failed_article(crawl):
    summary = [line for line in crawl["result"].stderr.splitlines() if "archiver run" in line][-1]
    failed = summary.partition("; failed: ")[2]

    assert failed.startswith("article "), summary
    for cause in ("http-500", "http-429", "timeout", "extraction-timeout"):
        assert f"{cause} " in failed, summary


def test_no_request_ever_reaches_the_other_service(crawl):
    assert crawl["hostile"].trap_hits == []


def test_retry_after_is_honoured_and_tries_are_bounded(crawl):
    hostile = crawl["hostile"]
    assert hostile.violations == []
    for name in ["rate-limited", "rate-limited-again", "rate-limited-http-date", "flaky-500"]:
        assert hostile.counts[hostile.paths([name])[0]] == 2, name
    for name in ["rate-limited", "rate-limited-again"]:
        first, retry = [hit.at for hit in hostile.hits if hit.path == hostile.paths([name])[0]]
        assert retry - first >= RETRY_AFTER_SECONDS, name
    assert hostile.counts[hostile.paths(["always-429"])[0]] == 1 + RATE_LIMIT_RETRIES


def test_a_listing_answering_200_past_its_end_is_left_at_the_first_page_past_it(crawl):
    hostile = crawl["hostile"]
    assert hostile.home_page_count() > 3
    assert len(hostile.past_end_hits()) <= 1, hostile.past_end_hits()


def test_robots_txt_is_the_first_request(crawl):
    assert crawl["hostile"].hits[0].path == "/robots.txt"


def test_every_good_article_is_archived_and_no_bad_one(crawl):
    hostile, base = crawl["hostile"], crawl["base"]
    stored = _stored(crawl)
    good = {base + path for path in hostile.clean_paths() + hostile.paths(RECOVERABLE)}
    bad = {base + path for path in hostile.paths(FATAL)}
    assert good - set(stored) == set()
    assert bad & set(stored) == set()


def test_each_fatal_fault_is_a_failure_row_naming_its_url(crawl):
    failures = query(crawl["db"], "SELECT url, message FROM failures")

    def recorded(url: str) -> bool:
        return any(url == failed or url in message for failed, message in failures)

    assert [name for name in FATAL if not recorded(_url(crawl, name))] == []


def test_refusals_name_their_reason(crawl):
    messages = " ".join(m for (m,) in query(crawl["db"], "SELECT message FROM failures"))
    assert "ForbiddenDestination: scheme: file:///etc/passwd" in messages
    assert "ForbiddenDestination: private-address: http://169.254.169.254/" in messages
    assert "RedirectLoop" in messages
    assert "TooManyRedirects: more than 5 redirects" in messages
    assert "exceeded DOWNLOAD_MAXSIZE (4194304 B) during decompression" in messages
    assert "extraction-timeout" in messages


@pytest.mark.parametrize(
    "name", ["latin1-labelled", "meta-charset", "bom-beats-header", "nul-bytes"]
)
def test_text_is_decoded_as_a_browser_would(crawl, name):
    _, text = _stored(crawl)[_url(crawl, name)]
    assert CAFE_SENTENCE in text
    assert "\x00" not in text


def test_scripts_and_event_handlers_never_reach_the_text(crawl):
    for url, (_, text) in _stored(crawl).items():
        for marker in SCRIPT_MARKERS:
            assert marker not in text, url


def test_hostile_titles_round_trip_exactly_and_search_keeps_working(crawl):
    hostile = crawl["hostile"]
    stored = _stored(crawl)
    for name in ["title-sql", "title-fts", "title-html"]:
        path = hostile.paths([name])[0]
        assert stored[crawl["base"] + path][0] == hostile.post_title(path)
    found = query(
        crawl["db"],
        "SELECT a.title FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ?",
        ('"DROP TABLE articles"',),
    )
    assert [title for (title,) in found] == [hostile.post_title(hostile.paths(["title-sql"])[0])]


def test_the_archive_is_consistent(crawl):
    with closing(sqlite3.connect(crawl["db"])) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    assert articles == indexed
    runs = query(crawl["db"], "SELECT status, articles_failed, errors FROM crawl_runs")
    assert runs[0][0] == "ok"
