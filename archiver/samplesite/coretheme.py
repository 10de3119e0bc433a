# ruff: noqa: E501 -- HTML templates keep one element per line, as WordPress prints them
"""HTML of the sample site in WordPress's own default themes: Twenty Twenty-One and Twenty Twenty-Three.

The same posts as ``pages`` renders in the tagDiv theme, as core WordPress 6.4 prints them with
no SEO plugin: no JSON-LD, no Open Graph, no ``<meta name="author">``. What a crawler learns of a
post is the markup each theme gives it, and the two themes disagree in the ways real sites do:

* Twenty Twenty-One (classic theme): ``<time class="entry-date published">``, a ``rel="author"``
  byline, categories as ``rel="category tag"``, tags as ``rel="tag"``, and an author bio box whose
  link reads "View all of NAME's posts." (chrome: never the author's name).
* Twenty Twenty-Three (block theme): ``wp-block-post-date``, the author's name as plain text in
  ``wp-block-post-author__name``, and categories and tags both as ``rel="tag"`` links, told apart
  only by their ``taxonomy-category`` / ``taxonomy-post_tag`` blocks.

``post_page`` and ``listing_page`` take the arguments of their ``pages`` namesakes; ``routes``
picks the module by ``site.theme``.
"""

from __future__ import annotations

from html import escape

from . import prose
from .model import Post, SampleSite
from .pages import (
    SUBSCRIBE_MODAL,
    comments_for,
    excerpt,
    human_date,
    image_url,
    page_path,
    post_body_html,
    shown_page_numbers,
    slug,
)

WP_VERSION = "6.4.3"
SEPARATOR = "&#8211;"  # the en dash wp_get_document_title puts between title parts


def _head(
    site: SampleSite, title: str, *, canonical: str = "", post: Post | None = None, robots: str = ""
) -> str:
    theme_css = (
        f"<link rel='stylesheet' id='twenty-twenty-one-style-css' href='{site.url('/wp-content/themes/twentytwentyone/style.css')}?ver=2.1' media='all' />"
        if site.theme == "twentytwentyone"
        else "<style id='wp-block-site-title-inline-css'>.wp-block-site-title a{color:inherit}</style>"
    )
    singular = ""
    if post is not None:
        singular = (
            f'<link rel="alternate" type="application/json" href="{site.url(f"/wp-json/wp/v2/posts/{post.id}")}" />\n'
            f'<link rel="canonical" href="{escape(canonical)}" />\n'
            f"<link rel='shortlink' href='{site.url(f'/?p={post.id}')}' />\n"
        )
    return f"""<!doctype html>
<html lang="en-US">
<head>
	<meta charset="UTF-8" />
	<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name='robots' content='{robots or "max-image-preview:large"}' />
<title>{title}</title>
<link rel="alternate" type="application/rss+xml" title="{prose.SITE_NAME} &raquo; Feed" href="{site.url("/feed/")}" />
<link rel='stylesheet' id='wp-block-library-css' href='{site.url("/wp-includes/css/dist/block-library/style.min.css")}?ver={WP_VERSION}' media='all' />
{theme_css}
<link rel="https://api.w.org/" href="{site.url("/wp-json/")}" />
<meta name="generator" content="WordPress {WP_VERSION}" />
{singular}</head>
"""


def _document_title(*parts: str) -> str:
    return f" {SEPARATOR} ".join(escape(part) for part in parts if part)


def _menu_items(site: SampleSite) -> list[tuple[str, str]]:
    return [(name, site.url(f"/category/{slug(name)}/")) for name in site.categories[:4]]


def _recent(site: SampleSite) -> list[Post]:
    return site.index.published[:5]


def _tt1_document(site: SampleSite, head: str, body_class: str, main: str, *, home: bool) -> str:
    title_tag = "h1" if home else "p"  # the front page's site title is its <h1> in this theme
    menu = "".join(
        f'<li class="menu-item"><a href="{href}">{escape(name)}</a></li>'
        for name, href in _menu_items(site)
    )
    recent = "".join(
        f'<li><a href="{site.url(p.path)}">{escape(p.title)}</a></li>' for p in _recent(site)
    )
    categories = "".join(
        f'<li class="cat-item"><a href="{site.url(f"/category/{slug(name)}/")}">{escape(name)}</a></li>'
        for name in site.categories
    )
    return f"""{head}
<body class="{body_class} wp-embed-responsive is-light-theme no-js has-main-navigation">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header has-title-and-tagline has-menu">
	<div class="site-branding">
		<{title_tag} class="site-title"><a href="{site.url("/")}">{prose.SITE_NAME}</a></{title_tag}>
		<p class="site-description">{escape(prose.SITE_TAGLINE)}</p>
	</div>
	<nav id="site-navigation" class="primary-navigation" aria-label="Primary menu">
		<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">{menu}</ul></div>
	</nav>
</header>
	<div id="content" class="site-content">
		<div id="primary" class="content-area">
			<main id="main" class="site-main">
{main}
			</main><!-- #main -->
		</div><!-- #primary -->
	</div><!-- #content -->
	<aside class="widget-area">
		<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{site.url("/")}"><label for="search-form-1">Search&hellip;</label><input type="search" id="search-form-1" class="search-field" value="" name="s" /><input type="submit" class="search-submit" value="Search" /></form></section>
		<section id="recent-posts-2" class="widget widget_recent_entries"><h2>Recent Posts</h2><nav aria-label="Recent Posts"><ul>{recent}</ul></nav></section>
		<section id="categories-2" class="widget widget_categories"><h2>Categories</h2><nav aria-label="Categories"><ul>{categories}</ul></nav></section>
	</aside><!-- .widget-area -->
	<footer id="colophon" class="site-footer">
		<div class="site-info">
			<div class="site-name"><a href="{site.url("/")}">{prose.SITE_NAME}</a></div>
			<div class="powered-by">Proudly powered by <a href="https://wordpress.org/">WordPress</a>.</div>
		</div><!-- .site-info -->
	</footer><!-- #colophon -->
</div><!-- #page -->
{SUBSCRIBE_MODAL}
</body>
</html>
"""


def _tt3_document(site: SampleSite, head: str, body_class: str, main: str) -> str:
    menu = "".join(
        f'<li class=" wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" href="{href}"><span class="wp-block-navigation-item__label">{escape(name)}</span></a></li>'
        for name, href in _menu_items(site)
    )
    return f"""{head}
<body class="{body_class} wp-embed-responsive">
<div class="wp-site-blocks"><header class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">
<div class="wp-block-group alignwide is-content-justification-space-between is-layout-flex wp-block-group-is-layout-flex"><p class="wp-block-site-title"><a href="{site.url("/")}" target="_self" rel="home">{prose.SITE_NAME}</a></p>
<nav class="is-responsive items-justified-right wp-block-navigation is-layout-flex" aria-label="Header navigation"><ul class="wp-block-navigation__container is-responsive items-justified-right wp-block-navigation">{menu}</ul></nav></div>
</div>
</header>
<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow" style="margin-top:var(--wp--preset--spacing--50)">
{main}
</main>
<footer class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">
<div class="wp-block-group alignwide is-content-justification-space-between is-layout-flex wp-block-group-is-layout-flex"><p class="wp-block-site-title"><a href="{site.url("/")}" target="_self" rel="home">{prose.SITE_NAME}</a></p>
<p class="has-text-align-right">Proudly powered by <a href="https://wordpress.org" rel="nofollow">WordPress</a></p></div>
</div>
</footer></div>
{SUBSCRIBE_MODAL}
</body>
</html>
"""


def _term_links(site: SampleSite, taxonomy: str, names: list[str], rel: str, separator: str) -> str:
    return separator.join(
        f'<a href="{site.url(f"/{taxonomy}/{slug(name)}/")}" rel="{rel}">{escape(name)}</a>'
        for name in names
    )


def _post_classes(post: Post) -> str:
    return " ".join(
        [f"post-{post.id} post type-post status-{post.status} format-{post.format} hentry"]
        + [f"category-{slug(c)}" for c in post.categories]
        + [f"tag-{slug(t)}" for t in post.tags]
    )


def _neighbours(site: SampleSite, post: Post) -> tuple[Post | None, Post | None]:
    """(older, newer) published neighbours, for the post navigation."""
    published, position = site.index.published, site.index.position.get(post.id)
    if position is None:
        return None, None
    older = published[position + 1] if position + 1 < len(published) else None
    return older, published[position - 1] if position > 0 else None


def _comments(site: SampleSite, post: Post, block: bool) -> str:
    link = site.url(post.path)
    comments = comments_for(post)
    heading = f"{len(comments)} thoughts on &ldquo;{escape(post.title)}&rdquo;"
    if block:
        items = "".join(
            f'<li id="comment-{cid}" class="comment even thread-even depth-1"><div class="wp-block-comment-author-name"><a rel="external nofollow ugc" href="https://example.com/~{slug(name)}">{escape(name)}</a></div>'
            f'<div class="wp-block-comment-date"><time datetime="{when.isoformat()}"><a href="{link}#comment-{cid}">{human_date(when)}</a></time></div>'
            f'<div class="wp-block-comment-content"><p>{escape(text)}</p></div></li>'
            for cid, name, text, when in comments
        )
        return f"""<div class="wp-block-comments wp-block-comments-query-loop"><h2 class="wp-block-comments-title">{heading}</h2>
<ol class="wp-block-comment-template">{items}</ol>
<div id="respond" class="comment-respond wp-block-post-comments-form"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3><form action="{site.url("/wp-comments-post.php")}" method="post" id="commentform" class="comment-form"><p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="8" required="required"></textarea></p><p class="form-submit wp-block-button"><input name="submit" type="submit" id="submit" class="wp-block-button__link wp-element-button" value="Post Comment" /></p></form></div>
</div>"""
    items = "".join(
        f'<li id="comment-{cid}" class="comment even thread-even depth-1"><article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">'
        f'<b class="fn"><a href="https://example.com/~{slug(name)}" class="url" rel="ugc external nofollow">{escape(name)}</a></b> <span class="says">says:</span></div>'
        f'<div class="comment-metadata"><a href="{link}#comment-{cid}"><time datetime="{when.isoformat()}">{human_date(when)}</time></a></div></footer>'
        f'<div class="comment-content"><p>{escape(text)}</p></div></article></li>'
        for cid, name, text, when in comments
    )
    return f"""<div id="comments" class="comments-area default-max-width show-avatars">
	<h2 class="comments-title">{heading}</h2>
	<ol class="comment-list">{items}</ol>
	<div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">Leave a comment</h2><form action="{site.url("/wp-comments-post.php")}" method="post" id="commentform" class="comment-form"><p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="5" required></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p></form></div>
</div><!-- #comments -->"""


def _tt1_post(site: SampleSite, post: Post, title: str) -> str:
    author_url = site.url(f"/author/{slug(post.author)}/")
    older, newer = _neighbours(site, post)
    nav = "".join(
        f'<div class="nav-{side}"><a href="{site.url(p.path)}" rel="{rel}"><p class="meta-nav">{label}</p><p class="post-title">{escape(p.title)}</p></a></div>'
        for side, rel, label, p in (
            ("previous", "prev", "Previous post", older),
            ("next", "next", "Next post", newer),
        )
        if p is not None
    )
    return f"""<article id="post-{post.id}" class="{_post_classes(post)} entry">
	<header class="entry-header alignwide">
		<h1 class="entry-title">{escape(title)}</h1>	</header>
	<div class="entry-content">
{post_body_html(site, post)}
	</div><!-- .entry-content -->
	<footer class="entry-footer default-max-width">
		<div class="posted-by"><span class="posted-on">Published <time class="entry-date published updated" datetime="{post.published.isoformat()}">{human_date(post.published)}</time></span><span class="byline">By <a href="{author_url}" rel="author">{escape(post.author)}</a></span></div><div class="post-taxonomies"><span class="cat-links">Categorized as {_term_links(site, "category", post.categories, "category tag", ", ")} </span><span class="tags-links">Tagged {_term_links(site, "tag", post.tags, "tag", ", ")}</span></div>	</footer><!-- .entry-footer -->
	<div class="author-bio show-avatars">
		<img alt='' src='https://secure.gravatar.com/avatar/{slug(post.author)}?s=85' class='avatar avatar-85 photo' height='85' width='85' loading='lazy' decoding='async'/>		<div class="author-bio-content">
			<h2 class="author-title">By {escape(post.author)}</h2>
			<p class="author-description"> {escape(site.authors.get(post.author, ""))}</p>
			<a class="author-link" href="{author_url}" rel="author">View all of {escape(post.author)}&#039;s posts.</a>
		</div><!-- .author-bio-content -->
	</div><!-- .author-bio -->
</article><!-- #post-{post.id} -->
{_comments(site, post, block=False)}
	<nav class="navigation post-navigation" aria-label="Posts">
		<h2 class="screen-reader-text">Post navigation</h2>
		<div class="nav-links">{nav}</div>
	</nav>"""


def _tt3_post(site: SampleSite, post: Post, title: str) -> str:
    older, newer = _neighbours(site, post)
    nav = "".join(
        f'<div class="post-navigation-link-{side} wp-block-post-navigation-link"><a href="{site.url(p.path)}" rel="{rel}">{escape(p.title)}</a></div>'
        for side, rel, p in (("previous", "prev", older), ("next", "next", newer))
        if p is not None
    )
    return f"""<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">
<h1 style="margin-bottom:var(--wp--preset--spacing--40);" class="wp-block-post-title">{escape(title)}</h1>
</div>
<div class="entry-content wp-block-post-content has-global-padding is-layout-constrained wp-block-post-content-is-layout-constrained">
{post_body_html(site, post)}
</div>
<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="margin-top:var(--wp--preset--spacing--70)">
<div class="wp-block-template-part">
<div class="wp-block-group is-layout-flow wp-block-group-is-layout-flow">
<div class="wp-block-group is-content-justification-left is-layout-flex wp-block-group-is-layout-flex">
<p>Posted</p>
<div class="wp-block-post-date"><time datetime="{post.published.isoformat()}"><a href="{site.url(post.path)}">{human_date(post.published)}</a></time></div>
<p>in</p>
<div class="taxonomy-category wp-block-post-terms">{_term_links(site, "category", post.categories, "tag", '<span class="wp-block-post-terms__separator">, </span>')}</div>
</div>
<div class="wp-block-post-author"><div class="wp-block-post-author__avatar"><img alt='' src='https://secure.gravatar.com/avatar/{slug(post.author)}?s=48' class='avatar avatar-48 photo' height='48' width='48' /></div><div class="wp-block-post-author__content"><p class="wp-block-post-author__byline">Written by</p><p class="wp-block-post-author__name">{escape(post.author)}</p><p class="wp-block-post-author__bio">{escape(site.authors.get(post.author, ""))}</p></div></div>
<div class="taxonomy-post_tag wp-block-post-terms">{_term_links(site, "tag", post.tags, "tag", '<span class="wp-block-post-terms__separator">, </span>')}</div>
</div>
</div>
</div>
{_comments(site, post, block=True)}
<nav class="wp-block-group alignwide is-content-justification-space-between is-nowrap is-layout-flex wp-block-group-is-layout-flex" aria-label="Posts">{nav}</nav>"""


def post_page(site: SampleSite, post: Post, *, preview: bool = False) -> str:
    """A single post in ``site.theme``; drafts (``preview``) get noindex, private posts a
    "Private: " title, as core prints them."""
    title = f"Private: {post.title}" if post.status == "private" else post.title
    canonical = site.url(post.path)
    head = _head(
        site,
        _document_title(title, prose.SITE_NAME),
        canonical=canonical,
        post=post,
        robots="noindex, nofollow" if preview else "",
    )
    body_class = (
        f"post-template-default single single-post postid-{post.id} single-format-{post.format}"
    )
    if site.theme == "twentytwentyone":
        return _tt1_document(
            site, head, body_class + " singular", _tt1_post(site, post, title), home=False
        )
    return _tt3_document(site, head, body_class, _tt3_post(site, post, title))


def _tt1_entry(site: SampleSite, post: Post) -> str:
    link = site.url(post.path)
    return f"""<article id="post-{post.id}" class="{_post_classes(post)} entry">
	<header class="entry-header"><h2 class="entry-title default-max-width"><a href="{link}">{escape(post.title)}</a></h2></header>
	<div class="entry-content"><p>{escape(excerpt(post))}</p><div class="more-link-container"><a class="more-link" href="{link}#more-{post.id}">Continue reading<span class="screen-reader-text">{escape(post.title)}</span></a></div></div>
	<footer class="entry-footer default-max-width"><span class="posted-on">Published <time class="entry-date published updated" datetime="{post.published.isoformat()}">{human_date(post.published)}</time></span><div class="post-taxonomies"><span class="cat-links">Categorized as {_term_links(site, "category", post.categories, "category tag", ", ")} </span></div></footer>
</article>"""


def _tt3_entry(site: SampleSite, post: Post) -> str:
    link = site.url(post.path)
    return f"""<li class="wp-block-post {_post_classes(post)}">
<figure class="wp-block-post-featured-image"><a href="{link}" target="_self"><img src="{image_url(site, post)}" alt="{escape(post.title)}" /></a></figure>
<h2 class="wp-block-post-title"><a href="{link}" target="_self">{escape(post.title)}</a></h2>
<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">{escape(excerpt(post))}</p></div>
<div class="wp-block-post-date"><time datetime="{post.published.isoformat()}">{human_date(post.published)}</time></div>
</li>"""


def _numbers(site: SampleSite, base_path: str, number: int, total: int, query: str) -> str:
    return "".join(
        f'<span aria-current="page" class="page-numbers current">{k}</span>'
        if k == number
        else f'<a class="page-numbers" href="{escape(site.url(page_path(base_path, k, query)))}">{k}</a>'
        for k in shown_page_numbers(number, total)
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
    """Home, archive and search pages in ``site.theme``: one page of posts with pagination."""
    home = base_path == "/" and not query
    title = (
        _document_title(prose.SITE_NAME, prose.SITE_TAGLINE)
        if home and number == 1
        else _document_title(
            "" if home else heading.split(": ", 1)[-1],
            f"Page {number}" if number > 1 else "",
            prose.SITE_NAME,
        )
    )
    head = _head(site, title, robots=robots or "")
    older = site.url(page_path(base_path, number + 1, query)) if number < total else ""
    newer = site.url(page_path(base_path, number - 1, query)) if number > 1 else ""
    numbers = _numbers(site, base_path, number, total, query) if total > 1 else ""
    paged = f" paged paged-{number}" if number > 1 else ""
    if site.theme == "twentytwentyone":
        entries = "".join(_tt1_entry(site, post) for post in posts)
        links = (
            (
                f'<a class="prev page-numbers" href="{escape(newer)}">Newer posts</a>'
                if newer
                else ""
            )
            + numbers
            + (
                f'<a class="next page-numbers" href="{escape(older)}">Older posts</a>'
                if older
                else ""
            )
        )
        pagination = (
            f'<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2><div class="nav-links">{links}</div></nav>'
            if links
            else ""
        )
        header = (
            ""
            if home
            else f'<header class="page-header alignwide"><h1 class="page-title">{escape(heading)}</h1></header>'
        )
        main = f"{header}\n{entries}\n{pagination}{extra}"
        return _tt1_document(site, head, body_class + paged + " hfeed", main, home=home)
    entries = "".join(_tt3_entry(site, post) for post in posts)
    links = (
        (
            f'<a href="{escape(newer)}" class="wp-block-query-pagination-previous">Previous Page</a>'
            if newer
            else ""
        )
        + (f'<div class="wp-block-query-pagination-numbers">{numbers}</div>' if numbers else "")
        + (
            f'<a href="{escape(older)}" class="wp-block-query-pagination-next">Next Page</a>'
            if older
            else ""
        )
    )
    pagination = (
        f'<nav class="is-content-justification-space-between wp-block-query-pagination" aria-label="Pagination">{links}</nav>'
        if links
        else ""
    )
    main = f"""<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">
<h1 class="wp-block-query-title">{escape(heading)}</h1>
<div class="wp-block-query is-layout-flow wp-block-query-is-layout-flow"><ul class="columns-3 wp-block-post-template is-layout-grid wp-block-post-template-is-layout-grid">{entries}</ul>
{pagination}</div>{extra}
</div>"""
    return _tt3_document(site, head, body_class + paged, main)
