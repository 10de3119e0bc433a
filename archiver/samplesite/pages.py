# ruff: noqa: E501 -- HTML/XML templates keep one element per line, as WordPress prints them
"""HTML of the sample site: tagDiv Newspaper theme markup with WordPress core and Jetpack parts.

Each public function returns a whole HTML document as ``str``. The chrome (header date line,
menu, sidebar widgets, footer, Jetpack subscribe overlay) is what a reader of megalopreneur.com
sees around every article; an extractor must leave all of it out. Shared fragments are cached on
the site per ``state`` (``site.cached``) because the sidebar is the same on every page.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import random
from datetime import date, datetime
from html import escape

from . import prose, weight
from .model import Attachment, Post, SampleSite

LANG = "en-US"
DEFAULT_ROBOTS = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"
CHROME_PHRASES = (
    "Latest Posts",
    "Stay in touch",
    "To be updated with all the latest news, offers and special announcements.",
    "Discover more from MegaloPreneur",
    "Subscribe now to keep reading and get access to the full archive.",
    "Continue reading",
)


def human_date(moment: date | datetime) -> str:
    """ "September 22, 2023", as WordPress prints dates."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def header_date(day: date) -> str:
    """The header's "Wednesday, July 24, 2024" line: the day of viewing, not of publication."""
    return f"{day:%A}, {human_date(day)}"


def slug(name: str) -> str:
    return prose.slugify(name)


def post_jsonld_type(post: Post) -> str:
    """Opinion-style sections are BlogPosting, the rest NewsArticle (both occur on WordPress)."""
    return "BlogPosting" if "Leadership" in post.categories else "NewsArticle"


def excerpt(post: Post, words: int = 30) -> str:
    text = (post.paragraphs[0] if post.paragraphs else post.caption).split()
    return " ".join(text[:words]) + (" […]" if len(text) > words else "")


def image_url(site: SampleSite, post: Post) -> str:
    return site.url(f"/wp-content/uploads/{post.published:%Y/%m}/{post.slug[:40]}-696x392.jpg")


def comments_for(post: Post) -> list[tuple[int, str, str, datetime]]:
    """Two reader comments per post: (comment id, name, text, date)."""
    rng = random.Random(f"comments:{post.id}")
    comments = []
    for k in (1, 2):
        name, text = prose.make_comment(rng)
        comments.append((post.id * 10 + k, name, text, post.published.replace(minute=k * 7)))
    return comments


# ------------------------------------------------------------------------- chrome


def _header(site: SampleSite) -> str:
    latest = site.index.published[:3]
    ticker = "".join(
        f'<div class="td-trending-now-post"><a class="td-trending-now-title" '
        f'href="{site.url(p.path)}">{escape(p.title)}</a></div>'
        for p in latest
    )
    menu = "".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
        f'<a href="{site.url(f"/category/{slug(c)}/")}">{escape(c)}</a>'
        f"{weight.mega_menu(site, c) if site.page_kb else ''}</li>"
        for c in site.categories
    )
    return f"""<div class="td-header-wrap td-header-style-1">
<div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu">
<div class="top-bar-style-1"><div class="td-header-sp-top-menu">
<div class="td_data_time"><div style="visibility:visible;">{header_date(site.today)}</div></div>
</div></div></div></div>
<div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap"><div class="td-container td-header-row td-header-header">
<div class="td-header-sp-logo"><a class="td-main-logo" href="{site.url("/")}"><img class="td-retina-data" src="{site.url("/wp-content/uploads/2021/04/logo.png")}" alt="MegaloPreneur" width="272" height="90"/><span class="td-visual-hidden">{prose.SITE_NAME}</span></a></div>
</div></div>
<div class="td-header-menu-wrap-full td-container-wrap"><div class="td-header-menu-wrap td-header-gradient"><div class="td-container td-header-row td-header-main-menu">
<div id="td-header-menu" role="navigation"><div class="menu-main-menu-container"><ul id="menu-main-menu" class="sf-menu">
<li class="menu-item menu-item-type-custom menu-item-object-custom current-menu-item menu-item-home"><a href="{site.url("/")}">Home</a></li>{menu}
</ul></div></div>
<div class="header-search-wrap"><form method="get" class="td-search-form" action="{site.url("/")}"><input class="needsclick" id="td-header-search" type="text" value="" name="s" autocomplete="off"/><input class="wpb_button wpb_btn-inverse btn" type="submit" id="td-header-search-top" value="Search"/></form></div>
</div></div></div>
<div class="td-trending-now-wrapper" id="js-trending-now-header"><div class="td-trending-now-title">Latest Posts</div><div class="td-trending-now-display-area">{ticker}</div></div>
</div>"""


def _widget(title: str, body: str, css: str) -> str:
    return (
        f'<aside class="td_block_template_1 widget {css}">'
        f'<h4 class="block-title"><span>{title}</span></h4>{body}</aside>'
    )


def _post_list(site: SampleSite, posts: list[Post]) -> str:
    items = "".join(
        f'<li><a href="{site.url(p.path)}">{escape(p.title)}</a>'
        f'<span class="post-date">{human_date(p.published)}</span></li>'
        for p in posts
    )
    return f"<ul>{items}</ul>"


def _sidebar(site: SampleSite) -> str:
    published = site.index.published
    rng = random.Random(f"popular:{site.seed}:{site.chrome_version}")
    popular = rng.sample(published[:60], min(4, len(published[:60])))
    months = sorted({p.published.strftime("%Y/%m") for p in published}, reverse=True)
    archive_links = "".join(
        f'<li><a href="{site.url(f"/{m}/")}">{datetime.strptime(m, "%Y/%m"):%B %Y}</a></li>'
        for m in months
    )
    category_links = "".join(
        f'<li class="cat-item"><a href="{site.url(f"/category/{slug(c)}/")}">{escape(c)}</a> '
        f"({len(site.index.archives.get(f'category/{slug(c)}', []))})</li>"
        for c in site.categories
    )
    newsletter = (
        '<div class="td_block_wrap tdb_newsletter td-pb-border-top">'
        '<div class="tds-newsletter-wrap"><div class="tds-title"><h3>Stay in touch</h3></div>'
        '<div class="tds-messages">To be updated with all the latest news, offers and special '
        "announcements.</div>"
        f'<form class="tds-form" action="{site.url("/")}" method="post">'
        '<input type="email" name="email" placeholder="Your email address"/>'
        '<button type="submit">Subscribe</button></form></div></div>'
    )
    widgets = [
        _widget("Latest Posts", _post_list(site, published[:5]), "widget_recent_entries"),
        newsletter,
        _widget("Popular", _post_list(site, popular), "td_block_popular"),
        _widget("Categories", f"<ul>{category_links}</ul>", "widget_categories"),
        _widget("Archives", f"<ul>{archive_links}</ul>", "widget_archive"),
        _editors_picks(site),
    ]
    if site.variants:
        widgets.append(_calendar_widget(site))
    if site.page_kb:
        widgets.append(weight.sidebar_widgets(site, comments_for))
    return (
        '<div class="td-pb-span4 td-main-sidebar" role="complementary">'
        f'<div class="td-ss-main-sidebar">{"".join(widgets)}</div></div>'
    )


def _editors_picks(site: SampleSite) -> str:
    """Links a logged-in editor's widget leaks: previews, private posts, aliases and traps."""
    items = "".join(
        f'<li class="pick-{kind}"><a href="{escape(site.url(path))}">{kind.replace("_", " ")}</a></li>'
        for kind, paths in site.variant_urls.items()
        for path in paths
    )
    return _widget("Editor's Picks", f"<ul>{items}</ul>", "widget_editors_picks")


def _calendar_widget(site: SampleSite) -> str:
    previous = date(site.today.year, site.today.month, 1).replace(day=1)
    prev_month = (previous.month - 2) % 12 + 1
    prev_year = previous.year - (1 if previous.month == 1 else 0)
    return _widget(
        "Calendar",
        f'<div id="calendar_wrap" class="calendar_wrap"><table id="wp-calendar" '
        f'class="wp-calendar-table"><caption>{site.today:%B %Y}</caption></table>'
        '<nav aria-label="Previous and next months" class="wp-calendar-nav">'
        f'<span class="wp-calendar-nav-prev"><a href="{site.url(f"/?m={prev_year}{prev_month:02d}")}">'
        f"&laquo; {date(prev_year, prev_month, 1):%b}</a></span></nav>"
        f'<a class="events-calendar" href="{site.url(f"/calendar/{site.today:%Y/%m}/")}">'
        "Events calendar</a></div>",
        "widget_calendar",
    )


def _footer(site: SampleSite) -> str:
    return f"""<div class="td-footer-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-footer-info"><div class="footer-text-wrap">{prose.SITE_NAME}: {prose.SITE_TAGLINE}. Contact us: <a href="mailto:editor@megalopreneur.com">editor@megalopreneur.com</a></div>
<div class="footer-social-wrap td-social-style-2"><a href="https://twitter.com/megalopreneur" class="td-social-icon-wrap">Twitter</a> <a href="https://www.facebook.com/megalopreneur" class="td-social-icon-wrap">Facebook</a></div></div>
</div></div></div>
<div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-pb-span td-sub-footer-copy">&copy; Copyright {site.today.year} - {prose.SITE_NAME}. All Rights Reserved.</div>
</div></div></div>"""


SUBSCRIBE_MODAL = """<div class="jetpack-subscribe-modal" id="jetpack-subscribe-modal"><div class="jetpack-subscribe-modal__modal-content">
<div class="wp-block-group"><h2 class="wp-block-heading has-text-align-center">Discover more from MegaloPreneur</h2>
<p class="has-text-align-center">Subscribe now to keep reading and get access to the full archive.</p>
<div class="wp-block-jetpack-subscriptions__container"><form action="#" method="post" name="jetpack_subscriptions_widget"><input type="email" name="email" placeholder="Type your email…"/><button type="submit" name="jetpack_subscriptions_widget">Subscribe</button></form></div>
<p class="has-text-align-center jetpack-subscribe-modal__close"><a href="#">Continue reading</a></p></div></div></div>"""


def document(
    site: SampleSite,
    *,
    title: str,
    canonical: str,
    body_class: str,
    main: str,
    og_type: str = "website",
    description: str = "",
    robots: str = DEFAULT_ROBOTS,
    head_extra: str = "",
    jsonld: dict | None = None,
) -> str:
    """A whole page: head meta, the theme chrome around ``main``, the subscribe overlay; with
    ``site.page_kb`` the heavy theme parts of ``weight`` too, padded to the page's size."""
    header = site.cached(("fragment", "header"), _header)
    sidebar = site.cached(("fragment", "sidebar"), _sidebar)
    footer = site.cached(("fragment", "footer"), _footer)
    full_title = f"{title} - {prose.SITE_NAME}" if title else prose.SITE_NAME
    mobile_menu = ""
    if site.page_kb:
        head_extra += weight.head_assets(site)
        mobile_menu = weight.mobile_menu(site) + "\n"
        footer = weight.footer_widgets(site) + "\n" + footer
        if jsonld and "@graph" in jsonld:
            crumb = weight.breadcrumb_node(site, canonical, title or prose.SITE_NAME)
            jsonld = {**jsonld, "@graph": [*jsonld["@graph"], crumb]}
    graph = (
        f'<script type="application/ld+json" class="yoast-schema-graph">'
        f"{json.dumps(jsonld, ensure_ascii=False)}</script>"
        if jsonld
        else ""
    )
    page = f"""<!doctype html >
<html lang="{LANG}">
<head>
<title>{escape(full_title)}</title>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="robots" content="{robots}" />
<link rel="canonical" href="{escape(canonical)}" />
<meta property="og:locale" content="en_US" />
<meta property="og:type" content="{og_type}" />
<meta property="og:title" content="{escape(full_title)}" />
<meta property="og:description" content="{escape(description)}" />
<meta property="og:url" content="{escape(canonical)}" />
<meta property="og:site_name" content="{prose.SITE_NAME}" />
<meta name="twitter:card" content="summary_large_image" />
{head_extra}{graph}
<link rel="alternate" type="application/rss+xml" title="{prose.SITE_NAME} &raquo; Feed" href="{site.url("/feed/")}" />
<link rel="https://api.w.org/" href="{site.url("/wp-json/")}" />
<link rel="stylesheet" id="td-theme-css" href="{site.url("/wp-content/themes/Newspaper/style.css")}" type="text/css" media="all" />
</head>
<body class="{body_class} td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
{mobile_menu}<div id="td-outer-wrap" class="td-theme-wrap">
{header}
<div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
{main}
</div></div>
{sidebar}
</div></div></div>
{footer}
</div>
{SUBSCRIBE_MODAL}
</body>
</html>
"""
    if not site.page_kb:
        return page
    missing = weight.target_bytes(site.page_kb, canonical) - len(page.encode())
    style, script = weight.padding(site, missing)
    return page.replace("</head>\n", style + "</head>\n", 1).replace(
        "</body>\n", script + "</body>\n", 1
    )


# ------------------------------------------------------------------------- posts


def _post_graph(site: SampleSite, post: Post, canonical: str) -> dict:
    base = site.url("/")
    author_id = f"{base}#/schema/person/{hashlib.md5(post.author.encode()).hexdigest()}"
    words = sum(len(p.split()) for p in post.paragraphs)
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": post_jsonld_type(post),
                "@id": f"{canonical}#article",
                "isPartOf": {"@id": canonical},
                "author": {"name": post.author, "@id": author_id},
                "headline": post.title,
                "datePublished": post.published.isoformat(),
                "dateModified": post.modified.isoformat(),
                "mainEntityOfPage": {"@id": canonical},
                "wordCount": words,
                "publisher": {"@id": f"{base}#organization"},
                "image": {"@id": f"{canonical}#primaryimage"},
                "thumbnailUrl": image_url(site, post),
                "keywords": post.tags,
                "articleSection": post.categories,
                "inLanguage": LANG,
            },
            {
                "@type": "WebPage",
                "@id": canonical,
                "url": canonical,
                "name": f"{post.title} - {prose.SITE_NAME}",
                "isPartOf": {"@id": f"{base}#website"},
                "datePublished": post.published.isoformat(),
                "dateModified": post.modified.isoformat(),
                "inLanguage": LANG,
            },
            {
                "@type": "ImageObject",
                "@id": f"{canonical}#primaryimage",
                "url": image_url(site, post),
                "width": 696,
                "height": 392,
            },
            _website_node(site),
            {
                "@type": "Organization",
                "@id": f"{base}#organization",
                "name": prose.SITE_NAME,
                "url": base,
            },
            {
                "@type": "Person",
                "@id": author_id,
                "name": post.author,
                "url": site.url(f"/author/{slug(post.author)}/"),
            },
        ],
    }


def _website_node(site: SampleSite) -> dict:
    base = site.url("/")
    return {
        "@type": "WebSite",
        "@id": f"{base}#website",
        "url": base,
        "name": prose.SITE_NAME,
        "description": prose.SITE_TAGLINE,
        "potentialAction": [
            {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{base}?s={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            }
        ],
        "inLanguage": LANG,
    }


def post_body_html(site: SampleSite, post: Post) -> str:
    """The entry content as WordPress stores it: subtitle heading, paragraphs, attachment; an
    image post's content is its captioned photo."""
    if post.format == "image":
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" '
            f'src="{image_url(site, post)}" alt="" width="1024" height="683"/>'
            f'<figcaption class="wp-element-caption">{escape(post.caption)}</figcaption></figure>'
        )
    parts = [f'<h2 class="wp-block-heading">{escape(post.subtitle)}</h2>'] if post.subtitle else []
    parts += [f"<p>{escape(p)}</p>" for p in post.paragraphs]
    for attachment in site.attachments:
        if attachment.post is post:
            parts.insert(
                min(3, len(parts)),
                f'<figure class="wp-block-image size-large"><a href="{site.url(attachment.path)}">'
                f'<img decoding="async" src="{site.url(_attachment_src(attachment))}" '
                f'alt="" class="wp-image-{attachment.id}" width="1024" height="576"/></a></figure>',
            )
    return "\n".join(parts)


def _attachment_src(attachment: Attachment) -> str:
    return f"/wp-content/uploads/{attachment.post.published:%Y/%m}/{attachment.name}.jpg"


def _share_buttons(site: SampleSite, post: Post) -> str:
    link = site.url(post.path)
    buttons = "".join(
        f'<li class="share-{net}"><a rel="nofollow noopener noreferrer" '
        f'data-shared="sharing-{net}-{post.id}" class="share-{net} sd-button share-icon" '
        f'href="{link}?share={net}" target="_blank" title="Click to share on {label}">'
        f"<span>{label}</span></a></li>"
        for net, label in (("twitter", "Twitter"), ("facebook", "Facebook"))
    )
    return (
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
        f'<div class="sd-content"><ul>{buttons}<li class="share-end"></li></ul></div></div></div>'
    )


def _related(site: SampleSite, post: Post) -> str:
    """Jetpack related posts: three neighbours in the post's first category."""
    siblings = site.index.archives.get(f"category/{slug(post.categories[0])}", [])
    # siblings are newest first: bisect on the negated time finds the post's neighbours
    position = bisect.bisect_left(
        siblings, -post.published.timestamp(), key=lambda p: -p.published.timestamp()
    )
    nearby = siblings[max(0, position - 2) : position + 3]
    chosen = [p for p in nearby if p is not post][:3]
    items = "".join(
        f'<div class="jp-relatedposts-post jp-relatedposts-post{k} jp-relatedposts-post-thumbs" '
        f'data-post-id="{p.id}" data-post-format="false"><a class="jp-relatedposts-post-a" '
        f'href="{site.url(p.path)}" title="{escape(p.title)}" rel="nofollow" data-origin="{post.id}" '
        f'data-position="{k}"><img class="jp-relatedposts-post-img" loading="lazy" '
        f'src="{image_url(site, p)}" width="350" height="200" alt="{escape(p.title)}"/></a>'
        f'<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" '
        f'href="{site.url(p.path)}" title="{escape(p.title)}" rel="nofollow">{escape(p.title)}'
        f'</a></h4><p class="jp-relatedposts-post-date">{human_date(p.published)}</p>'
        f'<p class="jp-relatedposts-post-context">In &quot;{escape(p.categories[0])}&quot;</p></div>'
        for k, p in enumerate(chosen)
    )
    return (
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        f'<em>Related</em></h3><div class="jp-relatedposts-items jp-relatedposts-items-visual">'
        f"{items}</div></div>"
    )


def _comments(site: SampleSite, post: Post) -> str:
    link = site.url(post.path)
    items = "".join(
        f'<li class="comment even thread-even depth-1" id="li-comment-{cid}"><article>'
        f'<footer><img alt="" src="https://secure.gravatar.com/avatar/{cid}?s=50" class="avatar" '
        f'height="50" width="50"/><cite><a href="https://example.com/~{slug(name)}" '
        f'rel="external nofollow ugc" class="url">{escape(name)}</a></cite>'
        f'<a class="comment-link" href="{link}#comment-{cid}"><time class="comment-date" '
        f'datetime="{when.isoformat()}">{human_date(when)}</time></a></footer>'
        f'<div class="comment-content"><p>{escape(text)}</p></div>'
        f'<div class="comment-meta" id="comment-{cid}"><a rel="nofollow" class="comment-reply-link" '
        f'href="{link}?replytocom={cid}#respond" data-commentid="{cid}" data-postid="{post.id}" '
        f'aria-label="Reply to {escape(name)}">Reply</a></div></article></li>'
        for cid, name, text, when in comments_for(post)
    )
    return f"""<div class="comments" id="comments">
<div class="td-comments-title-wrap td_block_template_1"><h4 class="block-title"><span>2 COMMENTS</span></h4></div>
<ol class="comment-list">{items}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">LEAVE A REPLY</h3>
<form action="{site.url("/wp-comments-post.php")}" method="post" id="commentform" class="comment-form">
<div class="clearfix"></div><div class="comment-form-input-wrap td-form-comment"><textarea placeholder="Comment:" id="comment" name="comment" cols="45" rows="8" aria-required="true"></textarea></div>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /><input type="hidden" name="comment_post_ID" value="{post.id}" id="comment_post_ID" /></p>
</form></div></div>"""


def _author_box(site: SampleSite, post: Post) -> str:
    author_url = site.url(f"/author/{slug(post.author)}/")
    return (
        '<div class="author-box-wrap about-author"><a href="'
        f'{author_url}"><img alt="" src="https://secure.gravatar.com/avatar/{slug(post.author)}'
        '?s=96" class="avatar avatar-96 photo" height="96" width="96"/></a><div class="desc">'
        f'<div class="td-author-name vcard author"><span class="fn"><a href="{author_url}">'
        f"{escape(post.author)}</a></span></div>"
        f'<div class="td-author-description">{escape(site.authors.get(post.author, ""))}</div>'
        '<div class="clearfix"></div></div></div>'
    )


def _next_prev(site: SampleSite, post: Post) -> str:
    published = site.index.published
    position = site.index.position.get(post.id)
    if position is None:
        return ""
    newer = published[position - 1] if position > 0 else None
    older = published[position + 1] if position + 1 < len(published) else None
    parts = []
    if older:
        parts.append(
            '<div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content">'
            f'<span>Previous article</span><a href="{site.url(older.path)}">{escape(older.title)}'
            "</a></div></div>"
        )
    if newer:
        parts.append(
            '<div class="td-block-span6 td-post-next-post"><div class="td-post-next-prev-content">'
            f'<span>Next article</span><a href="{site.url(newer.path)}">{escape(newer.title)}'
            "</a></div></div>"
        )
    return f'<div class="td-block-row td-post-next-prev">{"".join(parts)}</div>'


def post_page(site: SampleSite, post: Post, *, preview: bool = False) -> str:
    """A single post; drafts (``preview``) get noindex, private posts a "Private: " title."""
    canonical = site.url(post.path)
    title = f"Private: {post.title}" if post.status == "private" else post.title
    category_classes = " ".join(f"category-{slug(c)}" for c in post.categories)
    tag_classes = " ".join(f"tag-{slug(t)}" for t in post.tags)
    categories = "".join(
        f'<li class="entry-category"><a href="{site.url(f"/category/{slug(c)}/")}">'
        f"{escape(c)}</a></li>"
        for c in post.categories
    )
    tags = "".join(
        f'<li><a href="{site.url(f"/tag/{slug(t)}/")}">{escape(t)}</a></li>' for t in post.tags
    )
    published, modified = post.published.isoformat(), post.modified.isoformat()
    author_url = site.url(f"/author/{slug(post.author)}/")
    main = f"""<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="{site.url("/")}">Home</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a class="entry-crumb" href="{site.url(f"/category/{slug(post.categories[0])}/")}">{escape(post.categories[0])}</a></span></div></div>
<article id="post-{post.id}" class="post-{post.id} post type-post status-{post.status} format-{post.format} has-post-thumbnail {category_classes} {tag_classes}" itemscope itemtype="https://schema.org/Article">
<div class="td-post-header">
<ul class="td-category">{categories}</ul>
<header class="td-post-title">
<h1 class="entry-title">{escape(title)}</h1>
<div class="td-module-meta-info">
<div class="td-post-author-name"><div class="td-author-by">By</div> <a href="{author_url}">{escape(post.author)}</a><div class="td-author-line"> - </div></div>
<span class="td-post-date"><time class="entry-date published td-module-date" datetime="{published}">{human_date(post.published)}</time><time class="updated" datetime="{modified}" style="display:none">{human_date(post.modified)}</time></span>
<div class="td-post-comments"><a href="{canonical}#respond"><i class="td-icon-comments"></i>2</a></div>
</div>
</header>
</div>
<div class="td-post-content tagdiv-type">
{weight.share_buttons(site, post, "top") if site.page_kb else ""}
<div class="td-post-featured-image"><a href="{image_url(site, post)}" data-caption=""><img class="entry-thumb" src="{image_url(site, post)}" alt="" title="{escape(post.title)}" width="696" height="392"/></a></div>
<div class="entry-content">
{post_body_html(site, post)}
</div>
{_share_buttons(site, post)}
{weight.share_buttons(site, post, "bottom") if site.page_kb else ""}
{_related(site, post)}
</div>
<footer>
<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{tags}</ul></div>
{_next_prev(site, post)}
{_author_box(site, post)}
</footer>
</article>
{weight.related_block(site, post) if site.page_kb else ""}
{_comments(site, post)}"""
    head = f"""<meta property="article:published_time" content="{published}" />
<meta property="article:modified_time" content="{modified}" />
<meta property="og:image" content="{image_url(site, post)}" />
<meta property="og:image:width" content="696" />
<meta property="og:image:height" content="392" />
<meta name="author" content="{escape(post.author)}" />
<link rel="shortlink" href="{site.url(f"/?p={post.id}")}" />
<link rel="alternate" type="application/json" href="{site.url(f"/wp-json/wp/v2/posts/{post.id}")}" />
"""
    return document(
        site,
        title=title,
        canonical=canonical,
        body_class=(
            f"post-template-default single single-post postid-{post.id} single-format-{post.format}"
            + (f" status-{post.status}" if post.status != "publish" else "")
        ),
        main=main,
        og_type="article",
        description=excerpt(post, 25),
        robots="noindex" if preview else DEFAULT_ROBOTS,
        head_extra=head,
        jsonld=_post_graph(site, post, canonical),
    )


def amp_page(site: SampleSite, post: Post) -> str:
    """The AMP plugin's reader-mode copy: same article, canonical pointing at the post."""
    body = post_body_html(site, post)
    return f"""<!doctype html>
<html amp lang="{LANG}">
<head><meta charset="utf-8"><title>{escape(post.title)} - {prose.SITE_NAME}</title>
<link rel="canonical" href="{site.url(post.path)}" />
<meta name="viewport" content="width=device-width">
<meta property="article:published_time" content="{post.published.isoformat()}" />
<script async src="https://cdn.ampproject.org/v0.js"></script></head>
<body class="amp-wp-body"><header class="amp-wp-header"><a href="{site.url("/")}">{prose.SITE_NAME}</a></header>
<article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">{escape(post.title)}</h1>
<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author author vcard">{escape(post.author)}</span></div>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{post.published.isoformat()}">{human_date(post.published)}</time></div></header>
<div class="amp-wp-article-content">{body}</div></article>
<footer class="amp-wp-footer"><p>&copy; {prose.SITE_NAME}</p></footer></body></html>
"""


def attachment_page(site: SampleSite, attachment: Attachment) -> str:
    canonical = site.url(attachment.path)
    parent = attachment.post
    main = f"""<article id="post-{attachment.id}" class="post-{attachment.id} attachment type-attachment status-inherit">
<div class="td-post-header"><header class="td-post-title"><h1 class="entry-title">{escape(attachment.title)}</h1></header></div>
<div class="td-post-content tagdiv-type"><div class="td-attachment-page-content">
<a href="{site.url(_attachment_src(attachment))}"><img width="1024" height="576" src="{site.url(_attachment_src(attachment))}" class="attachment-full size-full" alt=""/></a>
<p class="wp-caption-text">{escape(attachment.title)}</p></div>
<a href="{site.url(parent.path)}" rel="gallery">Back to: {escape(parent.title)}</a></div>
</article>"""
    return document(
        site,
        title=attachment.title,
        canonical=canonical,
        body_class=(
            f"attachment attachment-template-default single single-attachment "
            f"postid-{attachment.id} attachmentid-{attachment.id} attachment-jpeg"
        ),
        main=main,
        og_type="article",
        head_extra=f'<link rel="shortlink" href="{site.url(f"/?p={attachment.id}")}" />\n',
    )


# ------------------------------------------------------------------------- listings


def page_path(base_path: str, number: int, query: str = "") -> str:
    """``/category/x/`` + page 3 -> ``/category/x/page/3/``; page 1 is the base path."""
    path = base_path if number <= 1 else f"{base_path}page/{number}/"
    return f"{path}?{query}" if query else path


def _module(site: SampleSite, post: Post) -> str:
    link = site.url(post.path)
    return f"""<div class="td_module_10 td_module_wrap td-animation-stack">
<div class="td-module-thumb"><a href="{link}" rel="bookmark" class="td-image-wrap" title="{escape(post.title)}"><img class="entry-thumb" src="{image_url(site, post)}" alt="" width="218" height="150"/></a></div>
<div class="item-details">
<h3 class="entry-title td-module-title"><a href="{link}" rel="bookmark" title="{escape(post.title)}">{escape(post.title)}</a></h3>
<div class="td-module-meta-info"><span class="td-post-author-name"><a href="{site.url(f"/author/{slug(post.author)}/")}">{escape(post.author)}</a> <span>-</span> </span><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.published.isoformat()}">{human_date(post.published)}</time></span></div>
<div class="td-excerpt">{escape(excerpt(post))}</div>
</div></div>"""


def shown_page_numbers(number: int, total: int) -> list[int]:
    """The page numbers core's ``paginate_links`` shows on page ``number`` of ``total``: the
    first, the last and two either side of the current one."""
    return sorted({1, total, *range(number - 2, number + 3)} & set(range(1, total + 1)))


def _pagination(
    site: SampleSite, base_path: str, number: int, total: int, query: str, endless: bool
) -> str:
    """Core ``the_posts_pagination`` numbers plus Older/Newer links; ``endless`` is the
    variants-mode theme bug whose "Older posts" link runs past the last page forever."""
    if total <= 1 and not endless:
        return ""
    shown = shown_page_numbers(number, total)
    links, previous = [], 0
    for k in shown:
        if k - previous > 1:
            links.append('<span class="page-numbers dots">&hellip;</span>')
        if k == number:
            links.append(f'<span aria-current="page" class="page-numbers current">{k}</span>')
        else:
            href = site.url(page_path(base_path, k, query))
            links.append(f'<a class="page-numbers" href="{escape(href)}">{k}</a>')
        previous = k
    nav = []
    if number < total or endless:
        href = escape(site.url(page_path(base_path, number + 1, query)))
        nav.append(f'<div class="nav-previous"><a href="{href}">Older posts</a></div>')
    if number > 1:
        href = escape(site.url(page_path(base_path, number - 1, query)))
        nav.append(f'<div class="nav-next"><a href="{href}">Newer posts</a></div>')
    return (
        '<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">'
        f'Posts navigation</h2><div class="nav-links">{"".join(links)}</div>'
        f'<div class="page-nav td-pb-padding-side">{"".join(nav)}</div></nav>'
    )


def listing_page(
    site: SampleSite,
    *,
    heading: str,
    body_class: str,
    base_path: str,
    posts: list[Post],
    number: int,
    total: int,
    query: str = "",
    robots: str | None = None,
    extra: str = "",
) -> str:
    """Home, archive and search pages: one page of posts with pagination links."""
    endless = site.variants
    paged = f" paged paged-{number}" if number > 1 else ""
    canonical = site.url(page_path(base_path, number, query))
    modules = "".join(_module(site, post) for post in posts) or (
        '<div class="no-results td-pb-padding-side"><h2>Nothing Found</h2>'
        "<p>It seems we can&rsquo;t find what you&rsquo;re looking for.</p></div>"
    )
    rel = []
    if number < total or (endless and posts):
        rel.append(
            f'<link rel="next" href="{escape(site.url(page_path(base_path, number + 1, query)))}" />'
        )
    if number > 1:
        rel.append(
            f'<link rel="prev" href="{escape(site.url(page_path(base_path, number - 1, query)))}" />'
        )
    main = f"""<div class="td-category-header td-container-wrap"><h1 class="entry-title td-page-title">{escape(heading)}</h1></div>
<div class="td-block-row td-listing">{modules}</div>
{_pagination(site, base_path, number, total, query, endless)}{extra}"""
    jsonld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "CollectionPage", "@id": canonical, "url": canonical, "name": heading},
            _website_node(site),
        ],
    }
    return document(
        site,
        title=heading if base_path != "/" or query else "",
        canonical=canonical,
        body_class=body_class + paged,
        main=main,
        description=prose.SITE_TAGLINE,
        head_extra="\n".join(rel) + "\n" if rel else "",
        jsonld=jsonld,
        robots=robots or DEFAULT_ROBOTS,
    )


def not_found_page(site: SampleSite) -> str:
    main = """<div class="td-404-title">Ooops... Error 404</div>
<h1 class="page-title">Nothing Found</h1>
<div class="td-404-sub-title">Sorry, but the page you are looking for doesn't exist.</div>"""
    return document(
        site,
        title="Page not found",
        canonical=site.url("/"),
        body_class="error404",
        main=main,
        robots="noindex, follow",
    )


def login_page(site: SampleSite) -> str:
    return f"""<!DOCTYPE html>
<html lang="{LANG}"><head><meta charset="UTF-8" /><title>Log In &lsaquo; {prose.SITE_NAME} &#8212; WordPress</title>
<meta name="robots" content="noindex, noarchive" /></head>
<body class="login no-js login-action-login wp-core-ui"><div id="login"><h1><a href="https://wordpress.org/">Powered by WordPress</a></h1>
<form name="loginform" id="loginform" action="{site.url("/wp-login.php")}" method="post">
<p><label for="user_login">Username or Email Address</label><input type="text" name="log" id="user_login" /></p>
<p><label for="user_pass">Password</label><input type="password" name="pwd" id="user_pass" /></p>
<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" value="Log In" /></p></form>
<p id="backtoblog"><a href="{site.url("/")}">&larr; Go to {prose.SITE_NAME}</a></p></div></body></html>
"""


def calendar_page(site: SampleSite, year: int, month: int) -> str:
    """The events-calendar plugin's month view: empty, and always linking the month before."""
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    label = date(year, month, 1).strftime("%B %Y")
    main = f"""<div class="tribe-events-calendar"><h1 class="tribe-events-page-title">Events for {label}</h1>
<p class="tribe-events-notices">There were no results found.</p>
<nav class="tribe-events-nav-pagination"><a rel="prev" href="{site.url(f"/calendar/{prev_year:04d}/{prev_month:02d}/")}">&laquo; Previous month</a>
<a rel="next" href="{site.url(f"/calendar/{next_year:04d}/{next_month:02d}/")}">Next month &raquo;</a></nav></div>"""
    return document(
        site,
        title=f"Events for {label}",
        canonical=site.url(f"/calendar/{year:04d}/{month:02d}/"),
        body_class="page-template-default page events-calendar",
        main=main,
    )
