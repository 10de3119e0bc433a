# ruff: noqa: E501 -- HTML templates keep one element per line, as WordPress prints them
"""The sample theme at the weight real WordPress news themes serve (``SampleSite(page_kb=N)``).

The default sample pages carry only the chrome an extractor must learn to leave out. A real
tagDiv Newspaper page also carries what makes it heavy: inline theme CSS and JavaScript in the
head and at the end of the body, a BreadcrumbList in the JSON-LD graph, a mega-menu (each
category's newest posts, with thumbnails) and its mobile copy, more sidebar widgets (tag cloud,
recent comments, popular posts with thumbnails, an ad slot), footer widget columns, share buttons
above and below the post and a related-posts block. This module renders those parts from the
site's own posts, so every link on a page is a real page of the site; ``pages.document`` adds them
when ``site.page_kb`` is set, then pads the page with more inline CSS and JavaScript up to its
size: ``page_kb`` KB on average, each page between 0.85 and 1.15 of it (by its URL), never less
than the chrome itself weighs. Deterministic: the same site gives the same bytes.
"""

from __future__ import annotations

import hashlib
import random
from html import escape

from . import prose
from .model import Post, SampleSite

# Headings and labels of the heavy chrome: none of them may reach an archived article's text.
CHROME_PHRASES = (
    "Most Popular",
    "Recent Comments",
    "Popular Category",
    "Editor Picks",
    "Related Articles",
    "More From Author",
    "Pinterest",
    "Advertisement",
)

SHARE_NETWORKS = (
    ("facebook", "Facebook"),
    ("twitter", "Twitter"),
    ("linkedin", "Linkedin"),
    ("whatsapp", "WhatsApp"),
    ("telegram", "Telegram"),
    ("pinterest", "Pinterest"),
    ("reddit", "ReddIt"),
    ("email", "Email"),
    ("print", "Print"),
)
MEGA_MENUS = 4
# Below FULL_KB the post lists of the heavy chrome (mega-menu, popular, comments, footer, related)
# are shortened in proportion, to nothing at LIGHTEST_KB: what the rest of the chrome weighs.
LIGHTEST_KB, FULL_KB = 55, 100
CSS_SHARE = 0.5  # of the padding, the share that is inline CSS in the head; the rest is JS


def _slug(name: str) -> str:
    return prose.slugify(name)


def _date(post: Post) -> str:
    return f"{post.published:%B} {post.published.day}, {post.published.year}"


def _module(site: SampleSite, post: Post, kind: str, width: int = 218, height: int = 150) -> str:
    """A tagDiv "module": thumbnail, title link and date; no excerpt."""
    link, title = site.url(post.path), escape(post.title)
    src = site.url(
        f"/wp-content/uploads/{post.published:%Y/%m}/{post.slug[:40]}-{width}x{height}.jpg"
    )
    return (
        f'<div class="{kind} td_module_wrap td-animation-stack"><div class="td-module-thumb"><a href="{link}" rel="bookmark" class="td-image-wrap" title="{title}">'
        f'<img class="entry-thumb" src="{src}" alt="" width="{width}" height="{height}"/></a></div>'
        f'<div class="item-details"><h3 class="entry-title td-module-title"><a href="{link}" rel="bookmark">{title}</a></h3>'
        f'<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.published.isoformat()}">{_date(post)}</time></span></div></div>'
    )


def _block(title: str, body: str, uid: str, css: str = "td_block_wrap") -> str:
    """A tagDiv page-builder block: its scoped inline style, title, body, registration script."""
    return (
        f'<div class="{css} tdi_{uid} td-pb-border-top td_block_template_1" data-td-block-uid="tdi_{uid}">'
        f"<style>.tdi_{uid}{{margin-bottom:48px!important}}.tdi_{uid} .td-block-title{{font-size:17px!important;line-height:1.2!important}}</style>"
        f'<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">{title}</span></h4></div>'
        f'<div id="tdi_{uid}" class="td_block_inner td-mc1-wrap">{body}</div></div>'
        f'<script>var block_tdi_{uid} = new tdBlock();block_tdi_{uid}.id = "tdi_{uid}";block_tdi_{uid}.atts = \'{{"limit":"4","td_ajax_filter_type":"","block_type":"{css}"}}\';tdBlocksArray.push(block_tdi_{uid});</script>'
    )


def _count(site: SampleSite, full: int) -> int:
    """How many of ``full`` posts a list of the heavy chrome shows at this ``page_kb``."""
    level = (site.page_kb - LIGHTEST_KB) / (FULL_KB - LIGHTEST_KB)
    return round(full * min(1.0, max(0.0, level)))


def _newest(site: SampleSite, key: str, n: int) -> list[Post]:
    return site.index.archives.get(key, [])[: _count(site, n)]


# ------------------------------------------------------------------------- header


def mega_menu(site: SampleSite, category: str) -> str:
    """The sub-menu under a category of the main menu: its newest posts (the first
    ``MEGA_MENUS`` categories of the menu have one, as editors set them up)."""
    posts = _newest(site, f"category/{_slug(category)}", 4)
    if category not in site.categories[:MEGA_MENUS] or not posts:
        return ""
    modules = "".join(
        _module(site, p, "td_module_mega_menu td-meta-info-hide", 218, 150) for p in posts
    )
    return (
        '<ul class="sub-menu"><li class="menu-item-0"><div class="td-container-border"><div class="td-mega-grid">'
        f'<div class="td_block_wrap td_block_mega_menu tdc-no-posts"><div class="td_block_inner">{modules}</div>'
        f'<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" aria-label="prev-page"><i class="td-icon-font td-icon-menu-left"></i></a><a href="#" class="td-ajax-next-page" aria-label="next-page"><i class="td-icon-font td-icon-menu-right"></i></a></div>'
        "</div></div></div></li></ul>"
    )


def mobile_menu(site: SampleSite) -> str:
    """tagDiv prints the whole menu a second time for phones, with its own search form."""

    def build(site: SampleSite) -> str:
        items = "".join(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-has-children">'
            f'<a href="{site.url(f"/category/{_slug(c)}/")}">{escape(c)}<i class="td-icon-menu-right td-element-after"></i></a></li>'
            for c in site.categories
        )
        social = "".join(
            f'<span class="td-social-icon-wrap"><a target="_blank" href="https://www.{net}.com/megalopreneur" title="{label}"><i class="td-icon-font td-icon-{net}"></i></a></span>'
            for net, label in SHARE_NETWORKS[:5]
        )
        return (
            '<div class="td-menu-background" style="visibility:inherit"></div><div id="td-mobile-nav" style="min-height:100vh">'
            f'<div class="td-mobile-container"><div class="td-menu-socials-wrap"><div class="td-menu-socials">{social}</div>'
            '<div class="td-mobile-close"><span><i class="td-icon-close-mobile"></i></span></div></div>'
            f'<div class="td-mobile-content"><div class="menu-main-menu-container"><ul id="menu-main-menu-1" class="td-mobile-main-menu">'
            f'<li class="menu-item menu-item-home"><a href="{site.url("/")}">Home</a></li>{items}</ul></div></div></div></div>'
            '<div class="td-search-background" style="visibility:inherit"></div><div class="td-search-wrap-mob" style="visibility:inherit">'
            f'<div class="td-drop-down-search"><form method="get" class="td-search-form" action="{site.url("/")}"><div class="td-search-input"><span>Search</span>'
            '<input id="td-header-search-mob" type="text" value="" name="s" autocomplete="off"/></div></form></div></div>'
        )

    return site.cached(("weight", "mobile"), build)


# ------------------------------------------------------------------------- sidebar and footer


def sidebar_widgets(site: SampleSite, comments_for) -> str:
    """Tag cloud, popular posts with thumbnails, recent comments (``comments_for(post)``: the
    page's own (id, name, text, date) comments) and an ad slot."""

    def build(site: SampleSite) -> str:
        published = site.index.published
        rng = random.Random(f"weight-popular:{site.seed}:{site.chrome_version}")
        popular = rng.sample(published[:80], min(_count(site, 6), len(published[:80])))
        tags = "".join(
            f'<a href="{site.url(f"/tag/{_slug(t)}/")}" class="tag-cloud-link tag-link-{k}" style="font-size: {8 + k % 14}pt;" '
            f'aria-label="{escape(t)} ({len(site.index.archives.get(f"tag/{_slug(t)}", []))} items)">{escape(t)}</a>'
            for k, t in enumerate(site.tags)
        )
        comments = "".join(
            f'<li class="recentcomments"><span class="comment-author-link"><a href="https://example.com/~{_slug(name)}" class="url" rel="ugc external nofollow">{escape(name)}</a></span> on '
            f'<a href="{site.url(post.path)}#comment-{cid}">{escape(post.title)}</a></li>'
            for post in published[: _count(site, 5)]
            for cid, name, _text, _when in comments_for(post)
        )
        ad = (
            '<div class="td-a-rec td-a-rec-id-sidebar tdi_ad td_block_template_1"><span class="td-adspot-title">- Advertisement -</span>'
            '<ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1000000001"></ins>'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
        )
        return "".join(
            (
                ad,
                _block(
                    "Most Popular",
                    "".join(_module(site, p, "td_module_6", 100, 70) for p in popular),
                    "sb1",
                    "td_block_wrap td_block_7",
                ),
                _block(
                    "Recent Comments",
                    f'<ul id="recentcomments">{comments}</ul>',
                    "sb2",
                    "td_block_wrap widget_recent_comments",
                ),
                _block(
                    "Tags",
                    f'<div class="tagcloud">{tags}</div>',
                    "sb3",
                    "td_block_wrap widget_tag_cloud",
                ),
            )
        )

    return site.cached(("weight", "sidebar"), build)


def footer_widgets(site: SampleSite) -> str:
    """Three footer columns: editor picks, popular posts, popular categories."""

    def build(site: SampleSite) -> str:
        published = site.index.published
        shown = _count(site, 3)
        picks, popular = published[3 : 3 + shown], published[6 : 6 + shown]
        categories = "".join(
            f'<li class="cat-item"><a href="{site.url(f"/category/{_slug(c)}/")}">{escape(c)}'
            f'<span class="td-cat-no">{len(site.index.archives.get(f"category/{_slug(c)}", []))}</span></a></li>'
            for c in site.categories
        )
        columns = (
            _block(
                "Editor Picks",
                "".join(_module(site, p, "td_module_mx4", 100, 70) for p in picks),
                "ft1",
            ),
            _block(
                "Popular Posts",
                "".join(_module(site, p, "td_module_mx4", 100, 70) for p in popular),
                "ft2",
            ),
            _block("Popular Category", f'<ul class="td-pb-padding-side">{categories}</ul>', "ft3"),
        )
        return (
            '<div class="td-footer-wrapper td-footer-template-2"><div class="td-container"><div class="td-pb-row">'
            + "".join(f'<div class="td-pb-span4">{column}</div>' for column in columns)
            + "</div></div></div>"
        )

    return site.cached(("weight", "footer"), build)


# ------------------------------------------------------------------------- post blocks


def share_buttons(site: SampleSite, post: Post, position: str) -> str:
    """tagDiv's own share bar (above and below the post), every network as a link."""
    link = site.url(post.path)
    buttons = "".join(
        f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network td-social-{net}" '
        f'href="https://share.example.com/{net}?u={link}" title="Share on {label}" rel="nofollow noopener">'
        f'<div class="td-social-but-icon"><i class="td-icon-{net}"></i></div><div class="td-social-but-text">{label}</div></a>'
        for net, label in SHARE_NETWORKS
    )
    return (
        f'<div class="td-post-sharing td-post-sharing-{position} td-ps-bg td-ps-notext td-post-sharing-style1">'
        '<div class="td-post-sharing-visible"><a class="td-social-sharing-button td-social-sharing-button-js td-social-handler td-social-share-text" href="#">'
        f'<div class="td-social-but-icon"><i class="td-icon-share"></i></div><div class="td-social-but-text">Share</div></a>{buttons}</div></div>'
    )


def related_block(site: SampleSite, post: Post) -> str:
    """ "Related Articles" / "More From Author": six modules from the post's category."""
    siblings = [
        p for p in _newest(site, f"category/{_slug(post.categories[0])}", 7) if p is not post
    ]
    by_author = [p for p in _newest(site, f"author/{_slug(post.author)}", 4) if p is not post]
    tabs = (
        '<div class="td-related-title td-block-title"><a id="tdi_rel1" class="td-related-left td-cur-simple-item" data-td_block_id="tdi_rel" href="#">Related Articles</a>'
        '<a id="tdi_rel2" class="td-related-right" data-td_block_id="tdi_rel" href="#">More From Author</a></div>'
    )
    rows = "".join(
        f'<div class="td-related-span4">{_module(site, p, "td_module_related_posts", 218, 150)}</div>'
        for p in siblings + by_author
    )
    return f'<div class="td_block_wrap td_block_related_posts tdi_rel td_with_ajax_pagination td-pb-border-top td_block_template_1" data-td-block-uid="tdi_rel">{tabs}<div id="tdi_rel" class="td_block_inner">{rows}</div></div>'


# ------------------------------------------------------------------------- head and padding


def breadcrumb_node(site: SampleSite, canonical: str, name: str) -> dict:
    """Yoast's BreadcrumbList node: Home, then the page."""
    return {
        "@type": "BreadcrumbList",
        "@id": f"{canonical}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": site.url("/")},
            {"@type": "ListItem", "position": 2, "name": name},
        ],
    }


def head_assets(site: SampleSite) -> str:
    """What WordPress core and the theme print in every head: emoji loader, preloads, config."""

    def build(site: SampleSite) -> str:
        base = site.url("/")
        fonts = "".join(
            f'<link rel="preload" href="{site.url(f"/wp-content/themes/Newspaper/images/icons/{name}.woff")}" as="font" type="font/woff" crossorigin>\n'
            for name in ("newspaper", "newsmag", "td-multipurpose", "td-social")
        )
        return (
            f'<link rel="dns-prefetch" href="//fonts.googleapis.com" />\n{fonts}'
            '<script type="text/javascript">window._wpemojiSettings = {"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/72x72\\/","ext":".png",'
            f'"svgUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/15.0.3\\/svg\\/","svgExt":".svg","source":{{"concatemoji":"{base}wp-includes\\/js\\/wp-emoji-release.min.js?ver=6.5.5"}}}};'
            "!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,timestamp:(new Date).valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}"
            "function p(e,t,n){e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);t=new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data);"
            "return t.every(function(e,t){return e===n[t]})}}(window,document);</script>\n"
            '<script type="text/javascript">var tdBlocksArray = [];var tdwGlobal = {"tdDateNamesI18n":{"month_names":["January","February","March","April","May","June","July","August",'
            f'"September","October","November","December"]}},"tdAjaxUrl":"{base}wp-admin\\/admin-ajax.php","tdThemeName":"Newspaper","tdThemeVersion":"12.6.6"}};</script>\n'
        )

    return site.cached(("weight", "head"), build)


def target_bytes(page_kb: int, canonical: str) -> int:
    """This page's size: ``page_kb`` KB times a factor in [0.85, 1.15) read from its URL."""
    spread = int.from_bytes(hashlib.md5(canonical.encode()).digest()[:4], "big") / 2**32
    return int(page_kb * 1024 * (0.85 + 0.3 * spread))


def _css_rules(site: SampleSite) -> list[str]:
    def build(site: SampleSite) -> list[str]:
        rng = random.Random(f"weight-css:{site.seed}")
        properties = (
            "margin",
            "padding",
            "font-size",
            "line-height",
            "width",
            "max-width",
            "top",
            "letter-spacing",
        )
        rules = []
        for k in range(6000):
            selector = (
                f".tdi_{k} .td-module-{rng.choice(('title', 'meta-info', 'thumb', 'excerpt'))}"
            )
            declarations = ";".join(
                f"{rng.choice(properties)}:{rng.randrange(1, 60)}px"
                for _ in range(rng.randrange(2, 6))
            )
            media = rng.random() < 0.2
            rule = f"{selector}{{{declarations}}}"
            rules.append(f"@media (max-width:767px){{{rule}}}" if media else rule)
        return rules

    return site.cached(("weight", "css"), build)


def _js_statements(site: SampleSite) -> list[str]:
    def build(site: SampleSite) -> list[str]:
        rng = random.Random(f"weight-js:{site.seed}")
        statements = []
        for k in range(6000):
            atts = ",".join(
                f'"{name}":"{rng.randrange(0, 999)}"'
                for name in rng.sample(
                    (
                        "limit",
                        "offset",
                        "sort",
                        "ajax_pagination",
                        "category_id",
                        "td_column_number",
                        "header_color",
                    ),
                    4,
                )
            )
            statements.append(
                f"var block_tdi_x{k} = new tdBlock();block_tdi_x{k}.id = \"tdi_x{k}\";block_tdi_x{k}.atts = '{{{atts}}}';tdBlocksArray.push(block_tdi_x{k});"
            )
        return statements

    return site.cached(("weight", "js"), build)


def _take(parts: list[str], budget: int) -> str:
    """The first of ``parts`` that fit in ``budget`` characters, joined."""
    taken, used = [], 0
    for part in parts:
        if used + len(part) > budget:
            break
        taken.append(part)
        used += len(part)
    return "".join(taken)


def padding(site: SampleSite, missing: int) -> tuple[str, str]:
    """Inline theme CSS for the head and block scripts for the body end, ``missing`` bytes."""
    if missing <= 0:
        return "", ""
    css_budget = int(missing * CSS_SHARE)
    style = _take(_css_rules(site), css_budget - 60)
    script = _take(_js_statements(site), missing - len(style) - 70)
    return (
        f'<style id="td-theme-inline-css" type="text/css">{style}</style>\n',
        f'<script type="text/javascript">{script}</script>\n',
    )
