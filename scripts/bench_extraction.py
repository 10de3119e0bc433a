"""Extraction fidelity and cost on a public labelled collection of real pages, side by side.

The collection is trafilatura's evaluation set (its repository's ``tests/``: ``evaldata.json``
with, per page, text snippets that must be in the main text ("with") and snippets of boilerplate
that must not ("without"), plus the page's date and author where known; the pages under
``eval/`` and ``cache/``). It is fetched outside this repository, see ``scripts/fetch_eval_data.sh``.

A second collection, read when ``--data`` is goose3's ``tests/data/`` directory: goose3's
extraction test pages (``content/``: a page and its expected ``cleaned_text``, the start of its
main text or all of it), older news pages of many sites (2010-2015: AOL, BusinessWeek, CNN,
Engadget, MSN...) that this project was not tuned on. Each page's expected text gives its "with"
snippets, one per paragraph (its first ``GOOSE_SNIPPET_CHARS`` characters); it has no "without"
snippets, dates or authors, so it measures found text and pages returned None.

Every page goes through, in the same run:

- ours: ``archiver.extraction.extract_article`` (None for a page it does not call an article);
- "ours, every page": our main text, date and authors on every page whatever its type (what the
  text, date and author rules give where classification would have stopped the page);
- stock ``trafilatura.extract`` with trafilatura's own evaluation options (no comments, tables);
- stock ``trafilatura.bare_extraction`` (with metadata: its date and author are scored too);
- ``htmldate.find_date`` (``original_date=True``), for the dates.

Text is scored the way trafilatura's evaluation scores it: a "with" snippet found in the output
is a true positive, one missing a false negative, a "without" snippet found a false positive
(boilerplate that leaked: the "chrome leaks" column). A page returned None loses all its "with"
snippets. Dates: the labelled day against the first ten characters of the answer. Authors: the
labelled author string against the answer's authors joined by "; " (how trafilatura joins them),
case and spacing ignored ("authors"), and the same names in any order ("author names": label and
answer both split at "; ", ",", "/", "&", "and", "und", "et", "y", so that a label written
"A and B" matches the list ["A", "B"] and the answer "A, B"). Titles, categories and tags
where labelled: the title string, and the set of category or tag names, case and spacing
ignored (a page labelled ``[]`` is not scored: the collection leaves them empty unlabelled).
CPU-ms per page is ``time.process_time`` around each call, after a warm-up (``warm_up``) that
pays the tools' one-time costs first, reported on its own line.

Usage: ``python scripts/bench_extraction.py --data DIR [--limit N] [--details FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import trafilatura
from htmldate import find_date
from htmldate.extractors import get_external_parser
from trafilatura.external import try_justext

from archiver.extraction import dates, extract_article, metadata
from archiver.extraction.extract import main_text
from archiver.extraction.metadata import read_json_ld
from archiver.extraction.pagetype import classify
from archiver.extraction.parsing import parse_html

TEXT_TOOLS = ("ours", "ours, every page", "extract", "bare_extraction")
DATE_TOOLS = ("ours", "ours, every page", "bare_extraction", "htmldate")
AUTHOR_TOOLS = ("ours", "ours, every page", "bare_extraction")
METADATA_FIELDS = ("title", "categories", "tags")
_STOCK_OPTIONS = {"include_comments": False, "include_tables": True}
_LABELLED_DAY = re.compile(r"((?:19|20)\d{2})\D(\d{1,2})\D(\d{1,2})")
_WHITESPACE = re.compile(r"\s+")
GOOSE_SNIPPET_CHARS = 80
_NAME_LIST_SEPARATORS = re.compile(r"\s*(?:[;,/&]|\b(?:and|und|et|y)\b)\s*")


@dataclass
class Page:
    url: str
    html: bytes
    label: dict


@dataclass
class Answer:
    text: str | None = None
    date: str | None = None
    author: str | None = None
    cpu_ms: float | None = None  # None: not timed
    # title, categories, tags: scored where the collection labels them (``score_metadata``)
    metadata: dict[str, object] = field(default_factory=dict)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    none: int = 0
    leaky_pages: int = 0
    cpu_ms: list[float] = field(default_factory=list)

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def norm(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def labelled_day(value: object) -> str | None:
    """The day of a label such as "2020-01-28" or "2022-01.26" (as labelled), None if none."""
    match = _LABELLED_DAY.search(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def labelled_author(value: object) -> str | None:
    if isinstance(value, list):
        value = "; ".join(value)
    return norm(value).casefold() if isinstance(value, str) and value.strip() else None


def labelled_value(name: str, value: object) -> object:
    """A title, or the set of a page's category or tag names, compared case and spacing
    ignored; None when unlabelled (an empty list is taken for unlabelled too: the collection
    gives ``[]`` on pages whose terms nobody wrote down)."""
    if name == "title":
        return labelled_author(value)
    if not isinstance(value, list):
        return None
    names = frozenset(norm(item).casefold() for item in value if isinstance(item, str))
    return (names - {""}) or None


def author_names(author: str | None) -> frozenset[str]:
    """The names in a ``labelled_author`` string, however the list was written."""
    return frozenset(filter(None, _NAME_LIST_SEPARATORS.split(author or "")))


def load_collection(data: Path, limit: int | None) -> list[Page]:
    """The labelled pages of ``data``: trafilatura's ``tests/`` directory, or goose3's
    ``tests/data/`` (``load_goose3``)."""
    if not (data / "evaldata.json").is_file():
        return load_goose3(data, limit)
    labels = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(labels)[:limit]:
        label = labels[url]
        path = next(
            (
                data / sub / label["file"]
                for sub in ("cache", "eval")
                if (data / sub / label["file"]).is_file()
            ),
            None,
        )
        if path is not None:
            pages.append(Page(url, path.read_bytes(), label))
    return pages


def load_goose3(data: Path, limit: int | None) -> list[Page]:
    """goose3's extraction test pages (``content/*.html`` beside their ``.json``), labelled with
    their expected text's paragraphs as "with" snippets."""
    pages = []
    for expected_file in sorted((data / "content").glob("*.json"))[:limit]:
        page_file = expected_file.with_suffix(".html")
        test = json.loads(expected_file.read_text(encoding="utf-8"))
        text = test.get("expected", {}).get("cleaned_text") or ""
        snippets = [norm(p)[:GOOSE_SNIPPET_CHARS] for p in text.split("\n") if norm(p)]
        if page_file.is_file() and snippets:
            label = {"file": page_file.name, "with": snippets, "without": []}
            pages.append(Page(test["url"], page_file.read_bytes(), label))
    return pages


def _timed(call):
    start = time.process_time()
    result = call()
    return result, (time.process_time() - start) * 1000


def run_ours(page: Page, fetched_at: str) -> Answer:
    article, cpu_ms = _timed(lambda: extract_article(page.html, page.url, fetched_at))
    if article is None:
        return Answer(cpu_ms=cpu_ms)
    terms = {"title": article.title, "categories": article.categories, "tags": article.tags}
    return Answer(article.text, article.published_at, "; ".join(article.authors), cpu_ms, terms)


def run_ours_every_page(page: Page, fetched_at: str) -> Answer:
    """Our main text, date and authors whatever the page type (what classification gates)."""
    tree = parse_html(page.html)
    if tree is None:
        return Answer()
    json_ld = read_json_ld(tree)
    scope = metadata.article_scope(tree)
    fetched = datetime.fromisoformat(fetched_at)
    published, _ = dates.published_date(dates.DatedPage(tree, json_ld, scope, fetched), page.url)
    authors = "; ".join(metadata.authors(tree, json_ld, scope))
    # The teasers the classifier found are pruned as in extract_article, whatever the type.
    verdict = classify(tree, json_ld, page.url)
    teasers = verdict.teasers
    text = main_text(tree, page.url, keep_tree=False, teasers=teasers)
    terms = {
        # as extract_article titles a page: the headline the classifier found, else metadata
        "title": verdict.headline
        or metadata.title(tree, json_ld, metadata.site_name(tree, json_ld)),
        "categories": metadata.categories(tree, json_ld, scope),
        "tags": metadata.tags(tree, json_ld, scope),
    }
    return Answer(text or None, published, authors, metadata=terms)


def run_extract(page: Page) -> Answer:
    text, cpu_ms = _timed(lambda: trafilatura.extract(page.html, url=page.url, **_STOCK_OPTIONS))
    return Answer(text=text, cpu_ms=cpu_ms)


def run_bare_extraction(page: Page) -> Answer:
    document, cpu_ms = _timed(
        lambda: trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, **_STOCK_OPTIONS
        )
    )
    if document is None:
        return Answer(cpu_ms=cpu_ms)
    terms = {name: getattr(document, name) for name in METADATA_FIELDS}
    return Answer(document.text, document.date, document.author, cpu_ms, terms)


def run_htmldate(page: Page) -> Answer:
    found, cpu_ms = _timed(lambda: find_date(page.html, url=page.url, original_date=True))
    return Answer(date=found, cpu_ms=cpu_ms)


def why_none(page: Page) -> str:
    """Why ours returned None: the page did not parse, is not an article (and the evidence that
    said so), or had too little text."""
    tree = parse_html(page.html)
    if tree is None:
        return "unparseable"
    verdict = classify(tree, read_json_ld(tree), page.url)
    if verdict.page_type == "article":
        return "text empty or short"
    # What rejected it: "wp:page", "entries" (a listing's entries), "error-page"...
    evidence = verdict.evidence[0].split(":")[0] if verdict.evidence else "no evidence"
    evidence = verdict.evidence[0] if evidence in ("wp", "json-ld") else evidence
    return f"classified {verdict.page_type} ({evidence})"


def warm_up(page: Page, fetched_at: str) -> float:
    """Pay the one-time costs before any call is timed; the CPU seconds that took.

    dateparser, which htmldate calls for a date written in words (for ours and for
    bare_extraction's metadata alike), compiles about 1,100 regular expressions on the first
    string no locale parses (~2 s, once per process): untimed, it fell on whichever tool met such
    a string first, ours, which runs first on each page. justext, trafilatura's last fallback,
    builds its stop-word set of every language on its first page of unknown language (~0.2 s,
    once per process), which fell the same way. Then every tool once on the first page.
    """
    start = time.process_time()
    get_external_parser().get_date_data("xyzzy 12 2021")
    try_justext(parse_html("<html><body><p>A page in no language.</p></body></html>"), None, None)
    run_ours(page, fetched_at)
    run_ours_every_page(page, fetched_at)
    run_extract(page)
    run_bare_extraction(page)
    run_htmldate(page)
    return time.process_time() - start


def score_text(score: Score, label: dict, answer: Answer) -> dict:
    text = norm(answer.text) if answer.text else None
    withs = [norm(snippet) for snippet in label["with"]]
    withouts = [norm(snippet) for snippet in label["without"]]
    found = [snippet for snippet in withs if text and snippet in text]
    leaked = [snippet for snippet in withouts if text and snippet in text]
    score.tp += len(found)
    score.fn += len(withs) - len(found)
    score.fp += len(leaked)
    score.none += text is None
    score.leaky_pages += bool(leaked)
    if answer.cpu_ms is not None:
        score.cpu_ms.append(answer.cpu_ms)
    return {"missing": [s for s in withs if s not in found], "leaked": leaked}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run(pages: list[Page], details_file: Path | None) -> str:
    fetched_at = datetime.now(timezone.utc).isoformat()
    text_scores = {tool: Score() for tool in TEXT_TOOLS}
    dates = {tool: {"right": 0, "wrong": 0, "none": 0} for tool in DATE_TOOLS}
    authors = {tool: {"right": 0, "wrong": 0, "none": 0} for tool in AUTHOR_TOOLS}
    names = {tool: {"right": 0, "wrong": 0, "none": 0} for tool in AUTHOR_TOOLS}
    terms = {
        name: {tool: {"right": 0, "wrong": 0, "none": 0} for tool in AUTHOR_TOOLS}
        for name in METADATA_FIELDS
    }
    reasons: dict[str, int] = {}
    details = []
    warm_up_s = warm_up(pages[0], fetched_at)
    for page in pages:
        answers = {
            "ours": run_ours(page, fetched_at),
            "ours, every page": run_ours_every_page(page, fetched_at),
            "extract": run_extract(page),
            "bare_extraction": run_bare_extraction(page),
            "htmldate": run_htmldate(page),
        }
        row = {"url": page.url, "file": page.label["file"]}
        for tool in TEXT_TOOLS:
            row[tool] = score_text(text_scores[tool], page.label, answers[tool])
        if answers["ours"].text is None:
            row["ours"]["none"] = why_none(page)
            reasons[row["ours"]["none"]] = reasons.get(row["ours"]["none"], 0) + 1
        day = labelled_day(page.label.get("date"))
        if day:
            row["date"] = day
            for tool in DATE_TOOLS:
                found = answers[tool].date
                outcome = "none" if not found else "right" if found[:10] == day else "wrong"
                dates[tool][outcome] += 1
                row[f"{tool}_date"] = found
        author = labelled_author(page.label.get("author"))
        if author:
            row["author"] = author
            for tool in AUTHOR_TOOLS:
                found = labelled_author(answers[tool].author)
                outcome = "none" if not found else "right" if found == author else "wrong"
                authors[tool][outcome] += 1
                same = author_names(found) == author_names(author)
                names[tool]["none" if not found else "right" if same else "wrong"] += 1
                row[f"{tool}_author"] = found
        for name in METADATA_FIELDS:
            label = labelled_value(name, page.label.get(name))
            if label is None:
                continue
            for tool in AUTHOR_TOOLS:
                found = labelled_value(name, answers[tool].metadata.get(name))
                terms[name][tool][
                    "none" if not found else "right" if found == label else "wrong"
                ] += 1
                row[f"{tool}_{name}"] = sorted(found) if isinstance(found, frozenset) else found
        details.append(row)
    if details_file is not None:
        details_file.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in details), "utf-8"
        )
    return report(len(pages), warm_up_s, text_scores, dates, authors, names, terms, reasons)


def report(
    n_pages: int, warm_up_s: float, text_scores, dates, authors, names, terms, reasons
) -> str:
    lines = [f"{n_pages} pages (warm-up first: {warm_up_s:.1f} CPU-s, untimed)", ""]
    lines.append(
        f"{'text':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'None':>5} {'leaks':>6} "
        f"{'leaky pages':>11} {'CPU-ms/page':>11} {'median':>7}"
    )
    for tool, score in text_scores.items():
        mean_ms = f"{sum(score.cpu_ms) / len(score.cpu_ms):.1f}" if score.cpu_ms else "-"
        median_ms = f"{median(score.cpu_ms):.1f}" if score.cpu_ms else "-"
        lines.append(
            f"{tool:<18} {score.f1():>6.3f} {score.precision():>6.3f} {score.recall():>6.3f} "
            f"{score.none:>5} {score.fp:>6} {score.leaky_pages:>11} {mean_ms:>11} {median_ms:>7}"
        )
    if reasons:
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        lines.append(f"ours None: {why}")
    tables = [("dates (day)", dates), ("authors", authors), ("author names", names)]
    tables += [(name, terms[name]) for name in METADATA_FIELDS]
    for title, table in tables:
        if not any(sum(counts.values()) for counts in table.values()):
            continue  # a collection without such labels (goose3's)
        lines.append("")
        lines.append(
            f"{title:<18} {'labelled':>8} {'right':>6} {'share':>6} {'wrong':>6} {'None':>6}"
        )
        for tool, counts in table.items():
            total = sum(counts.values())
            share = counts["right"] / total if total else 0.0
            lines.append(
                f"{tool:<18} {total:>8} {counts['right']:>6} {share:>6.3f} "
                f"{counts['wrong']:>6} {counts['none']:>6}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="trafilatura's tests/ directory (evaldata.json, eval/, cache/) or goose3's tests/data/",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--details", type=Path, default=None, help="write per-page JSON lines here")
    args = parser.parse_args(argv)
    if not ((args.data / "evaldata.json").is_file() or (args.data / "content").is_dir()):
        print(
            f"bench_extraction: no evaldata.json nor content/ in {args.data}"
            " (see scripts/fetch_eval_data.sh)",
            file=sys.stderr,
        )
        return 2
    pages = load_collection(args.data, args.limit)
    if not pages:
        print(f"bench_extraction: no labelled page found under {args.data}", file=sys.stderr)
        return 2
    print(run(pages, args.details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
