"""Fingerprints: re-renders are the same content, small edits are near, other articles are far."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.extraction import extract_article
from archiver.extraction.fingerprint import (
    NEAR_DUPLICATE_MAX_DISTANCE,
    _tokens,
    content_fingerprint,
    hamming,
    normalise_text,
    simhash64,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEED_SENTENCE = (
    "The Quad foreign ministers emphasized the critical importance of addressing the "
    "proliferation of nuclear and missile technologies linked to North Korea, both within the "
    "region and beyond."
)
OTHER_ARTICLES = (
    "time-tags-only",
    "header-date-visible-byline",
    "header-date-only",
    "latest-posts-in-sentence",
    "permalink-day",
    "permalink-day-no-markup",
    "french-news-article",
)


def _text(name: str) -> str:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    article = extract_article(html, expected["url"], expected["fetched_at"])
    assert article is not None
    return article.text


@pytest.fixture(scope="module")
def seed_text() -> str:
    return _text("megalopreneur-seed")


def test_normalise_text_folds_quotes_dashes_case_and_whitespace() -> None:
    assert normalise_text("It’s  “Quoted”\u00a0— OK\n\nﬁne") == 'it\'s "quoted" - ok fine'


def test_fingerprint_ignores_whitespace_and_quote_style(seed_text: str) -> None:
    title = "India Joins Quad Nations in Message to Russia Over Arms Deals with North Korea"
    reflowed = seed_text.replace("\n\n", "\n").replace("’", "'").replace("“", '"')
    assert content_fingerprint(title, seed_text) == content_fingerprint(f"  {title} ", reflowed)


def test_fingerprint_changes_with_words_or_title(seed_text: str) -> None:
    title = "India Joins Quad Nations"
    original = content_fingerprint(title, seed_text)
    assert content_fingerprint(title, seed_text.replace("Penny Wong", "Penny Wang")) != original
    assert content_fingerprint(title + " (updated)", seed_text) != original
    assert len(original) == 40


def test_simhash_is_a_signed_64_bit_integer_and_stable(seed_text: str) -> None:
    value = simhash64(seed_text)
    assert -(2**63) <= value < 2**63
    assert simhash64(seed_text) == value
    assert simhash64("") == 0


def test_edited_article_is_within_the_near_duplicate_threshold(seed_text: str) -> None:
    edited = (
        seed_text.replace(
            SEED_SENTENCE,
            "The ministers also stressed that stopping the spread of nuclear and missile "
            "technology connected to Pyongyang matters far beyond Asia.",
        )
        .replace("unusual weeklong", "rare week-long")
        .replace("clandestine", "secret")
    )
    assert edited != seed_text
    distance = hamming(simhash64(seed_text), simhash64(edited))
    assert distance <= NEAR_DUPLICATE_MAX_DISTANCE  # measured: 6


def test_reflowed_article_has_the_same_simhash(seed_text: str) -> None:
    reflowed = seed_text.replace("\n\n", " ").replace("’", "'").upper()
    assert hamming(simhash64(seed_text), simhash64(reflowed)) == 0


@pytest.mark.parametrize("name", OTHER_ARTICLES)
def test_different_articles_are_far_outside_the_threshold(seed_text: str, name: str) -> None:
    distance = hamming(simhash64(seed_text), simhash64(_text(name)))
    assert distance > 2 * NEAR_DUPLICATE_MAX_DISTANCE  # measured: 23 to 37


def test_hamming_counts_differing_bits_of_signed_values() -> None:
    assert hamming(0, 0) == 0
    assert hamming(-1, 0) == 64
    assert hamming(0b1011, 0b0001) == 2


TEXTS = Path(__file__).parent / "fixtures" / "texts"
# Japanese is written without spaces: whole sentences were one "word" each, so any edit changed
# most shingles (this edit: 11 bits apart with whole-run words, 7 with 3-character shingles).
JAPANESE_EDITS = (
    (
        "移転案は用地の確保に時間がかかるとして見送られた。",
        "用地の確保に時間がかかるため、移転案は採用されなかった。",
    ),
    ("約百二十億円", "約百二十五億円"),
    ("来年度中に", "年内に"),
)


def _japanese(name: str) -> str:
    return (TEXTS / f"{name}.txt").read_text(encoding="utf-8")


def test_a_japanese_article_and_its_lightly_edited_copy_are_near_duplicates() -> None:
    original = _japanese("japanese-market-rebuild")
    edited = original
    for before, after in JAPANESE_EDITS:
        assert before in edited
        edited = edited.replace(before, after)
    distance = hamming(simhash64(original), simhash64(edited))
    assert distance <= NEAR_DUPLICATE_MAX_DISTANCE  # measured: 7


def test_two_different_japanese_articles_are_far_apart() -> None:
    market, school = _japanese("japanese-market-rebuild"), _japanese("japanese-school-games")
    distance = hamming(simhash64(market), simhash64(school))
    assert distance > 2 * NEAR_DUPLICATE_MAX_DISTANCE  # measured: 28
    # The fixture page's article (another Japanese story) is far from both too.
    festival = simhash64(_text("japanese-news-article"))
    for other in (market, school):
        assert hamming(festival, simhash64(other)) > 2 * NEAR_DUPLICATE_MAX_DISTANCE


def test_cjk_runs_are_shingled_by_characters_and_other_words_as_before() -> None:
    assert _tokens(normalise_text("市場は2027年に開業 iPhone15は東京で")) == [
        *"市場は", "2027", *"年に開業", "iphone15", *"は東京で",
    ]  # fmt: skip
    # Text without CJK hashes as it did before CJK runs were cut (values of the earlier rule):
    # the SimHashes in existing archives stay comparable.
    assert simhash64(SEED_SENTENCE) == -6167162512646897355
    french = "Le conseil municipal a voté, jeudi soir, la rénovation du marché couvert — enfin."
    assert simhash64(french) == -7468397306314746801
