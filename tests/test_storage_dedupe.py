"""The near-duplicate band index: finds what a full scan finds, comparing few articles, in a real
archive (the bands are indexed by SQLite)."""

from __future__ import annotations

import random

import pytest

from storage.db import open_db, write_transaction
from storage.dedupe import SimhashIndex, hamming

ARCHIVE_SIZE = 200_000
MASK_64 = (1 << 64) - 1


def signed(value: int) -> int:
    """A 64-bit value as SQLite stores a simhash (signed INTEGER)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def flip_bits(simhash: int, bits: list[int]) -> int:
    unsigned = simhash & ((1 << 64) - 1)
    for bit in bits:
        unsigned ^= 1 << bit
    return signed(unsigned)


@pytest.fixture(scope="module")
def archive_hashes() -> list[int]:
    rng = random.Random(20240724)
    return [signed(rng.getrandbits(64)) for _ in range(ARCHIVE_SIZE)]


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory, archive_hashes):
    """A real archive of 200,000 articles holding only their URL and simhash."""
    db = open_db(tmp_path_factory.mktemp("dedupe") / "archive.db")
    # These rows have no text to search: their search-index trigger was 3/4 of the setup's time.
    db.execute("DROP TRIGGER articles_ai")
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO articles (id, url, simhash) VALUES (?, ?, ?)",
            ((i, f"https://news.example/{i}/", h) for i, h in enumerate(archive_hashes, start=1)),
        )
    return db


def store(db, article_id: int, simhash: int | None) -> None:
    """Write an article's simhash as the writer does (a new row, or its row updated)."""
    db.execute(
        "INSERT INTO articles (id, url, simhash) VALUES (?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET simhash = excluded.simhash",
        [article_id, f"https://news.example/{article_id}/", simhash],
    )


@pytest.mark.parametrize("max_distance", [3, 12])
def test_index_finds_edited_copies_among_200k_articles_cheaply(
    big_archive, archive_hashes, max_distance
):
    index = SimhashIndex(big_archive, max_distance)
    rng = random.Random(max_distance)
    for _ in range(3):
        original_id = rng.randrange(1, ARCHIVE_SIZE + 1)
        distance = rng.randint(1, max_distance)
        copy = flip_bits(archive_hashes[original_id - 1], rng.sample(range(64), distance))
        assert hamming(copy, archive_hashes[original_id - 1]) == distance
        full_scan = (
            article_id
            for article_id, simhash in enumerate(archive_hashes, start=1)
            if ((simhash ^ copy) & MASK_64).bit_count() <= max_distance
        )
        assert index.earliest_near(copy) == min(full_scan)
        # Cheap means a small share of the archive is compared, not all of it.
        assert len(index.candidates(copy)) < ARCHIVE_SIZE // 10


def test_a_lookup_reads_the_band_indexes_not_the_whole_table(big_archive, archive_hashes):
    index = SimhashIndex(big_archive, 8)
    statements = []
    big_archive.conn.set_trace_callback(statements.append)
    try:
        assert index.earliest_near(archive_hashes[41] ^ 0b101) == 42
    finally:
        big_archive.conn.set_trace_callback(None)
    (select,) = statements  # one SELECT per lookup
    plan = " ".join(row[-1] for row in big_archive.execute(f"EXPLAIN QUERY PLAN {select}"))
    assert "idx_articles_simhash_band" in plan
    assert "SCAN articles" not in plan


def test_unrelated_hash_matches_nothing(tmp_path, archive_hashes):
    db = open_db(tmp_path / "archive.db")
    for article_id, simhash in enumerate(archive_hashes[:1000], start=1):
        store(db, article_id, simhash)
    index = SimhashIndex(db, 3)
    assert index.earliest_near(signed(random.Random(1).getrandbits(64))) is None


def test_articles_sharing_a_bucket_stay_findable_as_others_come_and_go(tmp_path):
    db = open_db(tmp_path / "archive.db")
    index = SimhashIndex(db, 3)
    for article_id in (3, 5, 9):  # the same simhash: every band value shared by all three
        store(db, article_id, 0x5A5A)
        index.add(0x5A5A)
    assert index.earliest_near(0x5A5A) == 3
    store(db, 3, None)
    assert index.earliest_near(0x5A5A) == 5
    store(db, 5, 0x5A5A ^ (1 << 40))  # edited a little: still within 3 bits
    index.add(0x5A5A ^ (1 << 40))
    store(db, 9, None)
    assert index.earliest_near(0x5A5A) == 5
    store(db, 5, None)
    assert index.earliest_near(0x5A5A) is None


def test_articles_written_or_changed_after_the_index_was_read_are_found_as_they_are_now(tmp_path):
    db = open_db(tmp_path / "archive.db")
    store(db, 1, 0x1234_5678_9ABC_DEF0)
    store(db, 7, 0x0F0F)
    index = SimhashIndex(db, 3)
    for article_id, simhash in ((2, -0x1234_5678_9ABC_DEF0), (7, -0x0F0F)):
        store(db, article_id, simhash)  # as the writer does: the row, then the index told
        index.add(simhash)
    assert index.earliest_near(-0x1234_5678_9ABC_DEF0 ^ 0b11) == 2
    assert index.earliest_near(0x1234_5678_9ABC_DEF0 ^ (1 << 63)) == 1
    assert index.earliest_near(0x0F0F) is None  # article 7's old simhash
    assert index.earliest_near(-0x0F0F) == 7


def test_zero_simhash_means_unknown_and_is_never_a_match(tmp_path):
    db = open_db(tmp_path / "archive.db")
    store(db, 1, 0)
    store(db, 2, 1)
    index = SimhashIndex(db, 3)
    assert index.earliest_near(0) is None
    assert index.earliest_near(0b11) == 2  # one bit from article 2, two from the unknown one


def test_storage_default_threshold_is_extractions_measured_one():
    """Storage cannot import extraction (trafilatura); its default must still be the same number."""
    from archiver.extraction.fingerprint import NEAR_DUPLICATE_MAX_DISTANCE
    from storage import DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE

    assert DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE == NEAR_DUPLICATE_MAX_DISTANCE
