"""The near-duplicate band index: finds what a full scan finds, comparing few articles."""

from __future__ import annotations

import random

import pytest

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


@pytest.mark.parametrize("max_distance", [3, 12])
def test_index_finds_edited_copies_among_200k_articles_cheaply(archive_hashes, max_distance):
    index = SimhashIndex(max_distance)
    for article_id, simhash in enumerate(archive_hashes, start=1):
        index.add(article_id, simhash)
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


def test_unrelated_hash_matches_nothing(archive_hashes):
    index = SimhashIndex(3)
    for article_id, simhash in enumerate(archive_hashes[:1000], start=1):
        index.add(article_id, simhash)
    assert index.earliest_near(signed(random.Random(1).getrandbits(64))) is None


def test_changed_simhash_replaces_the_old_one():
    index = SimhashIndex(3)
    index.add(7, 0x0F0F)
    index.add(7, -0x0F0F)
    assert index.earliest_near(0x0F0F) is None
    assert index.earliest_near(-0x0F0F) == 7
    assert len(index) == 1


def test_articles_sharing_a_bucket_stay_findable_as_others_come_and_go():
    index = SimhashIndex(3)
    for article_id in (3, 5, 9):  # the same simhash: every band bucket holds all three
        index.add(article_id, 0x5A5A)
    assert index.earliest_near(0x5A5A) == 3
    index.remove(3)
    assert index.earliest_near(0x5A5A) == 5
    index.add(5, 0x5A5A ^ (1 << 40))  # edited a little: still within 3 bits
    index.remove(9)
    assert index.earliest_near(0x5A5A) == 5
    index.remove(5)
    assert index.earliest_near(0x5A5A) is None
    assert len(index) == 0


def test_zero_simhash_means_unknown_and_is_never_a_match():
    index = SimhashIndex(3)
    index.add(1, 0)
    index.add(2, 1)
    assert len(index) == 1
    assert index.earliest_near(0) is None


def test_storage_default_threshold_is_extractions_measured_one():
    """Storage cannot import extraction (trafilatura); its default must still be the same number."""
    from archiver.extraction.fingerprint import NEAR_DUPLICATE_MAX_DISTANCE
    from storage import DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE

    assert DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE == NEAR_DUPLICATE_MAX_DISTANCE
