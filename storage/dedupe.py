"""Content dedupe: link a new article to an earlier copy of the same story, never merge or drop it.

Two kinds of copies are recognised when an article is first stored:

- ``exact``: same ``fingerprint`` (sha1 of the normalised title + text) as an earlier article under
  another URL, e.g. a syndicated repost or a category-prefixed permalink.
- ``near``: SimHash of the text within ``max_distance`` bits (Hamming distance) of an earlier
  article's, e.g. the same story with a changed headline or an added paragraph.

Each group of copies has one original (``duplicate_of`` NULL): the earliest published when both
dates are known, else the first archived. Every copy links straight to it.

The threshold mirrors ``NEAR_DUPLICATE_MAX_DISTANCE`` of ``archiver/extraction/fingerprint.py``;
storage cannot import that package (it imports trafilatura), so ``ArchiveWriter`` takes it as a
parameter whose default, ``DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE`` (8), is defined here and tested to
equal extraction's.

Near search uses the pigeonhole principle: split the 64 bits into ``b`` bands; two hashes that
differ in at most ``max_distance`` bits differ in at most ``max_distance // b`` bits in at least one
band. The index files each article under its exact band values; a lookup probes, in each band,
every value within that radius of the new hash's band, and compares only the articles found there.
With a threshold of 3 that is the classic 4 bands of 16 bits probed exactly (radius 0); for
larger thresholds (the default 8: 3 bands of 21-22 bits probed within 2 bits) a few bands probed
with a small radius cost far fewer comparisons than ``max_distance + 1`` narrow bands, whose
buckets hold thousands of articles at 200,000. ``plan_bands`` picks ``b`` by a cost model sized for ``SIZING_ARTICLES``.

A simhash of 0 means "not computed" (the ``Article`` default) and is never indexed, so empty texts
are not all near duplicates of each other.
"""

from __future__ import annotations

import functools
import itertools
import math
from array import array

import sqlite_utils

from storage.timestamps import parse_timestamp

DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE = 8  # = extraction's NEAR_DUPLICATE_MAX_DISTANCE (tested)
# The archive size the band layout is tuned for (a large news site's full history).
SIZING_ARTICLES = 200_000
_BITS = 64
_MASK = (1 << _BITS) - 1


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit hashes, signed or unsigned."""
    return ((a ^ b) & _MASK).bit_count()


def band_layout(bands: int) -> list[tuple[int, int]]:
    """(shift, width) of each of ``bands`` contiguous bands covering the 64 bits."""
    base, extra = divmod(_BITS, bands)
    layout, shift = [], 0
    for band in range(bands):
        width = base + (1 if band < extra else 0)
        layout.append((shift, width))
        shift += width
    return layout


@functools.cache
def flip_masks(width: int, radius: int) -> tuple[int, ...]:
    """Every ``width``-bit mask with at most ``radius`` bits set (XOR them in to probe)."""
    return tuple(
        sum(1 << bit for bit in bits)
        for flipped in range(radius + 1)
        for bits in itertools.combinations(range(width), flipped)
    )


def plan_bands(
    max_distance: int, articles: int = SIZING_ARTICLES
) -> tuple[list[tuple[int, int]], int]:
    """(band layout, probe radius) with the fewest expected lookups + comparisons per query.

    Expected cost of a band of width w probed with radius r: (number of probes) x (1 + articles
    sharing a w-bit value, assuming uniform hashes).
    """
    if not 0 <= max_distance < _BITS:
        raise ValueError(f"max_distance must be between 0 and {_BITS - 1}, got {max_distance}")

    def cost(bands: int) -> float:
        radius = max_distance // bands
        return sum(
            sum(math.comb(width, flipped) for flipped in range(radius + 1))
            * (1 + articles / 2**width)
            for _, width in band_layout(bands)
        )

    bands = min(range(1, max_distance + 2), key=cost)
    return band_layout(bands), max_distance // bands


def band_bits(layout: list[tuple[int, int]]) -> int:
    """How many low bits of a band key say its band."""
    return max(1, (len(layout) - 1).bit_length())


def band_keys(simhash: int, layout: list[tuple[int, int]]) -> list[int]:
    """The keys under which ``simhash`` is indexed: band value high, band number in the low bits.

    Plain ints rather than (band, value) tuples: the index holds one per band per article, and
    ints are cheaper to build and hash at 200,000 articles; a band value of up to ~27 bits keeps
    the key below 2**30, Python's smallest int (28 bytes, not 36).
    """
    unsigned = simhash & _MASK
    low = band_bits(layout)
    return [
        (((unsigned >> shift) & ((1 << width) - 1)) << low) | band
        for band, (shift, width) in enumerate(layout)
    ]


class SimhashIndex:
    """In-memory band index over the archive's simhashes, for near-duplicate lookups."""

    def __init__(self, max_distance: int = DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE):
        self.max_distance = max_distance
        self._layout, self._radius = plan_bands(max_distance)
        # The probe masks of each band, built once: rebuilding them on every lookup was most of
        # a write's Python time (~0.3 ms an article).
        low = band_bits(self._layout)
        self._probes = [
            tuple(mask << low for mask in flip_masks(width, self._radius))
            for _, width in self._layout
        ]
        # band key -> the one article id under it (nearly every bucket), or a tuple of ids: a set
        # per bucket cost ~900 bytes an article (18 MB at 20,000), a bare id ~260 all told.
        self._buckets: dict[int, int | tuple[int, ...]] = {}
        # Each article's simhash at its id (0: none). Article ids are the archive's row ids,
        # dense from 1: 8 bytes an article, where a dict from id to simhash took ~110.
        self._simhashes = array("q")
        self._size = 0

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
        return self._size

    def simhash_of(self, article_id: int) -> int:
        """The simhash ``article_id`` is indexed under; 0 when none."""
        return self._simhashes[article_id] if 0 <= article_id < len(self._simhashes) else 0

    def add(self, article_id: int, simhash: int) -> None:
        """Index ``article_id`` under ``simhash``, replacing any simhash it had before."""
        self.remove(article_id)
        if not simhash:
            return
        missing = article_id + 1 - len(self._simhashes)
        if missing > 0:  # grown at least twofold: ids mostly come in order
            self._simhashes.frombytes(bytes(8 * max(missing, len(self._simhashes))))
        unsigned = simhash & _MASK  # held signed, as SQLite stores it, whichever way it came
        self._simhashes[article_id] = (
            unsigned - (1 << _BITS) if unsigned >> (_BITS - 1) else unsigned
        )
        self._size += 1
        for key in band_keys(simhash, self._layout):
            self._set_bucket(key, (*self._bucket(key), article_id))

    def remove(self, article_id: int) -> None:
        old = self.simhash_of(article_id)
        if not old:
            return
        self._simhashes[article_id] = 0
        self._size -= 1
        for key in band_keys(old, self._layout):
            self._set_bucket(key, tuple(i for i in self._bucket(key) if i != article_id))

    def _bucket(self, key: int) -> tuple[int, ...]:
        ids = self._buckets.get(key, ())
        return (ids,) if isinstance(ids, int) else ids

    def _set_bucket(self, key: int, ids: tuple[int, ...]) -> None:
        if not ids:
            self._buckets.pop(key, None)
        else:
            self._buckets[key] = ids[0] if len(ids) == 1 else ids

    def candidates(self, simhash: int) -> set[int]:
        """Articles sharing a band value within the probe radius: a superset of the matches."""
        found: set[int] = set()
        buckets = self._buckets
        for key, masks in zip(band_keys(simhash, self._layout), self._probes, strict=True):
            for mask in masks:
                ids = buckets.get(key ^ mask)
                if ids is None:
                    continue
                if isinstance(ids, int):
                    found.add(ids)
                else:
                    found.update(ids)
        return found

    def earliest_near(self, simhash: int) -> int | None:
        """Lowest article id whose simhash is within ``max_distance`` bits, or None."""
        if not simhash:
            return None
        return min(
            (
                article_id
                for article_id in self.candidates(simhash)
                if hamming(self._simhashes[article_id], simhash) <= self.max_distance
            ),
            default=None,
        )


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

    The match is the earliest archived article with the same fingerprint, else the earliest within
    the near distance; an exact match is preferred to a near one. Copies always point at their
    group's original (whose ``duplicate_of`` is NULL), never at another copy, so a match that is
    itself a copy resolves to its original; a chain with a near link is near.
    """
    match = _earliest_match(db, index, fingerprint, simhash)
    if match is None:
        return None
    matched_id, kind = match
    original_id, original_kind = db.execute(
        "SELECT duplicate_of, duplicate_kind FROM articles WHERE id = ?", [matched_id]
    ).fetchone()
    if original_id is None:
        return matched_id, kind
    return original_id, _chain_kind(kind, original_kind)


def _earliest_match(
    db: sqlite_utils.Database, index: SimhashIndex, fingerprint: str, simhash: int
) -> tuple[int, str] | None:
    exact = earliest_exact(db, fingerprint)
    if exact is not None:
        return exact, "exact"
    near = index.earliest_near(simhash)
    if near is not None:
        return near, "near"
    return None


def _chain_kind(first: str, second: str) -> str:
    return "exact" if first == second == "exact" else "near"


def published_before(candidate: str | None, original: str | None) -> bool:
    """True when both dates are known and ``candidate`` was published strictly earlier."""
    candidate_at, original_at = parse_timestamp(candidate), parse_timestamp(original)
    return candidate_at is not None and original_at is not None and candidate_at < original_at


def make_original(db: sqlite_utils.Database, new_id: int, old_original: int, kind: str) -> None:
    """Make ``new_id`` the original of ``old_original``'s group: the crawl met the copy first.

    A syndicated copy is often reached before the page it copies; when the new article was
    published earlier than the group's original, it takes that place and every member of the
    group (the former original included) is re-linked to it.
    """
    db.execute(
        "UPDATE articles SET duplicate_of = :new, duplicate_kind = CASE WHEN :kind = 'exact' "
        "AND duplicate_kind = 'exact' THEN 'exact' ELSE 'near' END WHERE duplicate_of = :old",
        {"new": new_id, "old": old_original, "kind": kind},
    )
    db.execute(
        "UPDATE articles SET duplicate_of = ?, duplicate_kind = ? WHERE id = ?",
        [new_id, kind, old_original],
    )
