"""An article's identity and past: look it up by any URL it was seen under, list and diff revisions.

The ``revisions`` table keeps the versions an article had *before* each change; the current
version lives in ``articles``. ``revisions()`` returns them oldest first with the current version
last, so version numbers read like a history: 1 is the first text ever archived.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from storage.search import connection


@dataclass(frozen=True)
class Version:
    """One version of an article's text; ``number`` counts from 1 (the oldest)."""

    number: int
    title: str | None
    text: str
    modified_at: str | None
    fetched_at: str | None
    fingerprint: str | None
    current: bool


def _row_dict(cursor, row) -> dict:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def article_by_id(db, article_id: int) -> dict | None:
    """The articles row with this id, as a dict, or None."""
    cursor = connection(db).execute("select * from articles where id = ?", (article_id,))
    row = cursor.fetchone()
    return _row_dict(cursor, row) if row else None


def article_by_url(db, url: str, *, canonical_url: str | None = None) -> dict | None:
    """The article stored under ``url`` (canonical or a recorded alias) or ``canonical_url``.

    ``canonical_url`` is the caller's canonical form of ``url`` (storage does not canonicalise, so
    the CLI passes ``archiver.urls.canonicalize(url)``); it finds articles under a never-seen alias.
    """
    conn = connection(db)
    for candidate in dict.fromkeys(u for u in (url, canonical_url) if u):
        row = conn.execute("select id from articles where url = ?", (candidate,)).fetchone()
        if row is None:
            row = conn.execute(
                "select article_id from aliases where url = ?", (candidate,)
            ).fetchone()
        if row is not None:
            return article_by_id(db, row[0])
    return None


def articles_at_path(db, path: str) -> dict[int, str]:
    """{article id: archived URL} of the articles seen under a URL whose path is ``path`` (with
    its ``?query``, if any), on any host, for a user who typed only the path."""
    escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    cursor = connection(db).execute(
        "select a.id, a.url, aliases.url from aliases join articles a on a.id = aliases.article_id "
        "where aliases.url like ? escape '\\' order by a.id",
        ("%" + escaped,),
    )
    return {article_id: url for article_id, url, seen_as in cursor if _path_of(seen_as) == path}


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def aliases(db, article_id: int) -> list[dict]:
    """Every URL the article was seen under, oldest first."""
    cursor = connection(db).execute(
        "select url, kind, first_seen from aliases where article_id = ? order by first_seen, url",
        (article_id,),
    )
    return [_row_dict(cursor, row) for row in cursor]


def revisions(db, article_id: int) -> list[Version]:
    """All versions of an article, oldest first; the last one is the current text."""
    conn = connection(db)
    past = conn.execute(
        "select title, text, modified_at, fetched_at, fingerprint from revisions "
        "where article_id = ? order by replaced_at, id",
        (article_id,),
    ).fetchall()
    current = conn.execute(
        "select title, text, modified_at, last_fetched, fingerprint from articles where id = ?",
        (article_id,),
    ).fetchone()
    rows = [*past, *([current] if current else [])]
    return [
        Version(
            number=index,
            title=title,
            text=text or "",
            modified_at=modified_at,
            fetched_at=fetched_at,
            fingerprint=fingerprint,
            current=current is not None and index == len(rows),
        )
        for index, (title, text, modified_at, fetched_at, fingerprint) in enumerate(rows, 1)
    ]


def _paragraph_lines(version: Version) -> list[str]:
    # One diff line per paragraph: a changed sentence shows its paragraph, not a wall of text.
    paragraphs = [p.strip() for p in version.text.split("\n\n") if p.strip()]
    return [f"# {version.title or ''}\n", *(p + "\n" for p in paragraphs)]


def diff_revisions(a: Version, b: Version) -> str:
    """A unified diff from version ``a`` to ``b``, one line per paragraph (title first)."""
    lines: Iterable[str] = difflib.unified_diff(
        _paragraph_lines(a),
        _paragraph_lines(b),
        fromfile=f"version {a.number} ({a.fetched_at or 'unknown'})",
        tofile=f"version {b.number} ({b.fetched_at or 'unknown'})",
        n=1,
    )
    return "".join(lines)
