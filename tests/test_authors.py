"""Authors: the byline cleaner (``person_names``) and the order of sources on whole pages.

The whole-page fixtures (``yoast-webpage-author-chrome-bylines``,
``news-publisher-credit-byline-affiliation``, ``news-author-class-no-metadata``,
``blog-posted-by-line``, ``site-credit-and-von-byline``, the WordPress theme posts) are checked end to end by ``test_extraction.py``; here one source at a time is
taken away, to show that each gives the same person and that chrome never stands in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archiver.extraction.chrome import PageMarkup
from archiver.extraction.metadata import article_scope, authors, person_names, read_json_ld
from archiver.extraction.parsing import parse_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _authors(html: str) -> list[str]:
    tree = parse_html(html)
    return authors(tree, read_json_ld(tree), article_scope(tree))


def _without(html: str, *patterns: str) -> str:
    for pattern in patterns:
        html, count = re.subn(pattern, "", html, flags=re.S)
        assert count, pattern
    return html


@pytest.mark.parametrize(
    ("values", "names"),
    [
        (["By Jane Doe"], ["Jane Doe"]),
        (["Von Klara Hofmann und Timo Berg"], ["Klara Hofmann", "Timo Berg"]),
        (["Par Élodie Martin et Hugo Petit"], ["Élodie Martin", "Hugo Petit"]),
        (["Por Ana Ruiz y Luis Gómez"], ["Ana Ruiz", "Luis Gómez"]),
        (["Posted by Ravi Menon | Updated 3 March 2023"], ["Ravi Menon"]),
        (["Ibtisam Mahdi, Ruwaida Kamal Amer"], ["Ibtisam Mahdi", "Ruwaida Kamal Amer"]),
        (["Fiona Bornhöft,Mariam Hofbeck"], ["Fiona Bornhöft", "Mariam Hofbeck"]),
        # roles, degrees and agencies after a name are not people
        (["Dana Whitfield, Staff Writer"], ["Dana Whitfield"]),
        (["Grant Tinsley, PhD"], ["Grant Tinsley"]),
        (["Rob Picheta, CNN"], ["Rob Picheta"]),
        (["Von David Hutzler, dpa"], ["David Hutzler"]),
        (["Maria Keller @mkeller"], ["Maria Keller"]),
        (["Text & Interview: Harald Willenbrock"], ["Harald Willenbrock"]),
        (["Anna Kubišta, Auteur"], ["Anna Kubišta"]),
        (["Glen Owen And Brendan Carlin For The Mail On Sunday"], ["Glen Owen", "Brendan Carlin"]),
        (["James Lynch from University of Michigan"], ["James Lynch"]),
        # names keep their particles, initials and lower-case spellings
        (["Ludwig van Beethoven"], ["Ludwig van Beethoven"]),
        (["José de la Cruz"], ["José de la Cruz"]),
        (["Perry Bacon Jr."], ["Perry Bacon Jr."]),
        (["Rodolfo Costa."], ["Rodolfo Costa"]),
        (["Mobasir hassan"], ["Mobasir hassan"]),
        (["delta201"], ["delta201"]),
        (["Redacci&oacute;n Diario Pagina Siete"], ["Redacción Diario Pagina Siete"]),
        # other scripts: labels, roles before and after a name, their own commas and "and"
        (["김민수 기자"], ["김민수"]),
        (["김민수 선임기자"], ["김민수"]),
        (["記者 佐藤健一"], ["佐藤健一"]),
        (["佐藤健一記者"], ["佐藤健一"]),
        (["作者：张伟"], ["张伟"]),
        (["文/张伟"], ["张伟"]),
        (["山田太郎、鈴木花子"], ["山田太郎", "鈴木花子"]),
        (["Автор: Иван Петров"], ["Иван Петров"]),
        (["Иван Петров и Анна Смирнова"], ["Иван Петров", "Анна Смирнова"]),
        (["Jan Kowalski i Anna Nowak"], ["Jan Kowalski", "Anna Nowak"]),
        (["Yazar: Ahmet Yılmaz ve Ayşe Kaya"], ["Ahmet Yılmaz", "Ayşe Kaya"]),
        (["Escrito por Lucía Fernández"], ["Lucía Fernández"]),
        (["Noticias en español"], []),
        # a desk, a news agency, alone: a credit kept whole
        (["ミナト日報編集部"], ["ミナト日報編集部"]),
        (["Редакция"], ["Редакция"]),
        # no person: placeholders, dates, chrome phrases, credits on images
        (["admin"], []),
        (["No Author"], []),
        (["null"], []),
        (["07 Dezember 2021"], []),
        (["Hinterlasse einen Kommentar"], []),
        (["Leave a comment"], []),
        (["news service reports"], []),
        (["View all posts by Jane Doe"], []),
        (["Alle Beiträge"], []),
        (["Bild © hr"], []),
    ],
)
def test_person_names_cleans_a_byline_into_names(values: list[str], names: list[str]) -> None:
    assert person_names(values) == names


def test_an_organisation_credit_stays_whole() -> None:
    credits = frozenset({"jobs hire"})
    assert person_names(["Jobs & Hire"], credits) == ["Jobs & Hire"]
    assert person_names(["Web Shop GmbH"]) == ["Web Shop GmbH"]


@pytest.mark.parametrize("company", ["Volksbank Mittelhessen eG", "Windkraft Nord SE", "Muster UG"])
def test_a_company_in_the_author_meta_gives_way_to_the_byline(company: str) -> None:
    html = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Neue Filiale in Lich</title><meta name="author" content="{company}"></head>
<body><article><h1>Neue Filiale in Lich</h1><p class="byline">Von Jana Albers</p>
<p>Die Filiale am Marktplatz öffnet im Mai. Sie ersetzt zwei kleinere Standorte.</p>
</article></body></html>"""
    assert _authors(html) == ["Jana Albers"]
    assert _authors(html.replace('<p class="byline">Von Jana Albers</p>', "")) == [company]


def test_each_source_of_a_yoast_post_gives_its_author_and_chrome_never_does() -> None:
    html = (PAGES / "yoast-webpage-author-chrome-bylines.html").read_text(encoding="utf-8")
    # JSON-LD: the author on the WebPage node, by @id (no Article node)
    assert _authors(html) == ["Harriet Okonkwo"]
    # without JSON-LD: the "admin" meta is a placeholder, Yoast's "Written by" label names her
    no_json_ld = _without(html, r'<script type="application/ld\+json".*?</script>')
    assert _authors(no_json_ld) == ["Harriet Okonkwo"]
    # without the label: the byline's author link, not its category, comment or edit links,
    # nor the related posts' bylines
    no_meta = _without(no_json_ld, r'<meta name="twitter:[^>]*>')
    assert _authors(no_meta) == ["Harriet Okonkwo"]
    # without the byline: nothing, although the bio box, the related posts, the comments and
    # the sidebar all name someone
    no_byline = _without(no_meta, r'<div class="entry-meta">.*?</div>')
    assert _authors(no_byline) == []


def test_a_publisher_credit_gives_way_to_the_byline_and_stays_when_alone() -> None:
    html = (PAGES / "news-publisher-credit-byline-affiliation.html").read_text(encoding="utf-8")
    assert _authors(html) == ["Eilidh MacRae", "Femi Adeyemi"]
    no_byline = _without(html, r'<p class="story-byline">By <a.*?</p>')
    # the teasers' bylines are other stories'; the site's own credit is all there is
    assert _authors(no_byline) == ["Coastline Courier"]


def test_scholarly_citation_authors_come_first_and_in_reading_order() -> None:
    html = (PAGES / "news-publisher-credit-byline-affiliation.html").read_text(encoding="utf-8")
    cited = html.replace(
        "<title>",
        '<meta name="citation_author" content="Okafor, Chidi">'
        '<meta name="citation_author" content="Brandt, Lena M.">\n<title>',
    )
    json_ld = r'<script type="application/ld\+json">.*?</script>'
    assert _authors(_without(cited, json_ld)) == ["Chidi Okafor", "Lena M. Brandt"]


def test_a_theme_s_own_author_class_names_the_co_authors_but_not_the_teasers() -> None:
    html = (PAGES / "news-author-class-no-metadata.html").read_text(encoding="utf-8")
    assert _authors(html) == ["Jonas Weber", "Selin Arslan"]
    assert _authors(_without(html, r'<div class="Article__meta">.*?</div>')) == []


def test_a_posted_by_line_names_the_writer_and_a_photo_credit_does_not() -> None:
    html = (PAGES / "blog-posted-by-line.html").read_text(encoding="utf-8")
    assert _authors(html) == ["Ines Carvalho"]
    assert _authors(_without(html, r'<p class="small">.*?</p>')) == []


def test_a_later_source_spells_out_a_login_or_adds_a_co_author() -> None:
    html = (PAGES / "yoast-webpage-author-chrome-bylines.html").read_text(encoding="utf-8")
    person = '"name":"Harriet Okonkwo"}'
    assert _authors(html.replace(person, '"name":"harriet"}')) == ["Harriet Okonkwo"]
    co_author = '<meta name="twitter:data1" content="Harriet Okonkwo, Ben Ashby">'
    both = html.replace('<meta name="twitter:data1" content="Harriet Okonkwo">', co_author)
    assert _authors(both) == ["Harriet Okonkwo", "Ben Ashby"]


def test_an_organisation_s_long_name_in_the_author_meta_is_no_list_of_people() -> None:
    html = (PAGES / "news-publisher-credit-byline-affiliation.html").read_text(encoding="utf-8")
    agency = "Landesamt für Küstenschutz und Häfen - LKH"
    html = html.replace("Coastline Courier Media Ltd", agency)
    no_json_ld = _without(html, r'<script type="application/ld\+json">.*?</script>')
    assert _authors(no_json_ld) == ["Eilidh MacRae", "Femi Adeyemi"]


def _credit_line(name: str, line: str) -> str:
    """The whole-page fixture ``name`` (an article without author metadata whose byline is a
    line of its own, outside any author markup) with ``line`` for its byline."""
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    found = re.search(r'(<p class="(?:credit|reporter|writer|podpis)">)[^<]*(</p>)', html)
    assert found, name
    return html[: found.start()] + found[1] + line + found[2] + html[found.end() :]


@pytest.mark.parametrize(
    ("name", "line", "names"),
    [
        ("japanese-byline-line-no-author-meta", "文：佐藤健一", ["佐藤健一"]),
        ("japanese-byline-line-no-author-meta", "記者 佐藤健一", ["佐藤健一"]),
        ("japanese-byline-line-no-author-meta", "佐藤健一 記者", ["佐藤健一"]),
        ("japanese-byline-line-no-author-meta", "取材・文：佐藤健一", ["佐藤健一"]),
        ("chinese-reporter-line-no-author-meta", "本报记者 王芳", ["王芳"]),
        ("chinese-reporter-line-no-author-meta", "作者：王芳", ["王芳"]),
        ("chinese-reporter-line-no-author-meta", "文/王芳", ["王芳"]),
        ("chinese-reporter-line-no-author-meta", "记者 王芳", ["王芳"]),
        ("korean-reporter-suffix-no-author-meta", "김민수 기자", ["김민수"]),
        ("korean-reporter-suffix-no-author-meta", "[바다=바다일보] 김민수 특파원 = ", ["김민수"]),
        (
            "korean-reporter-suffix-no-author-meta",
            "김민수 선임기자 minsu@bada-ilbo.example",
            ["김민수"],
        ),
        ("russian-author-label-no-author-meta", "Автор: Иван Петров", ["Иван Петров"]),
        ("russian-author-label-no-author-meta", "Текст: Иван Петров", ["Иван Петров"]),
        ("russian-author-label-no-author-meta", "Autor: Jan Kowalski", ["Jan Kowalski"]),
        ("russian-author-label-no-author-meta", "Yazar: Ahmet Yılmaz", ["Ahmet Yılmaz"]),
        ("russian-author-label-no-author-meta", "Kirjoittaja: Matti Virtanen", ["Matti Virtanen"]),
        ("russian-author-label-no-author-meta", "بقلم: أحمد علي", ["أحمد علي"]),
        # a byline verb after the name ends it; a capitalised one is a surname
        (
            "russian-author-label-no-author-meta",
            "By Dana Whitlock posted May 2nd 2024",
            ["Dana Whitlock"],
        ),
        ("russian-author-label-no-author-meta", "By John Story on May 2, 2024", ["John Story"]),
        # no writer: a photo credit, a sentence after a label or about a reporter
        ("japanese-byline-line-no-author-meta", "写真：佐藤健一", []),
        ("chinese-reporter-line-no-author-meta", "作者：本文由江城日报新媒体中心整理发布", []),
        ("korean-reporter-suffix-no-author-meta", "김민수 기자는 현장에서 이렇게 말했다", []),
        ("russian-author-label-no-author-meta", "Фото: Иван Петров", []),
    ],
)
def test_a_byline_line_in_any_script_names_the_writer(
    name: str, line: str, names: list[str]
) -> None:
    """A byline written as a line of text, the way sites in each language write it: a label and
    a colon ("Автор:", "作者：", "文："), a role before the name ("记者", "本报记者") or after it
    ("기자", "記者", with a dateline before or an e-mail after); CJK without spaces."""
    assert _authors(_credit_line(name, line)) == names


_BYLINE_MARKUP = {
    "microdata": '<span itemprop="author" itemscope><span itemprop="name">Ada Brennan</span></span>',
    "microdata-no-name": '<span itemprop="author">Ada Brennan</span>',
    "author-block": '<div class="wp-block-post-author-name">Ada Brennan</div>',
    "author-block-name": '<div class="wp-block-post-author"><p class="wp-block-post-author__name">'
    "Ada Brennan</p></div>",
    "hcard": '<span class="author vcard"><a class="url fn n" href="/author/ada/">Ada Brennan</a>'
    "</span>",
    "h-card": '<span class="p-author h-card"><span class="p-name">Ada Brennan</span></span>',
    "h-card-no-name": '<span class="p-author">Ada Brennan</span>',
    "byline": '<div class="story-byline">Ada Brennan</div>',
    "rel-author": '<a rel="author" href="/people/ada-brennan/">Ada Brennan</a>',
    "author-class": '<span class="Story__authorName">Ada Brennan</span>',
}


@pytest.mark.parametrize("kind", sorted(_BYLINE_MARKUP))
def test_each_kind_of_byline_markup_names_the_writer_whatever_the_page_s_markup_read(
    kind: str,
) -> None:
    """Given the page's markup (what ``extract_article`` reads once), the byline kinds its class
    values cannot hold are not looked for: each kind is still found where it is, before the
    weakest kind (any author class), which names someone else on these pages."""
    weakest = "" if kind == "author-class" else '<span class="Card__author">Bo Lindqvist</span>'
    html = (
        "<!DOCTYPE html><html><head><title>Harbour dredging starts</title></head><body>"
        f"<article><h1>Harbour dredging starts</h1><div>{weakest}</div>"
        f"<section><div>{_BYLINE_MARKUP[kind]}</div>"
        "<p>The dredgers arrived on Monday and will work through the spring.</p></section>"
        "</article></body></html>"
    )
    tree = parse_html(html)
    json_ld, scope = read_json_ld(tree), article_scope(tree)
    assert authors(tree, json_ld, scope) == ["Ada Brennan"]
    assert authors(tree, json_ld, scope, markup=PageMarkup.of(tree)) == ["Ada Brennan"]
