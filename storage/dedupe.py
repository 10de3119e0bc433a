"""Content dedupe: link a new article to an earlier copy of the same story, never merge or drop it.

Two kinds of copies are recognised when an article is first stored:

- ``exact``: same ``fingerprint`` (sha1 of the normalised title + text) as an earlier article under
  another URL, e.g. a syndicated repost or a category-prefixed permalink.
- ``near``: SimHash of the text within ``max_distance`` bits (Hamming distance) of an earlier
  article's, e.g. the same story with a changed headline or an added paragraph.

The threshold mirrors ``NEAR_DUPLICATE_MAX_DISTANCE`` of ``archiver/extraction/fingerprint.py``;
storage cannot import that package (it imports trafilatura), so ``ArchiveWriter`` takes it as a
parameter whose default, ``DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE``, is defined here.

Near search uses the pigeonhole principle: split the 64 bits into ``max_distance + 1`` bands; two
hashes that differ in at most ``max_distance`` bits agree exactly on at least one band. The index
maps each (band number, band value) to the articles having it, so a lookup only compares the few
articles sharing a band instead of the whole archive. A simhash of 0 means "not computed" (the
``Article`` default) and is never indexed, so empty texts are not all near-duplicates of each other.
"""

from __future__ import annotations

from collections import defaultdict

import sqlite_utils

DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE = 3
_BITS = 64
_MASK = (1 << _BITS) - 1


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit hashes, signed or unsigned."""
    return ((a ^ b) & _MASK).bit_count()


def band_layout(max_distance: int) -> list[tuple[int, int]]:
    """(shift, width) of each of the ``max_distance + 1`` bands covering the 64 bits."""
    if not 0 <= max_distance < _BITS:
        raise ValueError(f"max_distance must be between 0 and {_BITS - 1}, got {max_distance}")
    bands = max_distance + 1
    base, extra = divmod(_BITS, bands)
    layout, shift = [], 0
    for band in range(bands):
        width = base + (1 if band < extra else 0)
        layout.append((shift, width))
        shift += width
    return layout


def band_keys(simhash: int, layout: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (band number, band value) keys under which ``simhash`` is indexed."""
    unsigned = simhash & _MASK
    return [
        (band, (unsigned >> shift) & ((1 << width) - 1))
        for band, (shift, width) in enumerate(layout)
    ]


class SimhashIndex:
    """In-memory band index over the archive's simhashes, for near-duplicate lookups."""

    def __init__(self, max_distance: int = DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE):
        self.max_distance = max_distance
        self._layout = band_layout(max_distance)
        self._buckets: defaultdict[tuple[int, int], set[int]] = defaultdict(set)
        self._simhashes: dict[int, int] = {}

    @classmethod
    def load(cls, db: sqlite_utils.Database, max_distance: int) -> SimhashIndex:
        """Index every article's simhash (one scan, done once per writer)."""
        index = cls(max_distance)
        for article_id, simhash in db.execute(
            "SELECT id, simhash FROM articles WHERE simhash IS NOT NULL AND simhash != 0"
        ):
            index.add(article_id, simhash)
        return index

    def __len__(self) -> int:
        return len(self._simhashes)

    def add(self, article_id: int, simhash: int) -> None:
        """Index ``article_id`` under ``simhash``, replacing any simhash it had before."""
        self.remove(article_id)
        if not simhash:
            return
        self._simhashes[article_id] = simhash
        for key in band_keys(simhash, self._layout):
            self._buckets[key].add(article_id)

    def remove(self, article_id: int) -> None:
        old = self._simhashes.pop(article_id, None)
        if old is None:
            return
        for key in band_keys(old, self._layout):
            bucket = self._buckets[key]
            bucket.discard(article_id)
            if not bucket:
                del self._buckets[key]

    def earliest_near(self, simhash: int) -> int | None:
        """Lowest article id whose simhash is within ``max_distance`` bits, or None."""
        if not simhash:
            return None
        candidates = set().union(
            *(self._buckets.get(key, ()) for key in band_keys(simhash, self._layout))
        )
        matches = [
            article_id
            for article_id in candidates
            if hamming(self._simhashes[article_id], simhash) <= self.max_distance
        ]
        return min(matches, default=None)


def earliest_exact(db: sqlite_utils.Database, fingerprint: str) -> int | None:
    """Lowest id of an article with this fingerprint (indexed lookup), or None."""
    if not fingerprint:
        return None
    row = db.execute("SELECT min(id) FROM articles WHERE fingerprint = ?", [fingerprint]).fetchone()
    return row[0]


def find_duplicate(
    db: sqlite_utils.Database, index: SimhashIndex, fingerprint: str, simhash: int
) -> tuple[int, str] | None:
    """``(original_id, 'exact' | 'near')`` for a new article's content, or None if it is new.

    The earliest archived article wins, so copies all point at the first one seen rather than
    forming chains; an exact match is preferred to a near one.
    """
    exact = earliest_exact(db, fingerprint)
    if exact is not None:
        return exact, "exact"
    near = index.earliest_near(simhash)
    if near is not None:
        return near, "near"
    return None
