"""The sample site's content model: posts, attachments, generation and mutations.

``SampleSite`` holds the state of a WordPress-like news site. Generation is deterministic in
``seed``; every mutation bumps ``state`` and drops cached renderings, so a server sees the new
content on its next request. Rendering lives in ``routes`` / ``pages`` / ``feeds``; this module
only answers questions about content (which posts are published, in what order, on which path).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from . import prose

SITE_TZ = timezone(timedelta(hours=5, minutes=30), "IST")
SEED_PUBLISHED = datetime(2023, 9, 22, 18, 30, tzinfo=SITE_TZ)
SEED_MODIFIED = datetime(2023, 9, 23, 11, 5, tzinfo=SITE_TZ)
NEWEST_PUBLISHED = datetime(2024, 7, 20, 9, 15, tzinfo=SITE_TZ)
ARCHIVE_SPAN = timedelta(days=4 * 365)
TODAY = date(2024, 7, 24)
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
DRAFTS = 3
PRIVATES = 2
ATTACHMENTS = 3
THEMES = ("newspaper", "twentytwentyone", "twentytwentythree")


@dataclass
class Post:
    """One WordPress post. ``published``/``modified`` are aware datetimes in the site's zone."""

    id: int
    slug: str
    title: str
    subtitle: str
    paragraphs: list[str]
    author: str
    categories: list[str]
    tags: list[str]
    published: datetime
    modified: datetime
    status: str = "publish"  # "publish" | "draft" | "private"
    permalinks: str = "month"  # "month": /YYYY/MM/slug/, "day": /YYYY/MM/DD/slug/
    format: str = "standard"  # WordPress post format: "standard" | "image" (a captioned photo)
    caption: str = ""  # an image post's only text

    @property
    def path(self) -> str:
        day = self.published
        if self.permalinks == "day":
            return f"/{day:%Y/%m/%d}/{self.slug}/"
        return f"/{day:%Y/%m}/{self.slug}/"


@dataclass
class Attachment:
    """A WordPress attachment page: an image linked from its parent post's content."""

    id: int
    post: Post
    name: str
    title: str

    @property
    def path(self) -> str:
        return f"{self.post.path}attachment/{self.name}/"


@dataclass
class Index:
    """Lookups derived from the posts, rebuilt after each mutation."""

    published: list[Post]  # newest first
    home: list[Post]  # ``published`` minus ``home_excludes`` posts: the home loop and main feeds
    by_path: dict[str, Post]  # published and private posts by permalink
    by_id: dict[int, Post]
    archives: dict[str, list[Post]]  # "category/slug", "tag/slug", "author/slug", "2023/09"...
    position: dict[int, int]  # post id -> index in ``published``
    attachments: dict[str, Attachment]
    names: dict[str, str]  # "category/slug" -> display name (also tags, authors)


@dataclass(eq=False, repr=False)
class SampleSite:
    """A deterministic WordPress + tagDiv Newspaper + Jetpack news site (see package docstring).

    ``home_excludes``: category names whose posts the theme leaves out of the home loop (``/``,
    ``/page/N/``, paginated over what is left) and the main feeds (``/feed/``, ``/feed/atom/``),
    as a ``pre_get_posts`` filter on ``is_home() || is_feed()`` does. Their category, tag, author
    and date archives, their own pages, the REST API, the sitemaps and the sidebar and header
    widgets still show them. ``sitemaps=False``: every sitemap URL answers the themed 404 and
    robots.txt names none, like a site with core sitemaps off and no SEO plugin.
    """

    posts: list[Post]
    attachments: list[Attachment]
    seed: int = 1
    permalinks: str = "month"
    variants: bool = False
    posts_per_page: int = 10
    home_excludes: tuple[str, ...] = ()
    sitemaps: bool = True
    page_kb: int = 0  # 0: the light theme; N: the heavy theme parts, pages of ~N KB (``weight``)
    theme: str = "newspaper"  # or a WordPress core theme of ``coretheme`` (THEMES)
    copies: dict[str, tuple[str, str]] = field(default_factory=dict)
    today: date = TODAY
    base_url: str = DEFAULT_BASE_URL
    chrome_version: int = 0
    state: int = 0
    request_log: list = field(default_factory=list)
    next_story: int = 0

    def __post_init__(self) -> None:
        self.authors = dict(prose.AUTHORS)
        self.categories = list(prose.CATEGORIES)
        self.tags = list(prose.TAGS)
        self.lock = threading.RLock()
        self.log_lock = threading.Lock()
        self.cache: dict = {}
        self._index: Index | None = None

    def __repr__(self) -> str:  # the default would print every post
        return (
            f"<SampleSite {len(self.posts)} posts seed={self.seed} permalinks={self.permalinks}"
            f" variants={self.variants} state={self.state} base_url={self.base_url}"
            + (f" home_excludes={self.home_excludes}" if self.home_excludes else "")
            + ("" if self.sitemaps else " sitemaps=False")
            + ">"
        )

    # ----------------------------------------------------------------- generation

    @classmethod
    def generate(
        cls,
        n_posts: int = 300,
        seed: int = 1,
        permalinks: str = "month",
        variants: bool = False,
        posts_per_page: int = 10,
        *,
        home_excludes: tuple[str, ...] = (),
        sitemaps: bool = True,
        page_kb: int = 0,
        theme: str = "newspaper",
        formats: bool = False,
    ) -> SampleSite:
        """Build the site: ``n_posts`` published posts (the seed article among them), plus 3
        drafts, 2 private posts and, with ``variants``, a syndicated and a near-duplicate copy.

        ``home_excludes`` and ``sitemaps`` change only what is shown where, not the posts (see
        ``SampleSite``): the same ``seed`` gives the same posts with any value of them, and of
        ``page_kb`` (the theme's weight, ``weight``) and of ``theme`` (``THEMES``).

        ``formats`` turns two generated posts into the kinds a multilingual WordPress blog has
        besides plain English stories: a Japanese article and an image-format post whose only
        text is its photo's caption (same dates, ids and authors as without it)."""
        if permalinks not in ("month", "day"):
            raise ValueError(f"permalinks must be 'month' or 'day', not {permalinks!r}")
        unknown = sorted(set(home_excludes) - set(prose.CATEGORIES))
        if unknown:
            raise ValueError(f"home_excludes names unknown categories: {unknown}")
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
        if page_kb < 0:
            raise ValueError("page_kb must be 0 (the light theme) or a size in KB")
        if n_posts < 1:
            raise ValueError("n_posts must be at least 1 (the seed article)")
        rng = random.Random(seed)
        generated = n_posts - 1 + DRAFTS + PRIVATES
        gap = ARCHIVE_SPAN / max(generated, 1)
        slugs = {prose.SEED_SLUG}
        posts = [_seed_post(permalinks)]
        for i in range(generated):
            published = _minute(NEWEST_PUBLISHED - gap * i - gap * rng.uniform(0, 0.7))
            if published == SEED_PUBLISHED:
                published -= timedelta(minutes=1)
            posts.append(_story_post(seed, i, published, slugs, permalinks))
        non_seed = posts[1:]
        hidden = rng.sample(non_seed, DRAFTS + PRIVATES)
        for post in hidden[:DRAFTS]:
            post.status = "draft"
        for post in hidden[DRAFTS:]:
            post.status = "private"
        if formats:
            _other_formats(seed, [p for p in non_seed if p.status == "publish"], slugs)
        copies: dict[str, tuple[str, str]] = {}
        if variants:
            visible = [p for p in non_seed if p.status == "publish"] or [posts[0]]
            posts += _copy_posts(rng, visible, slugs, copies)
        _assign_ids(posts)
        candidates = [p for p in non_seed if p.status == "publish" and p.path not in copies]
        attachments = (
            [_attachment(post, k) for k, post in enumerate(rng.sample(candidates, ATTACHMENTS))]
            if len(candidates) >= ATTACHMENTS
            else []
        )
        return cls(
            posts=posts,
            attachments=attachments,
            seed=seed,
            permalinks=permalinks,
            variants=variants,
            posts_per_page=posts_per_page,
            home_excludes=tuple(home_excludes),
            sitemaps=sitemaps,
            page_kb=page_kb,
            theme=theme,
            copies=copies,
            next_story=generated,
        )

    # ----------------------------------------------------------------- queries

    @property
    def index(self) -> Index:
        with self.lock:
            if self._index is None:
                self._index = _build_index(self.posts, self.attachments, self.home_excludes)
            return self._index

    def published_posts(self) -> list[Post]:
        """Published posts, newest first."""
        return list(self.index.published)

    def home_posts(self) -> list[Post]:
        """The published posts the home loop and main feeds show (all without ``home_excludes``)."""
        return list(self.index.home)

    def post_by_slug(self, slug: str) -> Post | None:
        return next((post for post in self.posts if post.slug == slug), None)

    def post_by_id(self, post_id: int) -> Post | None:
        return self.index.by_id.get(post_id)

    def cached(self, key: tuple, build):
        """``build(self)``, computed once per ``state``: the chrome fragments the pages share."""
        if key not in self.cache:
            self.cache[key] = build(self)
        return self.cache[key]

    def url(self, path: str) -> str:
        """Absolute URL of a site path, as WordPress writes links."""
        return self.base_url.rstrip("/") + path

    def distinct_articles(self) -> set[str]:
        """Paths of the published posts an archive should hold, one row each.

        Syndicated and near-duplicate copies are included (they are posts with their own
        canonical URL); ``copies`` says which they are: ``{copy_path: (original_path, kind)}``
        with kind ``"exact"`` or ``"near"``. Drafts, private posts, attachments and every alias in
        ``variant_urls`` are not articles.
        """
        return {post.path for post in self.index.published}

    @property
    def variant_urls(self) -> dict[str, list[str]]:
        """Paths (with query) of the URLs a crawler must not store as new articles, by kind.

        Always present: ``draft_preview``, ``private``, ``attachment``, ``share``,
        ``replytocom``. With ``variants=True`` also: ``tracking``, ``fragment``, ``no_slash``,
        ``percent_encoded``, ``amp``, ``amp_query``, ``syndicated``, ``near_duplicate``,
        ``calendar``, ``past_end``, ``search``, ``post_feed``, ``login``, ``xmlrpc``, ``oembed``.
        All of them are linked from the sidebar's "Editor's Picks" widget on every HTML page.
        """
        index = self.index
        seed = self.post_by_slug(prose.SEED_SLUG)
        host = seed if seed in index.published else (index.published or [None])[0]
        urls = {
            "draft_preview": [
                f"/?p={p.id}&preview=true" for p in self.posts if p.status == "draft"
            ],
            "private": [p.path for p in self.posts if p.status == "private"],
            "attachment": [a.path for a in self.attachments],
            "share": [],
            "replytocom": [],
        }
        if host is None:
            return urls
        path = host.path
        urls["share"] = [f"{path}?share=facebook", f"{path}?share=twitter"]
        urls["replytocom"] = [f"{path}?replytocom={host.id * 10 + 1}#respond"]
        if not self.variants:
            return urls
        other = index.published[len(index.published) // 2]
        last_page = max(1, -(-len(index.home) // self.posts_per_page))
        month = f"{self.today:%Y%m}"
        urls |= {
            "tracking": [
                f"{path}?utm_source=x&utm_medium=y",
                f"{other.path}?utm_source=newsletter&utm_medium=email&utm_campaign=weekly",
            ],
            "share": urls["share"],
            "replytocom": urls["replytocom"] + [f"{path}?replytocom=7"],
            "fragment": [f"{path}#comments"],
            "no_slash": [path.rstrip("/"), other.path.rstrip("/")],
            "percent_encoded": [path.replace(host.slug, host.slug.replace("-", "%2D"))],
            "amp": [f"{path}amp/"],
            "amp_query": [f"{path}?amp=1"],
            "syndicated": [c for c, (_, kind) in self.copies.items() if kind == "exact"],
            "near_duplicate": [c for c, (_, kind) in self.copies.items() if kind == "near"],
            "calendar": [f"/?m={month}", f"/calendar/{self.today:%Y/%m}/"],
            "past_end": [f"/page/{last_page + 1}/"],
            "search": ["/?s=north+korea"],
            "post_feed": [f"{path}feed/"],
            "login": ["/wp-login.php"],
            "xmlrpc": ["/xmlrpc.php"],
            "oembed": [f"/wp-json/oembed/1.0/embed?url={quote(self.url(path), safe='')}"],
        }
        return urls

    # ----------------------------------------------------------------- mutations

    def add_posts(self, n: int, when: datetime | None = None) -> list[Post]:
        """Publish ``n`` new posts, newer than everything on the site (or at ``when``)."""
        with self.lock:
            start = when or self._latest_timestamp() + timedelta(hours=1)
            slugs = {post.slug for post in self.posts}
            next_id = max((post.id for post in self.posts), default=3) + 7
            new_posts = []
            for k in range(n):
                published = (start + timedelta(hours=k)).astimezone(SITE_TZ)
                post = _story_post(self.seed, self.next_story, published, slugs, self.permalinks)
                post.id = next_id + 7 * k
                self.next_story += 1
                new_posts.append(post)
            self.posts += new_posts
            self._changed()
            return new_posts

    def edit_post(
        self,
        post_id: int,
        paragraphs: list[str] | None = None,
        title: str | None = None,
        when: datetime | None = None,
    ) -> Post:
        """Change a post's body and/or title and bump ``modified``.

        Without ``paragraphs`` or ``title`` an "Update (...)" paragraph is appended, as editors
        do. ``modified`` defaults to an hour after the newest timestamp on the site, so a
        crawler asking for ``modified_after=<newest modified it saw>`` finds the edit.
        """
        with self.lock:
            post = self.index.by_id[post_id]
            modified = (when or self._latest_timestamp() + timedelta(hours=1)).astimezone(SITE_TZ)
            if paragraphs is not None:
                post.paragraphs = list(paragraphs)
            if title is not None:
                post.title = title
            if paragraphs is None and title is None:
                rng = random.Random(f"{self.seed}:edit:{post_id}:{modified.isoformat()}")
                stamp = f"{modified:%B} {modified.day}, {modified.year}"
                post.paragraphs = post.paragraphs + [prose.make_update_paragraph(rng, stamp)]
            post.modified = modified
            self._changed()
            return post

    def delete_post(self, post_id: int) -> Post:
        """Delete a post: its permalink answers 404 and it leaves listings, feeds and sitemaps."""
        with self.lock:
            post = self.index.by_id[post_id]
            self.posts.remove(post)
            self.attachments = [a for a in self.attachments if a.post is not post]
            self.copies = {
                copy: (original, kind)
                for copy, (original, kind) in self.copies.items()
                if post.path not in (copy, original)
            }
            self._changed()
            return post

    def touch_chrome(self) -> None:
        """Change only the page chrome (header date, "Popular" widget), not any content."""
        with self.lock:
            self.today += timedelta(days=1)
            self.chrome_version += 1
            self._changed()

    def set_base_url(self, base_url: str) -> None:
        """Absolute links point here (``serve`` sets it to the server's address)."""
        with self.lock:
            self.base_url = base_url if base_url.endswith("/") else base_url + "/"
            self._changed()

    def render(self, path_with_query: str, headers: dict | None = None):
        """Answer one GET request: a ``Response(status, headers, body)``. Pure, no I/O."""
        from .routes import render_request  # routes imports this module

        with self.lock:
            return render_request(self, path_with_query, headers or {})

    def write_static(self, directory, base_url: str | None = None) -> list[str]:
        """Write every page to ``directory`` for a static file server (see ``static``)."""
        from .static import write_static

        return write_static(self, directory, base_url)

    def _latest_timestamp(self) -> datetime:
        return max(max(p.published, p.modified) for p in self.posts)

    def _changed(self) -> None:
        self.state += 1
        self._index = None
        self.cache.clear()


# --------------------------------------------------------------------- helpers


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _seed_post(permalinks: str) -> Post:
    seed = prose.read_seed_article()
    return Post(
        id=0,
        slug=prose.SEED_SLUG,
        title=seed.title,
        subtitle=seed.subtitle,
        paragraphs=list(seed.paragraphs),
        author=prose.SEED_AUTHOR,
        categories=list(prose.SEED_CATEGORIES),
        tags=list(prose.SEED_TAGS),
        published=SEED_PUBLISHED,
        modified=SEED_MODIFIED,
        permalinks=permalinks,
    )


def _story_post(
    seed: int, number: int, published: datetime, slugs: set[str], permalinks: str
) -> Post:
    """Generated post number ``number``; its text depends only on (seed, number)."""
    rng = random.Random(f"{seed}:{number}")
    story = prose.make_story(rng)
    slug = _unique_slug(prose.slugify(story.title), slugs)
    if rng.random() < 0.25:  # a quarter of the stories were corrected days later
        modified = published + timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
    else:
        modified = published + timedelta(minutes=rng.randint(2, 90))
    return Post(
        id=0,
        slug=slug,
        title=story.title,
        subtitle=story.subtitle,
        paragraphs=story.paragraphs,
        author=rng.choice(prose.AUTHORS)[0],
        categories=rng.sample(prose.CATEGORIES, rng.choice((1, 1, 2))),
        tags=rng.sample(prose.TAGS, rng.randint(1, 3)),
        published=published,
        modified=min(modified, max(published, NEWEST_PUBLISHED + timedelta(days=2))),
        permalinks=permalinks,
    )


def _other_formats(seed: int, published: list[Post], slugs: set[str]) -> None:
    """Rewrite two published posts as a Japanese article and an image post (``formats``); a
    random stream of their own, so every other post is the same as without ``formats``."""
    if len(published) < 2:
        return
    rng = random.Random(f"{seed}:formats")
    japanese, photo = rng.sample(published, 2)
    slug, story = rng.choice(prose.JAPANESE_STORIES)
    japanese.title, japanese.subtitle = story.title, story.subtitle
    japanese.paragraphs = list(story.paragraphs)
    japanese.slug = _unique_slug(slug, slugs)
    photo.format, photo.caption, photo.subtitle, photo.paragraphs = (
        "image",
        rng.choice(prose.PHOTO_CAPTIONS),
        "",
        [],
    )


def _unique_slug(slug: str, slugs: set[str]) -> str:
    """WordPress appends -2, -3... when a slug is taken."""
    candidate, n = slug, 2
    while candidate in slugs:
        candidate, n = f"{slug}-{n}", n + 1
    slugs.add(candidate)
    return candidate


def _copy_posts(
    rng: random.Random, visible: list[Post], slugs: set[str], copies: dict
) -> list[Post]:
    """A syndicated exact copy and a near-duplicate of two existing posts, under new slugs."""
    original, near_original = rng.sample(visible, 2) if len(visible) > 1 else visible * 2
    syndicated = Post(
        id=0,
        slug=_unique_slug(original.slug, slugs),
        title=original.title,
        subtitle=original.subtitle,
        paragraphs=list(original.paragraphs),
        author=original.author,
        categories=list(original.categories),
        tags=list(original.tags),
        published=original.published + timedelta(days=2, hours=3),
        modified=original.published + timedelta(days=2, hours=3),
        permalinks=original.permalinks,
    )
    near = Post(
        id=0,
        slug=_unique_slug(f"{near_original.slug}-revised", slugs),
        title=near_original.title,
        subtitle=near_original.subtitle,
        paragraphs=prose.edit_one_sentence(near_original.paragraphs, rng),
        author=near_original.author,
        categories=list(near_original.categories),
        tags=list(near_original.tags),
        published=near_original.published + timedelta(days=1, hours=5),
        modified=near_original.published + timedelta(days=1, hours=6),
        permalinks=near_original.permalinks,
    )
    copies[syndicated.path] = (original.path, "exact")
    copies[near.path] = (near_original.path, "near")
    return [syndicated, near]


def _assign_ids(posts: list[Post]) -> None:
    """WordPress ids grow with creation time and skip numbers (revisions, attachments)."""
    for k, post in enumerate(sorted(posts, key=lambda p: p.published)):
        post.id = 10 + 7 * k


def _attachment(post: Post, k: int) -> Attachment:
    words = post.slug.split("-")[:3]
    return Attachment(
        id=post.id + 1,
        post=post,
        name="-".join(words + ["photo"]),
        title=f"{' '.join(words).title()} photo {k + 1}",
    )


def _build_index(
    posts: list[Post], attachments: list[Attachment], home_excludes: tuple[str, ...] = ()
) -> Index:
    published = sorted(
        (p for p in posts if p.status == "publish"),
        key=lambda p: (p.published, p.id),
        reverse=True,
    )
    excluded = set(home_excludes)  # WP_Query's category__not_in: any excluded category hides it
    home = [p for p in published if not excluded & set(p.categories)] if excluded else published
    archives: dict[str, list[Post]] = {}
    names: dict[str, str] = {}
    for post in published:
        keys = [f"{post.published:%Y}", f"{post.published:%Y/%m}", f"{post.published:%Y/%m/%d}"]
        for taxonomy, values in (
            ("category", post.categories),
            ("tag", post.tags),
            ("author", [post.author]),
        ):
            for name in values:
                key = f"{taxonomy}/{prose.slugify(name)}"
                names[key] = name
                keys.append(key)
        for key in keys:
            archives.setdefault(key, []).append(post)
    return Index(
        published=published,
        home=home,
        by_path={p.path: p for p in posts if p.status in ("publish", "private")},
        by_id={p.id: p for p in posts},
        archives=archives,
        position={p.id: k for k, p in enumerate(published)},
        attachments={a.path: a for a in attachments},
        names=names,
    )
