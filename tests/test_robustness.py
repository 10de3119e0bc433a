"""Bad input and a hostile machine: lying charsets, a disk that fills mid-run, readers during a
crawl, and memory over a long crawl. Every crawl is a real ``scrapy crawl`` subprocess against a
server on 127.0.0.1.

Charsets. A page labelled ``charset=utf-8`` whose bytes are cp1252 is stored with "Café" and
"€5", not U+FFFD: bytes that cannot be the declared charset are decoded as browsers decode a
page that declares nothing (archiver.charsets). A page with only ``<meta charset=windows-1252>``
is decoded as cp1252, as browsers do.

Full disk. ``RLIMIT_FSIZE`` on the crawl process makes every write past a size fail (``EFBIG``,
which SQLite reports as a disk I/O error), like a full disk but without root: the run must stop
with one logged error and exit 1, the archive must stay intact with the batches committed before,
and the next run must complete it.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from conftest import query
from hostile_site import CAFE_SENTENCE, MISLABELLED_UTF8, HostileSite, serve_hostile

from archiver.localcrawl import PROJECT_ROOT, crawl_command, run_crawl
from archiver.samplesite import SampleSite, serve
from storage.db import open_db
from storage.search import search

CRAWL_ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "archiver.settings"}


# --- charsets -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charset_crawl(tmp_path_factory):
    hostile = HostileSite.build(n_clean=3, names=[MISLABELLED_UTF8, "meta-charset"])
    db = tmp_path_factory.mktemp("charsets") / "archive.db"
    with serve_hostile(hostile) as base_url:
        result = run_crawl(base_url, db, timeout=60)
    return {"hostile": hostile, "db": db, "base": base_url.rstrip("/"), "result": result}


def _stored_text(crawl, fault: str) -> str:
    url = crawl["base"] + crawl["hostile"].paths([fault])[0]
    rows = query(crawl["db"], "SELECT text FROM articles WHERE url = ?", (url,))
    assert rows, f"{fault} page not archived"
    return rows[0][0]


def test_a_page_whose_bytes_contradict_its_utf8_label_is_stored_in_the_charset_of_its_bytes(
    charset_crawl,
):
    assert charset_crawl["result"].returncode == 0, charset_crawl["result"].stderr[-3000:]
    text = _stored_text(charset_crawl, MISLABELLED_UTF8)
    assert CAFE_SENTENCE in text  # "Café", "€5" and the curly quotes, not U+FFFD
    assert "\ufffd" not in text


def test_a_mislabelled_page_is_still_found_by_its_other_words(charset_crawl):
    hits = query(
        charset_crawl["db"],
        "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ?",
        ('"nobody minded"',),
    )
    assert len(hits) == 2  # the mislabelled page and the meta-charset one


def test_a_page_labelled_only_by_meta_windows_1252_is_decoded_right(charset_crawl):
    assert CAFE_SENTENCE in _stored_text(charset_crawl, "meta-charset")


# --- full disk ------------------------------------------------------------------------------------

FILE_SIZE_LIMIT = 1_500_000  # bytes: room for the schema and a few batches of 20 articles
BATCH_SIZE = 20


def _limit_file_size() -> None:
    # The crawl process may write no file past FILE_SIZE_LIMIT; ignoring SIGXFSZ turns the
    # signal that would kill it into an EFBIG error from write(), as a full disk gives ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory):
    site = SampleSite.generate(n_posts=200, seed=5)
    db = tmp_path_factory.mktemp("disk-full") / "archive.db"
    with serve(site) as base_url:
        command = crawl_command(base_url, db, settings={"ARCHIVER_BATCH_SIZE": str(BATCH_SIZE)})
        # stderr is a pipe, not a file, so the size limit does not cut the log short.
        full = subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=90,
            env=CRAWL_ENV,
            preexec_fn=_limit_file_size,
        )
        with closing(sqlite3.connect(db)) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        kept = query(db, "SELECT count(*) FROM articles")[0][0]
        first_run = query(db, "SELECT status, articles_new FROM crawl_runs WHERE id = 1")[0]
        after = run_crawl(base_url, db, timeout=90)
    return {
        "site": site,
        "db": db,
        "full": full,
        "integrity": integrity,
        "kept": kept,
        "first_run": first_run,
        "after": after,
    }


def test_a_full_disk_stops_the_run_with_one_clear_error_and_exit_1(disk_full):
    full = disk_full["full"]
    assert full.returncode == 1, full.stderr[-3000:]
    errors = [line for line in full.stderr.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1, errors
    assert "archive write failed, stopping the run: OperationalError" in errors[0]
    assert len(errors[0]) < 300  # one line naming the cause, not a dump of the page
    assert "archiver run 1 failed:" in full.stderr.strip().splitlines()[-1]


def test_the_archive_survives_a_full_disk_with_the_committed_batches(disk_full):
    assert disk_full["integrity"] == "ok"
    kept = disk_full["kept"]
    assert 0 < kept < len(disk_full["site"].distinct_articles())
    assert kept % BATCH_SIZE == 0  # whole batches only: none half-written
    assert disk_full["first_run"] == ("failed", kept)


def test_a_normal_run_after_the_full_disk_completes_the_archive(disk_full):
    after = disk_full["after"]
    assert after.returncode == 0, after.stderr[-3000:]
    stored = {url for (url,) in query(disk_full["db"], "SELECT url FROM articles")}
    site = disk_full["site"]
    assert {site.url(path) for path in site.distinct_articles()} <= stored


# --- a long crawl: memory, and readers while it writes --------------------------------------------

# ~17 s of crawling on 2 cores (800 posts once took ~60 s; at ~10 s they gave too few samples)
LONG_CRAWL_POSTS = 1500
# Bytes, after the first quarter of the run. What may still grow: URL caches (bounded) and the
# writer's batch. Listing trees cached on their responses (a reference cycle only the cyclic GC
# frees) once made it ~100 MiB, and only on an unloaded machine, where the GC ran less often.
RSS_GROWTH_BOUND = 40 << 20
SAMPLE_EVERY = 0.1  # seconds
READ_CRAWL_POSTS = 300
LONG_CRAWL_BATCH = 100


@dataclass
class Readers:
    """Searches and exports run against the archive while the crawl writes to it."""

    db: Path
    stop: threading.Event = field(default_factory=threading.Event)
    searches: int = 0
    cli_runs: int = 0
    nonempty: int = 0
    errors: list[str] = field(default_factory=list)

    def run(self) -> None:
        while not self.stop.is_set():
            if not self._archive_ready():
                time.sleep(0.1)
                continue
            try:
                self._search_in_process()
                if self.searches % 10 == 0:
                    self._cli("search", "market", "--limit", "5")
                    self._cli("export", "--format", "jsonl", "-o", "-", "--since", "2024-06")
            except sqlite3.Error as error:
                self.errors.append(f"search(): {error}")

    def _archive_ready(self) -> bool:
        return self.db.exists() and bool(
            query(self.db, "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'")
        )

    def _search_in_process(self) -> None:
        db = open_db(self.db, readonly=True)
        try:
            self.nonempty += bool(search(db, "market", limit=5))
        finally:
            db.close()
        self.searches += 1

    def _cli(self, *args: str) -> None:
        command = [sys.executable, "-m", "archiver.cli", "--db", str(self.db), *args]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=30)
        self.cli_runs += 1
        if completed.returncode != 0 or "locked" in completed.stderr:
            self.errors.append(f"archiver {args[0]}: {completed.stderr.strip()[-300:]}")


@dataclass
class SampledCrawl:
    site: SampleSite
    db: Path
    returncode: int
    log: str
    samples: list[tuple[float, int, int]]  # (seconds, main process RSS, process tree RSS)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker ended between listing and reading
            pass
    return total


def _sampled_crawl(
    site: SampleSite, db: Path, readers: Readers | None = None, settings: dict | None = None
) -> SampledCrawl:
    """Crawl ``site`` into ``db``, sampling memory every SAMPLE_EVERY s, with ``readers`` busy."""
    samples: list[tuple[float, int, int]] = []
    log: list[str] = []
    threads = []
    with serve(site) as base_url:
        started = time.monotonic()
        process = subprocess.Popen(
            crawl_command(base_url, db, settings=settings),
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=CRAWL_ENV,
        )
        threads.append(threading.Thread(target=lambda: log.append(process.stderr.read())))
        if readers is not None:
            threads.append(threading.Thread(target=readers.run))
        for thread in threads:
            thread.start()
        watched = psutil.Process(process.pid)
        while process.poll() is None and time.monotonic() - started < 120:
            try:
                main = watched.memory_info().rss
            except psutil.Error:  # exited between poll() and the read
                break
            samples.append((time.monotonic() - started, main, _tree_rss(watched)))
            time.sleep(SAMPLE_EVERY)
        if process.poll() is None:
            process.kill()
        process.wait()
        if readers is not None:
            readers.stop.set()
        for thread in threads:
            thread.join()
        process.stderr.close()
    return SampledCrawl(site, db, process.returncode, log[0] if log else "", samples)


@pytest.fixture(scope="module")
def long_crawl(tmp_path_factory) -> SampledCrawl:
    site = SampleSite.generate(n_posts=LONG_CRAWL_POSTS, seed=5)
    db = tmp_path_factory.mktemp("long") / "archive.db"
    # The writer holds a batch of pages (HTML included) before each commit: smaller batches put
    # two commits inside the first quarter, so what follows measures steady state, not warm-up.
    return _sampled_crawl(site, db, settings={"ARCHIVER_BATCH_SIZE": str(LONG_CRAWL_BATCH)})


@pytest.fixture(scope="module")
def read_during_crawl(tmp_path_factory) -> tuple[SampledCrawl, Readers]:
    site = SampleSite.generate(n_posts=READ_CRAWL_POSTS, seed=6)
    db = tmp_path_factory.mktemp("readers") / "archive.db"
    readers = Readers(db)
    return _sampled_crawl(site, db, readers), readers


def _archives_every_post(crawl: SampledCrawl) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    stored = {url for (url,) in query(crawl.db, "SELECT url FROM articles")}
    assert {crawl.site.url(path) for path in crawl.site.distinct_articles()} <= stored


def test_the_long_crawl_archives_every_post(long_crawl):
    _archives_every_post(long_crawl)


def test_memory_stays_flat_after_the_first_quarter_of_a_long_crawl(long_crawl):
    samples = long_crawl.samples
    assert len(samples) > 50
    quarter = len(samples) // 4
    early_peak = max(main for _, main, _ in samples[:quarter])
    late_peak = max(main for _, main, _ in samples[quarter:])
    growth = late_peak - early_peak
    print(
        f"\n{len(long_crawl.site.request_log)} requests in {samples[-1][0]:.0f} s; crawl process "
        f"peak {early_peak >> 20} MiB in the first quarter, {late_peak >> 20} MiB after "
        f"(+{growth / (1 << 20):.1f} MiB); process tree peak "
        f"{max(tree for *_, tree in samples) >> 20} MiB"
    )
    assert growth < RSS_GROWTH_BOUND


def test_readers_never_see_a_locked_database_while_the_crawl_writes(read_during_crawl):
    crawl, readers = read_during_crawl
    _archives_every_post(crawl)
    assert readers.errors == []
    assert readers.searches >= 20
    assert readers.cli_runs >= 4
    assert readers.nonempty > 0  # they read while articles were arriving, not only at the end
