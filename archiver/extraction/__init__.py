"""Pure extraction: a fetched page in, an ``Article`` (or None) out. No Scrapy, no storage.

- ``extract_article(html, url, fetched_at) -> Article | None`` (``extract``)
- ``classify_page(html_or_tree, url) -> PageType`` and the cheap ``classify_tree(tree)``
  (``pagetype``)
- fingerprints for exact and near-duplicate detection (``fingerprint``)
- the site chrome pruned before and after trafilatura, as data (``chrome``)

Names are loaded on first use: the crawl process needs only the light parts (``classify_tree``,
``Article``, fingerprints), and ``extract`` loads trafilatura with its dependencies (babel,
justext...: ~20 MB) into a process that never extracts; only the extraction workers do.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archiver.extraction.article import Article
    from archiver.extraction.extract import MIN_ARTICLE_WORDS, extract_article
    from archiver.extraction.pagetype import PageType, classify_page, classify_tree

# public name -> the submodule defining it
_SOURCES = {
    "MIN_ARTICLE_WORDS": "extract",
    "Article": "article",
    "PageType": "pagetype",
    "classify_page": "pagetype",
    "classify_tree": "pagetype",
    "extract_article": "extract",
}
__all__ = [
    "MIN_ARTICLE_WORDS",
    "Article",
    "PageType",
    "classify_page",
    "classify_tree",
    "extract_article",
]


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_SOURCES[name]}"), name)
