"""Content fingerprints: exact and near-duplicate detection of article text (stdlib only).

- ``content_fingerprint(title, text)``: sha1 of the normalised title and text. Two fetches with
  the same fingerprint carry the same content, whatever the whitespace, letter case, Unicode
  compatibility forms or quote style ("curly" vs "straight"): a re-render is not a revision.
- ``simhash64(text)``: a 64-bit SimHash over 3-word shingles, stored as a *signed* 64-bit integer
  so that SQLite's INTEGER holds it. Small edits flip few bits; different articles differ in
  about half of them. ``hamming(a, b) <= NEAR_DUPLICATE_MAX_DISTANCE`` means near duplicate.
  Chinese, Japanese and Korean are written without spaces (``archiver.cjk``): a run of them is
  read character by character, so its shingles are 3-character ones (as whole runs, a
  sentence was one "word" and any edit changed most shingles). Text without CJK gives the same
  words and SimHash as before that rule. An article with CJK text archived before it holds a
  SimHash of whole runs, which matches no new one; the writer stores today's whenever the page
  is fetched whole again, unchanged too (``storage.writes``; a 304 carries no text).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from archiver.cjk import CJK_CHARACTER, CJK_CHARACTERS

# Measured on the MegaloPreneur seed article (630 words, tests/test_fingerprint.py): one sentence
# rewritten and two words edited -> 6 bits; the same body reflowed or re-quoted -> 0; the seed
# against seven other articles -> 23 to 37 (different articles pairwise: 23 to 42).
# Unrelated texts differ like coin flips (64 bits, mean 32): P(distance <= 8) = 2.8e-10, so in a
# 200,000-article archive about 6 pairs in all fall within 8 by chance, against 4,600 at 12 (one
# new article in 20 falsely linked). 8 keeps the measured edit with a margin and stays rare.
NEAR_DUPLICATE_MAX_DISTANCE = 8

SHINGLE_WORDS = 3
_BITS = 64
_MASK = (1 << _BITS) - 1

# Typographic variants that do not change what a text says, mapped to one form.
_PUNCTUATION_VARIANTS = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark / apostrophe
    "\u201a": "'",  # single low-9 quotation mark
    "\u201b": "'",  # single high-reversed-9 quotation mark
    "\u2032": "'",  # prime
    "\u00b4": "'",  # acute accent used as an apostrophe
    "`": "'",
    "\u201c": '"',  # left double quotation mark
    "\u201d": '"',  # right double quotation mark
    "\u201e": '"',  # double low-9 quotation mark
    "\u201f": '"',  # double high-reversed-9 quotation mark
    "\u2033": '"',  # double prime
    "\u00ab": '"',  # guillemets
    "\u00bb": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
}
# A regex over the variants: str.translate() with a dict walks every character in Python-level
# lookups (10x slower on a typical article than substituting the rare matches).
_PUNCTUATION_VARIANT = re.compile("[" + "".join(_PUNCTUATION_VARIANTS) + "]")
_WORD = re.compile(r"\w+")
# One CJK character, or a run of other word characters: the tokens of a word holding CJK text.
_CJK_TOKEN = re.compile(f"[{CJK_CHARACTERS}]|[^{CJK_CHARACTERS}]+")


def normalise_text(text: str) -> str:
    """Canonical form of a text for comparison.

    Unicode NFKC (so non-breaking spaces, ligatures and full-width forms fold), quotes and dashes
    mapped to ASCII, case-folded, every run of whitespace collapsed to one space.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _PUNCTUATION_VARIANT.sub(lambda match: _PUNCTUATION_VARIANTS[match[0]], folded)
    return " ".join(folded.split())


def content_fingerprint(title: str, text: str) -> str:
    """sha1 hex digest of the normalised title, a newline, and the normalised text."""
    return _sha1_of_normalised(normalise_text(title), normalise_text(text))


def fingerprints(title: str, text: str) -> tuple[str, int]:
    """``(content_fingerprint(title, text), simhash64(text))``, the text normalised once."""
    normalised = normalise_text(text)
    return _sha1_of_normalised(normalise_text(title), normalised), _simhash_of_normalised(
        normalised
    )


def _sha1_of_normalised(title: str, text: str) -> str:
    return hashlib.sha1((title + "\n" + text).encode("utf-8")).hexdigest()


def _tokens(text: str) -> list[str]:
    """The words of a normalised text; a run of CJK text (written without spaces) by characters.

    Text without CJK gives exactly its ``\\w+`` words, as before this rule (its SimHash did not
    change): only CJK runs, which were one giant "word" each, are cut."""
    words = _WORD.findall(text)
    if CJK_CHARACTER.search(text) is None:
        return words
    return [token for word in words for token in _CJK_TOKEN.findall(word)]


def _shingles(normalised: str) -> list[str]:
    words = _tokens(normalised)
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]


# For each bit of a byte, a translation table mapping every byte value to that bit (0 or 1):
# ``column.translate(_BIT_OF[i]).count(1)`` counts, in C, the bytes of ``column`` with bit i set.
_BIT_OF = [bytes((value >> bit) & 1 for value in range(256)) for bit in range(8)]


def _to_signed(value: int) -> int:
    return value - (1 << _BITS) if value >= 1 << (_BITS - 1) else value


def simhash64(text: str) -> int:
    """Signed 64-bit SimHash of the text's 3-word shingles (words taken after normalisation).

    Every shingle occurrence votes on every bit of its blake2b-64 hash (big-endian: the digest's
    first byte holds the top bits); a bit is set where more than half of the votes are ones.
    An empty text hashes to 0.
    """
    return _simhash_of_normalised(normalise_text(text))


def _simhash_of_normalised(normalised: str) -> int:
    shingles = _shingles(normalised)
    # Every shingle's blake2b-64 digest, inline: a function call per shingle cost ~40% more.
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles])
    majority = len(shingles) / 2
    value = 0
    # The votes are counted per digest byte position: the column of every shingle's byte there.
    for position in range(8):
        column = digests[position::8]
        for bit in range(8):
            if column.translate(_BIT_OF[bit]).count(1) > majority:
                value |= 1 << (8 * (7 - position) + bit)
    return _to_signed(value)


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit SimHashes (signed or unsigned)."""
    return bin((a ^ b) & _MASK).count("1")
