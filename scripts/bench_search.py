"""Benchmark the read side on a synthetic archive: search latency, export throughput and memory.

Usage: scripts/bench_search.py [--articles 200000] [--out bench-out] [--rounds 30]

Synthesises an archive of N articles (about 5 KB of text each, words drawn from a Zipf
distribution over a pseudo-word vocabulary, so a few words appear in nearly every article and most
in very few) through the real schema (``storage.db.open_db`` migrations, FTS triggers included).
The archive is cached in the output folder and reused when it already has N articles.

Reports p50/p95 latency of ``storage.search.search`` (snippets on, 20 hits) for common and rare
terms in relevance and newest-first order, then runs ``archiver export`` once per format in a
subprocess and reports rows/s and the subprocess's peak RSS. Targets: search p95 < 50 ms;
export of 200k rows under 300 MB peak RSS at >= 20,000 rows/s for JSONL.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from storage.db import open_db, write_transaction
from storage.search import search

VOCABULARY_SIZE = 60_000
ZIPF_EXPONENT = 1.05
WORDS_PER_ARTICLE = 760  # ~5 KB with the pseudo-words' average length
PARAGRAPH_WORDS = 60
INSERT_BATCH = 2_000
DUPLICATE_EVERY = 50
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]

INSERT = """
INSERT INTO articles (url, site, title, authors, published_at, categories, tags, language,
    text, word_count, fingerprint, simhash, first_seen, last_seen, last_fetched,
    first_run_id, last_run_id)
VALUES (?, 'bench.example', ?, ?, ?, ?, '[]', 'en', ?, ?, ?, ?, ?, ?, ?, 1, 1)
"""


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Distinct pseudo-words of 2 to 4 syllables; rank 0 is the most frequent."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))] = None
    return list(words)


def zipf_cumulative_weights(size: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank**ZIPF_EXPONENT) for rank in range(1, size + 1)))


def article_text(words: list[str]) -> str:
    paragraphs = [
        " ".join(words[start : start + PARAGRAPH_WORDS]).capitalize() + "."
        for start in range(0, len(words), PARAGRAPH_WORDS)
    ]
    return "\n\n".join(paragraphs)


def article_rows(count: int, vocab: list[str], weights: list[float], rng: random.Random):
    for number in range(count):
        words = rng.choices(vocab, cum_weights=weights, k=WORDS_PER_ARTICLE)
        title = " ".join(words[:8]).capitalize()
        text = article_text(words[8:])
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        year = 2015 + (number // 336) % 10
        published = f"{year}-{month:02d}-{day:02d}T09:00:00+00:00"
        yield (
            f"https://bench.example/{year}/{month:02d}/article-{number}/",
            title,
            json.dumps([f"Author {number % 97}"]),
            published,
            json.dumps([f"Category {number % 13}"]),
            text,
            len(words) - 8,
            hashlib.sha1(f"{title}\n{text}".encode()).hexdigest(),
            rng.getrandbits(63),  # unrelated texts: SimHashes far apart
            published,
            published,
            published,
        )


def build_archive(path: Path, count: int) -> None:
    """Create (or reuse) a synthetic archive of ``count`` articles at ``path``."""
    if path.exists():
        db = open_db(path, readonly=True)
        existing = db.execute("select count(*) from articles").fetchone()[0]
        db.close()
        if existing == count:
            print(f"reusing {path} ({count} articles)")
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(20240724)
    vocab = vocabulary(VOCABULARY_SIZE, rng)
    weights = zipf_cumulative_weights(len(vocab))
    db = open_db(path)
    started = time.perf_counter()
    with write_transaction(db):
        db.execute(
            "INSERT INTO crawl_runs (id, spider, mode, started_at, finished_at, status) VALUES "
            "(1, 'bench', 'full', '2024-07-24T00:00:00+00:00', '2024-07-24T01:00:00+00:00', 'ok')"
        )
    rows = article_rows(count, vocab, weights, rng)
    done = 0
    while batch := list(itertools.islice(rows, INSERT_BATCH)):
        with write_transaction(db):
            db.conn.executemany(INSERT, batch)
        done += len(batch)
        print(f"\rbuilt {done}/{count} articles", end="", flush=True)
    # One article in DUPLICATE_EVERY is a linked copy, as syndicated stories are in a news
    # archive: search hides them by default, and pays for it.
    with write_transaction(db):
        db.execute(
            "UPDATE articles SET duplicate_of = id - 1, duplicate_kind = 'near' WHERE id % ? = 0",
            [DUPLICATE_EVERY],
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"\nbuilt in {time.perf_counter() - started:.0f} s, {path.stat().st_size >> 20} MB")


def terms_by_frequency(db, how_many: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(common, rare) indexed terms with their article counts: the most and least frequent."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
        "USING fts5vocab(main, articles_fts, row)"
    )
    query = "select term, doc from temp.bench_vocab order by doc {}, term limit ?"
    common = db.execute(query.format("desc"), (how_many,)).fetchall()
    rare = db.execute(query.format("asc"), (how_many,)).fetchall()
    return common, rare


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_searches(db, terms: list[str], rounds: int, sort: str = "relevance") -> dict:
    latencies = []
    hits = []
    for term in itertools.islice(itertools.cycle(terms), rounds):
        started = time.perf_counter()
        found = search(db, term, limit=20, sort=sort)
        latencies.append((time.perf_counter() - started) * 1000)
        hits.append(len(found))
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "queries": len(latencies),
        "mean_hits": round(statistics.mean(hits), 1),
    }


def time_export(db_path: Path, out_dir: Path, fmt: str, rows: int) -> dict:
    """Run ``archiver export`` in a child process; wall time and the child's own peak RSS."""
    target = out_dir / f"bench-export.{fmt}"
    command = [
        str(Path(sys.executable).with_name("archiver")),
        "--db", str(db_path), "export", "--format", fmt, "-o", str(target), "--force",
    ]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"export {fmt} failed: {child.stderr.read().decode()}")
    size = target.stat().st_size
    for path in (target, Path(f"{target}.manifest.json")):
        path.unlink()
    return {
        "seconds": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # Linux reports KiB
        "file_mb": round(size / 2**20),
    }


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--rounds", type=int, default=60, help="searches per term class")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    db_path = args.out / f"bench-{args.articles}.db"
    build_archive(db_path, args.articles)

    report: dict = {"articles": args.articles, "load_before": load_average()}
    db = open_db(db_path, readonly=True)
    common_counts, rare_counts = terms_by_frequency(db, 20)
    common = [term for term, _ in common_counts]
    rare = [term for term, _ in rare_counts]
    search(db, common[0])  # warm the page cache once, as a running server would be
    report["search_common"] = {
        "articles_per_term": [common_counts[-1][1], common_counts[0][1]],
        **time_searches(db, common, args.rounds),
    }
    report["search_rare"] = {
        "articles_per_term": [rare_counts[0][1], rare_counts[-1][1]],
        **time_searches(db, rare, args.rounds),
    }
    report["search_common_newest"] = time_searches(db, common, args.rounds, sort="newest")
    report["search_rare_newest"] = time_searches(db, rare, args.rounds, sort="newest")
    two_words = [f"{a} {b}" for a, b in zip(common[::2], rare[::2], strict=False)]
    report["search_common_and_rare"] = time_searches(db, two_words, args.rounds)
    db.close()
    for fmt in ("jsonl", "csv", "parquet"):
        report[f"export_{fmt}"] = time_export(db_path, args.out, fmt, args.articles)
    report["load_after"] = load_average()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
