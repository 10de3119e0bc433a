"""What the full-text index holds, and how a user's words become an FTS5 query for it.

``articles_fts`` indexes the headline, the text, the authors, categories and tags (JSON text: the
tokenizer drops the brackets and quotes), and ``cjk_segments``. The unicode61 tokenizer splits
words at spaces and punctuation, but Chinese and Japanese leave no space between words, so a
whole clause of them is one token and a word inside it matches nothing. ``cjk_segments`` holds the
indexed fields again with every run of CJK characters (Han, kana, Hangul) cut into overlapping
pairs ("東京都庁" -> "東京 京都 都庁 庁"), the usual bigram indexing of search engines without a
dictionary; a query cuts its CJK runs the same way and asks for the pairs as a phrase, so a word
of any length matches where it occurs, and only there. The column is NULL for an article without
CJK characters, which costs nothing in the index.

Both the writer (``storage.writes``) and the readers (``storage.search``, the Datasette plugin)
use these functions, so what is indexed and what is asked always agree.
"""

from __future__ import annotations

from archiver.cjk import CJK_RUN

# Indexed columns of articles_fts, in the order bm25 weights are given.
FTS_COLUMNS = ["title", "text", "authors", "categories", "tags", "cjk_segments"]
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# bm25 weights, one per FTS_COLUMNS entry: a word in the headline counts ten times one in the
# text; authors, categories and tags are the editors' own subject words.
BM25_WEIGHTS = (10.0, 1.0, 5.0, 5.0, 5.0, 1.0)
TEXT_COLUMN = FTS_COLUMNS.index("text")


def has_cjk(text: str | None) -> bool:
    return bool(text) and CJK_RUN.search(text) is not None


def _pairs(run: str) -> list[str]:
    """The overlapping pairs of a run, then its last character alone.

    The lone last character lets a one-character query (a prefix query) find a character that
    ends a run as well as one that starts a pair.
    """
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def cjk_segments(*fields: str | None) -> str | None:
    """The fields with their CJK runs cut into pairs, for the index; None without CJK text."""
    joined = "\n".join(field for field in fields if field)
    if not has_cjk(joined):
        return None
    return CJK_RUN.sub(lambda run: " " + " ".join(_pairs(run.group())) + " ", joined)


def match_term(term: str) -> str:
    """One user term (or phrase) as an FTS5 string that matches it literally.

    A term without CJK characters is quoted as it is. A CJK run becomes the phrase of its pairs
    (the index holds the same pairs in the same order); a single CJK character becomes a prefix
    query, since the index holds it only as the first of a pair or the end of a run.
    """
    if not has_cjk(term):
        return '"' + term.replace('"', '""') + '"'
    runs = list(CJK_RUN.finditer(term))
    parts: list[str] = []
    position = 0
    for run in runs:
        parts.append(term[position : run.start()])
        chars = run.group()
        parts.extend(chars[i : i + 2] for i in range(max(1, len(chars) - 1)))
        position = run.end()
    parts.append(term[position:])
    phrase = " ".join(part.strip() for part in parts if part.strip())
    last = runs[-1]
    prefix = " *" if last.end() == len(term) and len(last.group()) == 1 else ""
    return '"' + phrase.replace('"', '""') + '"' + prefix


def quote_query(query: str) -> str:
    """Each whitespace-separated term as a literal FTS5 string: all terms must match."""
    return " ".join(match_term(term) for term in query.split())
