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
import json
import math

import sqlite_utils

from storage.timestamps import parse_timestamp

DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE = 8  # = extraction's NEAR_DUPLICATE_MAX_DISTANCE (tested)
# The archive size the band layout is tuned for (a large news site's full history).
SIZING_ARTICLES = 200_000
_BITS = 64
_MASK = (1 << _BITS) - 1
# The widest band a bitmap has a bit per value of (2**23 bits: 1 MB).
_BITMAP_BITS = 23


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


def band_expression(shift: int, width: int) -> str:
    """The SQL of a band's value of ``articles.simhash``: the expression its index is on, and
    the one a lookup names (SQLite uses an expression index only for the same expression)."""
    return f"((simhash >> {shift}) & 0x{(1 << width) - 1:x})"


def byte_groups(
    flips: tuple[int, ...], keep: int
) -> tuple[tuple[int, tuple[tuple[int, int], ...]], ...]:
    """``flips`` grouped by the byte of a bitmap indexed by ``value & keep`` they move a value
    to: (byte offset XOR, ((bit offset XOR, flip), ...)), in first-seen order."""
    groups: dict[int, list[tuple[int, int]]] = {}
    for flip in flips:
        groups.setdefault((flip & keep) >> 3, []).append((flip & 7, flip))
    return tuple((byte, tuple(members)) for byte, members in groups.items())


class SimhashIndex:
    """Near-duplicate lookups over the archive's simhashes: the band index lives in SQLite.

    Each band's value of ``articles.simhash`` has an expression index (``band_expression``),
    written with the article by SQLite itself; nothing is held per article in memory. In memory
    there is one bitmap per band, of fixed size (a bit per band value, up to ``_BITMAP_BITS``
    bits: 1 MB for the default layout, at any archive size): a lookup probes the bitmaps first,
    in Python, and asks SQLite only for the few band values some article has (~6 at 20,000
    articles, ~60 at 200,000), in one indexed SELECT. A bit is set for every simhash written and
    never cleared: a bit left by a changed or rolled-back simhash only costs a probe that
    finds nothing.
    """

    def __init__(
        self, db: sqlite_utils.Database, max_distance: int = DEFAULT_NEAR_DUPLICATE_MAX_DISTANCE
    ):
        self.db = db
        self.max_distance = max_distance
        self._layout, self._radius = plan_bands(max_distance)
        # Bands wider than the bitmap keep their low bits: a bit then stands for several band
        # values, so a probe may find none of them (the SELECT sorts it out).
        self._keep = [(1 << min(width, _BITMAP_BITS)) - 1 for _, width in self._layout]
        self._bitmaps = [bytearray((keep >> 3) + 1) for keep in self._keep]
        # Each band's probe masks grouped by the bitmap byte they flip to: one test of a byte
        # (mostly 0) stands for all the masks that read it.
        self._groups = [
            byte_groups(flip_masks(width, self._radius), keep)
            for (_, width), keep in zip(self._layout, self._keep, strict=True)
        ]
        # One statement whatever the hits (each band's values as a JSON list), prepared once.
        self._select = "SELECT id, simhash FROM articles WHERE simhash != 0 AND ({})".format(
            " OR ".join(
                f"{band_expression(shift, width)} IN (SELECT value FROM json_each(?))"
                for shift, width in self._layout
            )
        )
        for shift, width in self._layout:
            db.execute(
                f"CREATE INDEX IF NOT EXISTS idx_articles_simhash_band_{shift}_{width} "
                f"ON articles({band_expression(shift, width)})"
            )
        for (simhash,) in db.execute(
            "SELECT simhash FROM articles WHERE simhash IS NOT NULL AND simhash != 0"
        ):
            self.add(simhash)

    def add(self, simhash: int) -> None:
        """Note that an article now has ``simhash`` (its row holds it: SQLite indexes it)."""
        if not simhash:
            return
        for bitmap, keep, (shift, _) in zip(self._bitmaps, self._keep, self._layout, strict=True):
            bit = (simhash >> shift) & keep
            bitmap[bit >> 3] |= 1 << (bit & 7)

    def candidates(self, simhash: int) -> list[tuple[int, int]]:
        """(id, simhash) of the articles sharing a band value within the probe radius of
        ``simhash``'s: a superset of the matches."""
        hits: list[list[int]] = []
        for bitmap, keep, groups, (shift, width) in zip(
            self._bitmaps, self._keep, self._groups, self._layout, strict=True
        ):
            value = (simhash >> shift) & ((1 << width) - 1)
            high, low = (value & keep) >> 3, value & 7
            found = []
            for byte_flip, flips in groups:
                byte = bitmap[high ^ byte_flip]
                if byte:  # most bytes are 0 (4% are not at 20,000 articles, 30% at 200,000)
                    for bit_flip, flip in flips:
                        if byte >> (low ^ bit_flip) & 1:
                            probe = value ^ flip
                            found.append(probe - (1 << _BITS) if probe >> (_BITS - 1) else probe)
            hits.append(found)
        if not any(hits):
            return []
        return self.db.execute(self._select, [json.dumps(found) for found in hits]).fetchall()

    def earliest_near(self, simhash: int) -> int | None:
        """Lowest article id whose simhash is within ``max_distance`` bits, or None."""
        if not simhash:
            return None
        return min(
            (
                article_id
                for article_id, other in self.candidates(simhash)
                if hamming(other, simhash) <= self.max_distance
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
