"""Full-text search: ranking, literal quoting of user input, raw FTS5, filters, dates, snippets."""

from __future__ import annotations

import pytest
from conftest import hit_urls, readonly_archive
from read_side_archive import REVISED_URL, SEED_URL, UNDATED_URL, build_archive

from storage.search import (
    MATCH_END,
    MATCH_START,
    SearchError,
    SearchSyntaxError,
    parse_date_bound,
    search,
)

EARNINGS_URL = "https://megalopreneur.com/2023/11/quarterly-earnings-season-review/"
SOLAR_URL = "https://megalopreneur.com/2024/03/solar-microgrids-rural-india/"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    yield from readonly_archive(build_archive(tmp_path_factory.mktemp("search") / "archive.db"))


def test_a_phrase_from_the_body_finds_its_article_first(db):
    hits = search(db, "Security Council resolutions prohibit")

    assert hit_urls(hits)[0] == SEED_URL
    assert hits[0].title.startswith("India Joins Quad Nations")
    assert hits[0].published_at == "2023-09-22T10:15:00+05:30"
    assert hits[0].authors == ["Mohit Sharma"]


def test_a_word_in_the_title_outranks_the_same_word_in_passing(db):
    # Both mention the Quad; only the seed article has it in its title.
    assert hit_urls(search(db, "quad"))[:2] == [SEED_URL, EARNINGS_URL]


def test_every_term_must_match(db):
    assert hit_urls(search(db, "quad retailers")) == [EARNINGS_URL]
    assert search(db, "quad photosynthesis") == []


def test_snippet_marks_the_matched_words(db):
    (hit,) = search(db, "microgrids")

    assert f"{MATCH_START}microgrids{MATCH_END}" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"quad',
        "NEAR(",
        "*",
        "quad*",
        "OR 1=1; DROP TABLE articles",
        "title:quad",
        "AND OR NOT",
        "(",
        "^quad",
        "-",
        "café résumé",
        "北朝鮮",
        "'; --",
    ],
)
def test_anything_a_user_types_searches_safely(db, query):
    hits = search(db, query)

    assert all(hit.url for hit in hits)
    # The archive is untouched: the table the hostile query names is still there.
    assert db.execute("select count(*) from articles").fetchone()[0] == 5


def test_non_ascii_words_match_literally(db):
    assert hit_urls(search(db, "résumés")) == [SOLAR_URL]


def test_raw_mode_passes_fts5_syntax(db):
    assert hit_urls(search(db, "quad NOT russia", raw=True)) == [EARNINGS_URL]
    assert set(hit_urls(search(db, "microgrid* OR cheques", raw=True))) == {SOLAR_URL, REVISED_URL}


def test_raw_mode_reports_a_syntax_error_in_one_line(db):
    with pytest.raises(SearchSyntaxError) as caught:
        search(db, "NEAR(quad", raw=True)

    assert "NEAR(quad" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_date_filters_cover_the_whole_period_named(db):
    assert hit_urls(search(db, "quad", until="2023-09")) == [SEED_URL]
    assert set(hit_urls(search(db, "quad", until="2023"))) == {SEED_URL, EARNINGS_URL}
    assert hit_urls(search(db, "quad", since="2023-10")) == [EARNINGS_URL]
    assert hit_urls(search(db, "india", since="2024-03-09")) == [SOLAR_URL]
    assert search(db, "india", since="2024-03-10") == []


def test_undated_articles_are_left_out_by_date_filters(db):
    assert hit_urls(search(db, "newsroom")) == [UNDATED_URL]
    assert search(db, "newsroom", since="1990") == []


def test_author_category_tag_and_site_filters(db):
    assert hit_urls(search(db, "quad", author="priya nair")) == [EARNINGS_URL]
    assert hit_urls(search(db, "india", category="Energy")) == [SOLAR_URL]
    assert hit_urls(search(db, "india", tag="North Korea")) == [SEED_URL]
    assert len(search(db, "india", site="megalopreneur.com")) == 3
    assert search(db, "india", site="example.org") == []


def test_sorting_by_date_and_paging(db):
    newest = hit_urls(search(db, "india", sort="newest"))
    assert newest == [SOLAR_URL, EARNINGS_URL, SEED_URL]
    assert hit_urls(search(db, "india", sort="oldest")) == newest[::-1]
    assert hit_urls(search(db, "india", sort="newest", limit=1, offset=1)) == [EARNINGS_URL]


def test_an_empty_query_finds_nothing(db):
    assert search(db, "   ") == []


@pytest.mark.parametrize("bad", ["yesterday", "2023-13", "2023-02-30", "24/07/2024"])
def test_a_bad_date_is_a_clear_error(db, bad):
    with pytest.raises(SearchError, match="YYYY-MM-DD"):
        search(db, "quad", since=bad)


def test_unknown_sort_is_refused(db):
    with pytest.raises(SearchError, match="relevance"):
        search(db, "quad", sort="popular")


@pytest.mark.parametrize(
    ("value", "upper", "expected"),
    [
        ("2023", False, ("2023-01-01", True)),
        ("2023", True, ("2024-01-01", False)),
        ("2023-12", True, ("2024-01-01", False)),
        ("2024-02", True, ("2024-03-01", False)),
        ("2024-02-29", True, ("2024-03-01", False)),
        ("2024-07-24T10:00:00+05:30", True, ("2024-07-24T10:00:00+05:30", True)),
        ("2024-07-24T10:00:00Z", False, ("2024-07-24T10:00:00+00:00", True)),
    ],
)
def test_date_bounds(value, upper, expected):
    assert parse_date_bound(value, upper=upper) == expected


def test_a_very_common_word_is_ranked_among_its_latest_matches(db, monkeypatch):
    # "quad" is in articles 1 and 3; ranked in full, the seed (Quad in its title) comes first.
    assert hit_urls(search(db, "quad", limit=1)) == [SEED_URL]
    monkeypatch.setattr("storage.search.RANK_WINDOW", 1)

    # With a window of one, only the most recently archived match is ranked...
    assert hit_urls(search(db, "quad", limit=1)) == [EARNINGS_URL]
    # ...unless the caller asks for more hits than the window holds.
    assert hit_urls(search(db, "quad", limit=2)) == [SEED_URL, EARNINGS_URL]
    # Filters apply before the window, so a filtered search still finds older articles.
    assert hit_urls(search(db, "quad", until="2023-09", limit=1)) == [SEED_URL]
