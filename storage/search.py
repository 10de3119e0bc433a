"""Full-text search over the archive, and the article filters shared with exports.

``search()`` ranks matches with FTS5 ``bm25`` over the columns of ``storage.fts`` (headline ten
times the body, authors, categories and tags five times), then builds
``snippet()`` only for the page of hits it returns: snippeting every match costs ~0.4 s for a very
common word on 200k articles. Ranking is bounded too: when more than ``RANK_WINDOW`` articles match,
only the most recently archived ``RANK_WINDOW`` of them are ranked (bm25 costs ~6 us a match, over
a second for a word in every one of 200k articles). Date sorts walk the ``published_at`` index
and stop after one page.

User queries are quoted term by term by default, so any text a user types (quotes, ``NEAR(``,
``*``, ``OR 1=1; DROP TABLE``, non-ASCII) is searched for literally. ``raw=True`` passes FTS5 query
syntax through and reports a syntax error as ``SearchSyntaxError``. Chinese, Japanese and Korean
words are matched through the index's CJK pairs (``storage.fts``). Filters always travel as SQL
parameters, never formatted into the SQL text. Linked duplicates are left out unless asked for.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from archiver.cjk import CJK_RUN
from storage.fts import BM25_WEIGHTS, TEXT_COLUMN, has_cjk, quote_query
from storage.lists import load_list

SORTS = ("relevance", "newest", "oldest")

# Characters that mark matches in snippets. Private-use code points never occur in article text,
# so callers can swap them for ANSI colours, HTML tags or brackets without ambiguity.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
SNIPPET_TOKENS = 16
# A word found in more articles than this is ranked among its most recently archived matches
# only: such a word says little about relevance, and ranking all of them costs ~6 us each.
RANK_WINDOW = 2000
# Characters shown either side of a CJK match (a CJK character carries about a word's meaning).
SNIPPET_CJK_CONTEXT = 30


class SearchError(ValueError):
    """A search or export request that cannot run as given (bad date, sort, query)."""


class SearchSyntaxError(SearchError):
    """A raw FTS5 query that SQLite rejected."""


@dataclass(frozen=True)
class Filters:
    """Article filters shared by search and export; every field is optional.

    ``since``/``until`` accept ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO datetime and are
    compared with ``published_at`` as written by the site (its local time): ``until`` includes the
    whole period it names (``until="2023"`` keeps every 2023 article).
    """

    since: str | None = None
    until: str | None = None
    author: str | None = None
    category: str | None = None
    tag: str | None = None
    site: str | None = None


@dataclass(frozen=True)
class Hit:
    """One search result; ``snippet`` marks matches with MATCH_START/MATCH_END."""

    id: int
    url: str
    title: str | None
    published_at: str | None
    site: str | None
    authors: list[str] = field(default_factory=list)
    snippet: str = ""
    rank: float = 0.0


def connection(db) -> sqlite3.Connection:
    """The sqlite3 connection behind a sqlite_utils Database, or ``db`` itself."""
    return getattr(db, "conn", db)


_DATE_FORMS = (
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
)


def _period_start_and_end(value: str) -> tuple[str, str]:
    """(first day, first day after) of the period a YYYY, YYYY-MM or YYYY-MM-DD string names."""
    for pattern, kind in _DATE_FORMS:
        if not pattern.match(value):
            continue
        if kind == "year":
            start = date(int(value), 1, 1)
            end = date(start.year + 1, 1, 1)
        elif kind == "month":
            year, month = (int(part) for part in value.split("-"))
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1)
        else:
            start = date.fromisoformat(value)
            end = date.fromordinal(start.toordinal() + 1)
        return start.isoformat(), end.isoformat()
    raise ValueError(value)


def parse_date_bound(value: str, *, upper: bool = False) -> tuple[str, bool]:
    """Turn a user date into (bound, inclusive) for comparing with stored ISO text.

    A lower bound is the start of the named period (inclusive). An upper bound of a period is the
    start of the next period (exclusive); an upper bound given as a full datetime is inclusive.
    Raises SearchError with the accepted forms when the value is not a date.
    """
    text = value.strip()
    try:
        start, end = _period_start_and_end(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise SearchError(
                f"bad date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime"
            ) from None
        return moment.isoformat(), True
    return (end, False) if upper else (start, True)


def filter_clauses(filters: Filters, alias: str = "a") -> tuple[list[str], dict]:
    """SQL conditions (on the articles table named ``alias``) and their parameters."""
    clauses: list[str] = []
    params: dict = {}
    if filters.since:
        bound, _ = parse_date_bound(filters.since)
        clauses.append(f"{alias}.published_at >= :since")
        params["since"] = bound
    if filters.until:
        bound, inclusive = parse_date_bound(filters.until, upper=True)
        clauses.append(f"{alias}.published_at {'<=' if inclusive else '<'} :until")
        params["until"] = bound
    for column, value in (
        ("authors", filters.author),
        ("categories", filters.category),
        ("tags", filters.tag),
    ):
        if value:
            clauses.append(
                f"exists (select 1 from json_each({alias}.{column}) "
                f"where json_each.value = :{column} collate nocase)"
            )
            params[column] = value
    if filters.site:
        clauses.append(f"{alias}.site = :site collate nocase")
        params["site"] = filters.site
    return clauses, params


def match_expression(query: str, *, raw: bool) -> str:
    """The FTS5 MATCH argument for a user query."""
    return query.strip() if raw else quote_query(query)


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise SearchError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")


def _syntax_error(error: sqlite3.OperationalError, query: str) -> SearchSyntaxError:
    message = str(error).splitlines()[0]
    return SearchSyntaxError(f"FTS5 query {query!r} rejected: {message}")


def _fts_from_where(clauses: list[str], extra: str = "") -> str:
    # Join articles only when a filter needs its columns: the join costs as much as bm25 itself.
    join = " join articles a on a.id = articles_fts.rowid" if clauses else ""
    conditions = ["articles_fts match :match", *([extra] if extra else []), *clauses]
    return f"from articles_fts{join} where {' and '.join(conditions)}"


_WEIGHTS = ", ".join(str(weight) for weight in BM25_WEIGHTS)


def _rank_floor(conn, clauses: list[str], params: dict, window: int) -> int:
    """Smallest rowid among the ``window`` most recently archived matches (0 if fewer match).

    Walking the doclist by rowid costs microseconds per match; bm25 costs ~6 us per match, so a
    word found in 200k articles would take over a second to rank in full.
    """
    sql = (
        f"select articles_fts.rowid {_fts_from_where(clauses)} "
        "order by articles_fts.rowid desc limit 1 offset :last"
    )
    row = conn.execute(sql, {**params, "last": window - 1}).fetchone()
    return row[0] if row else 0


def _ranked_page(conn, clauses: list[str], params: dict) -> list[tuple[int, float]]:
    floor = _rank_floor(conn, clauses, params, max(RANK_WINDOW, params["limit"] + params["offset"]))
    sql = (
        f"select articles_fts.rowid, bm25(articles_fts, {_WEIGHTS}) as score "
        f"{_fts_from_where(clauses, 'articles_fts.rowid >= :floor')} "
        "order by score, articles_fts.rowid limit :limit offset :offset"
    )
    return conn.execute(sql, {**params, "floor": floor}).fetchall()


def _match_count(conn, match: str) -> int:
    # Counting walks the doclist without ranking: ~10 ns a match.
    sql = "select count(*) from articles_fts where articles_fts match ?"
    return conn.execute(sql, (match,)).fetchone()[0]


def _dated_page(conn, clauses: list[str], params: dict, sort: str) -> list[tuple[int, float]]:
    # Walk articles in date order (the published_at index; "+a.id" keeps the planner from
    # driving the walk by the match list instead) and keep the matching ones. A common word
    # is probed per article, so the walk stops after one page; a rarer one is collected first.
    # SQLite sorts NULL lowest: undated articles come last when newest first, first when oldest
    # first. Forcing them last in both would defeat the index walk.
    order = "a.published_at desc, a.id desc" if sort == "newest" else "a.published_at, a.id"
    if _match_count(conn, params["match"]) > RANK_WINDOW:
        matching = (
            "exists (select 1 from articles_fts "
            "where articles_fts match :match and articles_fts.rowid = a.id)"
        )
    else:
        matching = "+a.id in (select rowid from articles_fts where articles_fts match :match)"
    sql = (
        f"select a.id, 0.0 from articles a where {' and '.join([matching, *clauses])} "
        f"order by {order} limit :limit offset :offset"
    )
    return conn.execute(sql, params).fetchall()


def _has_duplicates(conn) -> bool:
    # One probe of the duplicate_of index: an archive without duplicates skips the articles join.
    sql = "select 1 from articles where duplicate_of is not null limit 1"
    return conn.execute(sql).fetchone() is not None


def _hits(conn, page: list[tuple[int, float]], match: str, query: str) -> list[Hit]:
    """Hits for one page of (id, score), with snippets built for these articles only."""
    hits = []
    for article_id, score in page:
        url, title, published_at, site, authors = conn.execute(
            "select url, title, published_at, site, authors from articles where id = ?",
            (article_id,),
        ).fetchone()
        snippet = conn.execute(
            f"select snippet(articles_fts, {TEXT_COLUMN}, '{MATCH_START}', '{MATCH_END}', '…', "
            f"{SNIPPET_TOKENS}) from articles_fts where articles_fts match ? and rowid = ?",
            (match, article_id),
        ).fetchone()
        snippet = (snippet[0] if snippet else "") or ""
        if MATCH_START not in snippet and has_cjk(query):
            snippet = _cjk_snippet(conn, article_id, query) or snippet
        hits.append(
            Hit(
                id=article_id,
                url=url,
                title=title,
                published_at=published_at,
                site=site,
                authors=load_list(authors),
                snippet=snippet,
                rank=score,
            )
        )
    return hits


def _cjk_snippet(conn, article_id: int, query: str) -> str | None:
    """A snippet around the first CJK word of the query found in the text.

    FTS5's snippet() marks tokens of the text column, where a CJK clause is a single token, so it
    cannot mark a CJK word: the text is searched for the word itself.
    """
    (text,) = conn.execute("select text from articles where id = ?", (article_id,)).fetchone()
    for word in CJK_RUN.findall(query):
        found = (text or "").find(word)
        if found < 0:
            continue
        start = max(0, found - SNIPPET_CJK_CONTEXT)
        end = found + len(word)
        after = text[end : end + SNIPPET_CJK_CONTEXT]
        return (
            ("…" if start else "")
            + text[start:found]
            + MATCH_START
            + word
            + MATCH_END
            + after
            + ("…" if end + SNIPPET_CJK_CONTEXT < len(text) else "")
        ).replace("\n", " ")
    return None


def search(
    db,
    query: str,
    *,
    raw: bool = False,
    since: str | None = None,
    until: str | None = None,
    author: str | None = None,
    category: str | None = None,
    tag: str | None = None,
    site: str | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    duplicates: bool = False,
) -> list[Hit]:
    """Articles matching ``query``, best first (or by date), with a snippet each.

    ``db`` is a sqlite_utils Database or a sqlite3 connection. An empty query matches nothing.
    An article linked as a duplicate of another (``duplicate_of``: a syndicated or near copy) is
    left out unless ``duplicates``: its original stands for it.
    Raises SearchError for a bad date or sort and SearchSyntaxError for a rejected raw query.
    """
    _check_sort(sort)
    match = match_expression(query, raw=raw)
    if not match:
        return []
    clauses, params = filter_clauses(
        Filters(since=since, until=until, author=author, category=category, tag=tag, site=site)
    )
    params.update(match=match, limit=max(0, int(limit)), offset=max(0, int(offset)))
    conn = connection(db)
    if not duplicates and _has_duplicates(conn):
        # "+": never walk the duplicate_of index for this (nearly every row is NULL there); a
        # date sort must keep walking published_at.
        clauses.append("+a.duplicate_of is null")
    try:
        if sort == "relevance":
            page = _ranked_page(conn, clauses, params)
        else:
            page = _dated_page(conn, clauses, params, sort)
        return _hits(conn, page, match, "" if raw else query)
    except sqlite3.OperationalError as error:
        if raw:
            raise _syntax_error(error, query) from None
        raise
