"""How a ``scrapy crawl`` run starts, ends and reports, as cron or a user at a terminal sees it.

Every crawl is a real ``scrapy crawl`` subprocess; the sample site is served on 127.0.0.1.
Bad arguments end in one line and exit 2 before anything is recorded; the log of a run is short
with its summary last; Ctrl-C (SIGINT) records the run ``interrupted``; a run whose process was
killed is shown ``interrupted`` by ``archiver stats`` as soon as no crawl holds the archive.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import query
from read_side_archive import build_archive

from archiver.localcrawl import PROJECT_ROOT, crawl_command, run_crawl
from archiver.samplesite import SampleSite, serve

CRAWL_ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "archiver.settings"}
ARCHIVER = str(Path(sys.executable).with_name("archiver"))


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args],
        cwd=PROJECT_ROOT,
        env=CRAWL_ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_statuses(db: Path) -> list[str]:
    return [status for (status,) in query(db, "SELECT status FROM crawl_runs ORDER BY id")]


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "phrase"),
    [
        (["-a", "base_url=not-a-url"], "'not-a-url' is not an http(s) URL"),
        (["-a", "base_url=ftp://news.example/"], "is not an http(s) URL"),
        (["-a", "mode=bogus"], "unknown mode 'bogus'"),
        (["-s", "ARCHIVER_MODE=weekly"], "unknown mode 'weekly'"),
    ],
)
def test_bad_crawl_arguments_exit_2_in_one_line_and_record_no_run(tmp_path, arguments, phrase):
    db = build_archive(tmp_path / "archive.db")
    runs_before = run_statuses(db)

    result = scrapy_crawl("megalopreneur", "-s", f"ARCHIVER_DB={db}", *arguments)

    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("archiver: error: "), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert phrase in result.stderr
    assert run_statuses(db) == runs_before


def test_an_archive_in_a_folder_that_does_not_exist_exits_2_and_creates_nothing(tmp_path):
    missing = tmp_path / "nonexistent" / "x.db"

    result = scrapy_crawl("megalopreneur", "-s", f"ARCHIVER_DB={missing}")

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"archiver: error: ARCHIVER_DB '{missing}': folder '{missing.parent}' does not exist"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_archive_and_an_unknown_spider_exit_2_in_one_line(tmp_path):
    as_folder = scrapy_crawl("megalopreneur", "-s", f"ARCHIVER_DB={tmp_path}")
    unknown = scrapy_crawl("nosuchsite", "-s", f"ARCHIVER_DB={tmp_path / 'archive.db'}")

    assert as_folder.returncode == 2 and len(as_folder.stderr.splitlines()) == 1
    assert "is a folder" in as_folder.stderr
    assert unknown.returncode == 2 and len(unknown.stderr.splitlines()) == 1
    assert "no spider 'nosuchsite'" in unknown.stderr and "megalopreneur" in unknown.stderr
    assert list(tmp_path.iterdir()) == []
    assert not Path(str(tmp_path) + ".lock").exists()


# --- the log of a run -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_site():
    site = SampleSite.generate(n_posts=20, seed=11)
    with serve(site) as base_url:
        yield base_url


def test_the_log_is_short_and_ends_with_the_summary(small_site, tmp_path):
    result = run_crawl(small_site, tmp_path / "archive.db", timeout=120)

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "archiver run 1 ok:" in lines[-1]
    assert len(lines) <= 5, lines
    assert "Referer" not in result.stderr
    assert "WARNING" not in result.stderr


def test_the_full_scrapy_log_is_one_setting_away(small_site, tmp_path):
    result = run_crawl(
        small_site, tmp_path / "archive.db", timeout=120, settings={"ARCHIVER_FULL_LOG": "True"}
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert "Scrapy" in result.stderr and "Dumping Scrapy stats" in result.stderr
    assert "RefererMiddleware instance" not in result.stderr  # Scrapy's warning when it is off


@pytest.fixture(scope="module")
def refused_run(tmp_path_factory):
    """A run against a port nothing listens on: every request is refused."""
    db = tmp_path_factory.mktemp("refused") / "archive.db"
    result = run_crawl("http://127.0.0.1:9/", db, timeout=120, settings={"LOG_LEVEL": "WARNING"})
    return {"db": db, "result": result, "summary": result.stderr.strip().splitlines()[-1]}


def test_a_failed_run_still_shows_its_summary_at_log_level_warning(refused_run):
    assert refused_run["result"].returncode == 1
    assert "archiver run 1 failed:" in refused_run["summary"]


def test_the_summary_counts_failures_by_kind_and_names_the_cause(refused_run):
    summary = refused_run["summary"]

    assert "article 0," in summary and "failed 0," in summary  # no article was asked, none failed
    assert summary.endswith(
        "; failed: feed 2 (connection-refused 2), sitemap 2 (connection-refused 2), "
        "listing 1 (connection-refused 1)"
    )


def test_the_ledger_keeps_the_failures_by_kind_and_cause(refused_run):
    ((stats_json, articles_failed, errors),) = query(
        refused_run["db"], "SELECT stats, articles_failed, errors FROM crawl_runs"
    )
    stats = json.loads(stats_json)

    assert articles_failed == 0 and errors == 5
    assert stats["archiver/failed/feed/connection-refused"] == 2
    assert stats["archiver/failed/listing/connection-refused"] == 1
    messages = query(refused_run["db"], "SELECT kind, message FROM failures ORDER BY id")
    assert {kind for kind, _ in messages} == {"feed", "sitemap", "listing"}
    assert all(message.startswith("connection-refused: ") for _, message in messages)


# --- Ctrl-C and killed runs -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def slow_site():
    """A site crawled one request at a time with a delay: a run lasts long enough to stop it."""
    site = SampleSite.generate(n_posts=200, seed=12)
    with serve(site) as base_url:
        yield base_url


def start_crawl(base_url: str, db: Path) -> subprocess.Popen:
    command = crawl_command(
        base_url,
        db,
        settings={
            "DOWNLOAD_DELAY": "0.05",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
            "ARCHIVER_BATCH_SIZE": "5",  # the first articles are in the archive within seconds
        },
    )
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=CRAWL_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job at a terminal
    )


def wait_for_articles(db: Path, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if query(db, "SELECT count(*) FROM articles")[0][0] >= at_least:
                return
        except sqlite3.OperationalError:  # no archive yet, or no schema in it yet
            pass
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} articles archived after {timeout} s")


def test_ctrl_c_records_the_run_interrupted_without_a_traceback(slow_site, tmp_path):
    db = tmp_path / "archive.db"
    crawl = start_crawl(slow_site, db)
    try:
        wait_for_articles(db, 1)
        os.killpg(crawl.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground job
        _, stderr = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.communicate()

    assert crawl.returncode == 1
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "archiver run 1 interrupted:" in stderr.strip().splitlines()[-1]
    assert run_statuses(db) == ["interrupted"]
    assert 0 < query(db, "SELECT count(*) FROM articles")[0][0] < 200


def test_a_killed_run_is_shown_interrupted_once_no_crawl_holds_the_archive(slow_site, tmp_path):
    db = tmp_path / "archive.db"
    crawl = start_crawl(slow_site, db)

    def shown_status() -> str:
        stats = subprocess.run(
            [ARCHIVER, "--db", str(db), "stats", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(stats.stdout)["crawl_runs"][0]["status"]

    try:
        wait_for_articles(db, 1)
        while_running = shown_status()
    finally:
        os.killpg(crawl.pid, signal.SIGKILL)  # the crawl and its extraction workers
        crawl.communicate(timeout=60)

    assert while_running == "running"
    assert shown_status() == "interrupted"
    assert run_statuses(db) == ["running"]  # the row itself is closed by the next crawl


def test_the_cron_script_mails_a_short_log_ending_with_the_summary(small_site, tmp_path):
    result = subprocess.run(
        [
            str(PROJECT_ROOT / "scripts" / "cron-crawl.sh"),
            "megalopreneur",
            "-a",
            f"base_url={small_site}",
            *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
        ],
        env={**os.environ, "ARCHIVER_DB": str(tmp_path / "archive.db")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(lines) <= 5 and "archiver run 1 ok:" in lines[-1], lines


def test_ctrl_c_in_make_demo_prints_no_traceback_and_the_run_is_interrupted(tmp_path):
    db = tmp_path / "archive.db"
    demo = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "demo.py"), "--db", str(db)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if query(db, "SELECT count(*) FROM crawl_runs")[0][0]:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.1)
        os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C: the demo and its crawl both get it
        _, stderr = demo.communicate(timeout=120)
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.communicate()

    assert demo.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "Demo interrupted" in stderr
    assert run_statuses(db) == ["interrupted"]
