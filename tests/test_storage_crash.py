"""One writer at a time, and crashes that lose at most the batch in flight, never the archive.

Both tests run real processes: a lock holder, and a writer killed with SIGKILL mid-batch.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.errors import ArchiveLocked
from storage.lock import run_lock

REPO = Path(__file__).parents[1]
BATCH_SIZE = 40

HOLD_LOCK = """
import sys, time
from storage.lock import run_lock
with run_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(60)
"""

# Writes batches of long articles forever, printing after each commit.
WRITE_FOREVER = """
import itertools, sys
from storage.writes import ArchiveWriter
words = "India Quad ministers Russia North Korea arms deal security council resolution".split()
with ArchiveWriter(sys.argv[1]) as writer:
    run_id = writer.start_run("megalopreneur", "full", "https://megalopreneur.com")
    for batch in itertools.count():
        pages = []
        for n in range(BATCH_SIZE):
            number = batch * BATCH_SIZE + n
            text = " ".join(words[(number + i) % len(words)] for i in range(3000)) + f" {number}"
            url = f"https://megalopreneur.com/2024/07/story-{number}/"
            article = {
                "url": url, "title": f"Story {number}", "text": text, "fetched_url": url,
                "fetched_at": "2024-07-24T10:00:00+00:00", "fingerprint": f"fp-{number}",
                "simhash": (number + 1) * 0x9E3779B97F4A7C15 % (1 << 63), "word_count": 3001,
            }
            html = f"<!DOCTYPE html><html><head><title>Story {number}</title></head>"
            html += f"<body><article><p>{text}</p></article></body></html>"
            pages.append({"article": article, "html": html, "status": 200,
                          "content_type": "text/html", "etag": None, "last_modified": None,
                          "aliases": [], "run_id": run_id})
        writer.write_batch(pages)
        print(f"committed {batch}", flush=True)
""".replace("BATCH_SIZE", str(BATCH_SIZE))


def start(script: str, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(db_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_second_crawl_is_refused_while_the_first_holds_the_lock(tmp_path: Path):
    db_path = tmp_path / "archive.db"
    holder = start(HOLD_LOCK, db_path)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ArchiveLocked, match=rf"archive\.db \(pid {holder.pid}\)"):
            with run_lock(db_path):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    # The operating system released the dead holder's lock: no stale lock to clean up.
    with run_lock(db_path) as lock_file:
        assert lock_file == tmp_path / "archive.db.lock"
    with run_lock(db_path):
        pass


def test_sigkill_mid_write_leaves_a_consistent_archive(tmp_path: Path):
    db_path = tmp_path / "archive.db"
    writer = start(WRITE_FOREVER, db_path)
    try:
        for _ in range(3):
            assert writer.stdout.readline().startswith("committed")
        time.sleep(0.05)  # into the next batch's transaction
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        (indexed,) = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()
        (raw_pages,) = conn.execute("SELECT count(*) FROM raw_pages").fetchone()
        (counted,) = conn.execute(
            "SELECT articles_new + articles_duplicate FROM crawl_runs"
        ).fetchone()
        hits = conn.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'korea'"
        ).fetchone()
    # Whole batches only: every committed article has its HTML, its index entry and its count.
    assert articles >= 3 * BATCH_SIZE and articles % BATCH_SIZE == 0
    assert indexed == raw_pages == counted == hits[0] == articles
