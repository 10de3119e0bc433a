"""Pure extraction: a fetched page in, an ``Article`` (or None) out. No Scrapy, no storage.

- ``extract_article(html, url, fetched_at) -> Article | None`` (``extract``)
- ``classify_page(html_or_tree, url) -> PageType`` and the cheap ``classify_tree(tree)``
  (``pagetype``)
- fingerprints for exact and near-duplicate detection (``fingerprint``)
- the site chrome pruned before and after trafilatura, as data (``chrome``)
"""

from archiver.extraction.article import Article
from archiver.extraction.extract import MIN_ARTICLE_WORDS, extract_article
from archiver.extraction.pagetype import PageType, classify_page, classify_tree

__all__ = [
    "MIN_ARTICLE_WORDS",
    "Article",
    "PageType",
    "classify_page",
    "classify_tree",
    "extract_article",
]
