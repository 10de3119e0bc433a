"""A small real archive for the read-side tests (search, show, history, stats, export, Datasette).

Built through the crawler's own writer (``storage.ArchiveWriter``) from Article dicts, over two
crawl runs: run 1 archives five articles, run 2 revises one of them. The seed article is the page
that started the project (MegaloPreneur, India and the Quad), its text read from the bundled
``archiver/samplesite/seed-page.txt`` without the site chrome.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from archiver.extraction.article import Article
from archiver.extraction.fingerprint import content_fingerprint, simhash64
from storage.writes import ArchiveWriter

SEED_URL = "https://megalopreneur.com/2023/09/india-quad-message-russia-north-korea-arms-deals/"
SEED_SHORTLINK = "https://megalopreneur.com/?p=4242"
SEED_TITLE = "India Joins Quad Nations in Message to Russia Over Arms Deals with North Korea"
SEED_PAGE = Path(__file__).parents[1] / "archiver" / "samplesite" / "seed-page.txt"
REVISED_URL = "https://megalopreneur.com/2024/02/startup-funding-winter-thaws/"
UNDATED_URL = "https://megalopreneur.com/about-our-newsroom/"


def seed_text() -> str:
    """The seed article's paragraphs: the long lines of the page, which chrome never is."""
    lines = [line.strip() for line in SEED_PAGE.read_text(encoding="utf-8").splitlines()]
    return "\n\n".join(line for line in lines if len(line) > 120 and not line.startswith("#"))


def _article(url: str, title: str, text: str, **fields) -> dict:
    fields.setdefault("fetched_at", "2024-07-24T10:00:00+00:00")
    article = Article(
        url=url,
        title=title,
        text=text,
        fetched_url=url,
        word_count=len(text.split()),
        fingerprint=content_fingerprint(title, text),
        simhash=simhash64(text),
        site_name="MegaloPreneur",
        language="en-US",
        **fields,
    )
    return {"article": asdict(article), "html": f"<html><body>{text}</body></html>",
            "status": 200, "content_type": "text/html"}  # fmt: skip


def _paragraphs(*sentences: str) -> str:
    return "\n\n".join(sentences)


def first_run_articles() -> list[dict]:
    return [
        _article(
            SEED_URL,
            SEED_TITLE,
            seed_text(),
            authors=["Mohit Sharma"],
            published_at="2023-09-22T10:15:00+05:30",
            published_source="json-ld",
            categories=["World", "Politics"],
            tags=["India", "Quad", "North Korea"],
            shortlink=SEED_SHORTLINK,
        ),
        _article(
            REVISED_URL,
            "Startup Funding Winter Thaws as Investors Return",
            _paragraphs(
                "Venture investors wrote larger cheques in the first quarter than at any time "
                "since the downturn began, according to figures compiled by analysts.",
                "Founders in fintech and climate technology drew most of the new money.",
            ),
            authors=["Priya Nair"],
            published_at="2024-02-05T08:00:00+00:00",
            categories=["Business"],
            tags=["Funding"],
        ),
        _article(
            "https://megalopreneur.com/2023/11/quarterly-earnings-season-review/",
            "Earnings Season Review: Retailers Beat Expectations",
            _paragraphs(
                "Large retailers reported stronger quarterly earnings than analysts expected.",
                "Several chains mentioned the Quad summit only in passing while discussing "
                "supply routes to India.",
            ),
            authors=["Priya Nair", "Mohit Sharma"],
            published_at="2023-11-14T12:30:00+00:00",
            categories=["Business"],
            tags=["Earnings"],
        ),
        _article(
            "https://megalopreneur.com/2024/03/solar-microgrids-rural-india/",
            "Solar Microgrids Bring Night Markets to Rural India",
            _paragraphs(
                "Village cooperatives are installing solar microgrids and batteries.",
                "Shops that used to close at sunset now trade late into the evening, "
                "and café owners report résumés arriving from nearby towns.",
            ),
            authors=["Anjali Rao"],
            published_at="2024-03-09T07:45:00+05:30",
            categories=["Energy"],
            tags=["Solar", "India"],
        ),
        _article(
            UNDATED_URL,
            "About Our Newsroom",
            _paragraphs(
                "Our newsroom covers entrepreneurship, markets and geopolitics.",
                "Corrections are published at the foot of each story.",
            ),
            authors=["Editorial Team"],
            categories=["Pages"],
        ),
    ]


def second_run_articles() -> list[dict]:
    revised = _article(
        REVISED_URL,
        "Startup Funding Winter Thaws as Investors Return",
        _paragraphs(
            "Venture investors wrote larger cheques in the first quarter than at any time "
            "since the downturn began, according to figures compiled by analysts.",
            "Founders in fintech, climate technology and robotics drew most of the new money.",
        ),
        authors=["Priya Nair"],
        published_at="2024-02-05T08:00:00+00:00",
        modified_at="2024-02-06T09:00:00+00:00",
        categories=["Business"],
        tags=["Funding"],
        fetched_at="2024-07-25T10:00:00+00:00",
    )
    return [revised]


def build_archive(path: Path) -> Path:
    """Write the two-run test archive at ``path`` and return the path."""
    with ArchiveWriter(path) as writer:
        for pages in (first_run_articles(), second_run_articles()):
            run_id = writer.start_run("megalopreneur", "full", "https://megalopreneur.com/")
            writer.write_batch([{**page, "run_id": run_id} for page in pages])
            writer.finish_run(run_id, "finished", {"requests_total": len(pages)}, {})
    return path
