"""Write the sample site as static files, for any static web server.

Every page that has a path of its own is written: ``/2023/09/slug/`` becomes
``2023/09/slug/index.html``, feeds become ``feed/index.xml`` and ``feed/atom/index.xml``,
sitemaps and ``robots.txt`` keep their names (no sitemap is written with ``sitemaps=False``), and
the themed 404 page is ``404.html``.

Not covered (a static server cannot answer them): anything that depends on the query string
(``/?p=ID`` shortlinks and draft previews, ``?s=`` search, ``?m=`` calendars, the REST API and
oEmbed), redirects (slash-less URLs), conditional requests beyond what the server itself does, and
the endless variants traps. Links are absolute to ``site.base_url``; serve the directory there.
"""

from __future__ import annotations

import math
from pathlib import Path

from .model import SampleSite


def site_paths(site: SampleSite) -> list[str]:
    """Every path of the site that answers 200 without a query string."""
    index = site.index
    size = site.posts_per_page
    listings = ["/"] + [f"/{key}/" for key in index.archives]
    paths = []
    for base in listings:
        posts = index.home if base == "/" else index.archives[base.strip("/")]
        pages = max(1, math.ceil(len(posts) / size))
        paths.append(base)
        paths += [f"{base}page/{k}/" for k in range(2, pages + 1)]
    paths += list(index.by_path) + list(index.attachments)
    paths += ["/feed/", "/feed/atom/", "/comments/feed/", "/robots.txt"]
    paths += [
        f"/category/{key.split('/', 1)[1]}/feed/"
        for key in index.archives
        if key.startswith("category/")
    ]
    if site.sitemaps:
        paths += _sitemap_paths(site)
    return paths


def _sitemap_paths(site: SampleSite) -> list[str]:
    published = site.index.published
    paths = [
        "/wp-sitemap.xml",
        "/sitemap_index.xml",
        "/category-sitemap.xml",
        "/post_tag-sitemap.xml",
        "/author-sitemap.xml",
        "/wp-sitemap-taxonomies-category-1.xml",
        "/wp-sitemap-taxonomies-post_tag-1.xml",
        "/wp-sitemap-users-1.xml",
    ]
    paths += [
        f"/wp-sitemap-posts-post-{k}.xml" for k in range(1, math.ceil(len(published) / 2000) + 1)
    ]
    paths += ["/post-sitemap.xml"] + [
        f"/post-sitemap{k}.xml" for k in range(2, math.ceil(len(published) / 1000) + 1)
    ]
    return paths


def _file_for(path: str) -> str:
    if not path.endswith("/"):
        return path.lstrip("/")
    name = "index.xml" if path.endswith("/feed/") or path.endswith("/feed/atom/") else "index.html"
    return f"{path.lstrip('/')}{name}"


def write_static(site: SampleSite, directory: str | Path, base_url: str | None = None) -> list[str]:
    """Render every page into ``directory``; returns the relative file names written."""
    if base_url:
        site.set_base_url(base_url)
    root = Path(directory)
    written = []
    for path in site_paths(site):
        response = site.render(path, {})
        target = root / _file_for(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.body)
        written.append(_file_for(path))
    (root / "404.html").write_bytes(site.render("/404-not-found/", {}).body)
    written.append("404.html")
    return written
