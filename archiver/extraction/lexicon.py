"""The words extraction reads pages by, by purpose and language: plain values, no logic.

What news sites call their news section, what stands before or after a writer's name in a
byline, which words make a credit a desk and not a person, which paragraphs are site chrome.
``pagetype``, ``metadata`` and ``chrome`` build their patterns from these values; a site's own
words (a house style, a language not listed here) belong in its profile
(``archiver.profiles``), not in these lists nor in the code.

Words are matched case-insensitively unless a list says otherwise. A word ending in ``*``
stands for every word starting so ("artikel*": "Artikel", "Artikelübersicht").
"""

from __future__ import annotations

# -- URLs -----------------------------------------------------------------------------------

# The start of a URL segment that names a news section ("Pressemitteilungen", "aktuelles",
# "actualites", "noticias", "stories"): an item in it is an article (``pagetype``).
NEWS_SECTION_WORDS: tuple[str, ...] = (
    "press",  # English: press, pressemitteilungen, press-releases
    "meldung",  # German
    "nachricht",
    "aktuell",
    "actualit",  # French
    "noticia",  # Spanish, Portuguese
    "notizi",  # Italian
    "nieuws",  # Dutch
    "nyhet",  # Swedish, Norwegian
    "artikel",  # German, Dutch, Scandinavian
    "article",
    "story",
    "stories",
    "blog",
    "magazin",
)
# Section words found anywhere in a segment ("outdoornews", "NewsDetail", "tt_news") ...
NEWS_SECTION_INFIXES: tuple[str, ...] = ("news",)
# ... but in these words, which hold one and name no news section.
NOT_NEWS_SECTIONS: tuple[str, ...] = ("newsletter",)

# Path segments of an author's profile page: WordPress's /author/ and other CMSs'.
AUTHOR_PAGE_SEGMENTS: tuple[str, ...] = (
    "author",
    "authors",
    "autor",
    "autoren",
    "autorin",
    "auteur",
    "auteurs",
    "autore",
    "people",
    "staff",
    "profile",
    "profiles",
    "profil",
    "user",
    "users",
    "members",
    "journalist",
    "journalists",
    "periodista",
    "periodistas",
    "redakteur",
    "redakteure",
    "redakteurin",
    "contributor",
    "contributors",
)
# Path segments of a category archive (a term link to one is a category, not a tag).
CATEGORY_PATH_SEGMENTS: tuple[str, ...] = ("category", "categories", "section", "rubrique")

# -- Bylines --------------------------------------------------------------------------------

# "By" before a writer's name: not "de", a particle of many names.
BY_WORDS: tuple[str, ...] = (
    "by",  # English
    "von",  # German
    "par",  # French
    "por",  # Spanish, Portuguese
    "di",  # Italian
    "door",  # Dutch
    "av",  # Swedish, Norwegian
    "af",  # Danish
)
# Verbs before "by" in a credit: "Posted by X", "Written by X", "Text von X"; in a byline line
# they may stand further before it ("Posted on <date> by X", "Veröffentlicht am <date> von X").
BYLINE_VERBS: tuple[str, ...] = (
    "posted",
    "written",
    "published",
    "words",
    "story",
    "text",
    "erstellt",
    "geschrieben",
    "verfasst",
    "veröffentlicht",
    "publié",
    "écrit",
    "publicado",
    "escrito",
)
# Labels of a credit, before a colon: "Text: X", "Autor: X".
CREDIT_LABELS: tuple[str, ...] = (
    "text",
    "words",
    "interview",
    "autor",
    "autorin",
    "author",
    "auteur",
    "redaktion",
    "reporter",
)
# Yoast's "Written by" Twitter label (``twitter:label1``) in the languages it is translated
# into most.
AUTHOR_LABELS: tuple[str, ...] = (
    "written",
    "verfasst",
    "geschrieben",
    "écrit",
    "escrito",
    "scritto",
    "geschreven",
    "skrevet",
    "skriven",
    "napisane",
    "author",
    "autor",
    "auteur",
    "autore",
)
# Words before the date or time that ends a byline line's name ("By X on 3 May", "von X am").
BEFORE_DATE_WORDS: tuple[str, ...] = ("am", "on", "le", "el", "il", "at", "um", "den")
# Between the names of one byline ("A and B", "A und B"): as written, case matters (a capital
# "E" or "Y" is an initial).
AND_WORDS: tuple[str, ...] = ("and", "And", "AND", "und", "UND", "et", "y", "e", "og", "och")
# An affiliation after a name: "X for The Mail on Sunday", "X from University of Y".
AFFILIATION_WORDS: tuple[str, ...] = ("for", "from")
# Lower-case words that belong to names ("Ludwig van Beethoven", "José de la Cruz"): any other
# lower-case word beside a capitalised one makes a phrase ("Hinterlasse einen Kommentar").
NAME_PARTICLES: frozenset[str] = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "degli", "di", "da", "das", "do", "dos",
     "du", "la", "le", "les", "lo", "zu", "zum", "zur", "vom", "ter", "ten", "bin", "ibn", "al",
     "el", "y", "e"}
)  # fmt: skip
# Words of author link chrome, not names: "View all posts by X", "More from X", "Alle Beiträge".
NOT_NAME_WORDS: tuple[str, ...] = (
    "view",
    "post",
    "posts",
    "article",
    "articles",
    "more from",
    "stories",
    "beiträge",
    "artikel*",
    "artículos",
    "articoli",
    "berichten",
    "inlägg",
    "innlegg",
)
# Word endings of author link chrome: "X's posts".
NOT_NAME_ENDINGS: tuple[str, ...] = ("'s",)
# Values that stand for no author (besides the CMS's "admin" logins).
PLACEHOLDER_AUTHORS: tuple[str, ...] = (
    "webmaster",
    "null",
    "none",
    "undefined",
    "unknown",
    "no author",
    "n/a",
)
# Words that make a credit a desk or a role, not a person, as its last word: "Editorial
# Team", "Redaktion", "Staff Writer", a degree after a name ("Jane Doe, PhD").
DESK_WORDS: frozenset[str] = frozenset(
    {"redaktion", "redaction", "rédaction", "redacción", "redazione", "redactie", "editorial",
     "editors", "team", "staff", "desk", "newsroom", "agencies", "agency", "agenturen", "agentur",
     "wires", "writer", "reporter", "editor", "correspondent", "contributor", "columnist",
     "redakteur", "redakteurin", "korrespondent", "korrespondentin", "rédacteur", "rédactrice",
     "redactor", "redactora", "corresponsal", "author", "autor", "autorin", "auteur", "autore",
     "text", "interview", "phd", "md", "mba", "msc", "rd", "rn"}
)  # fmt: skip
# Legal forms that end an organisation's name ("." may be followed by a space: "e. V.").
LEGAL_FORMS: tuple[str, ...] = (
    "gmbh",
    "ag",
    "e.v",
    "inc",
    "llc",
    "ltd",
    "plc",
    "s.a",
    "kg",
    "corp",
    "sarl",
    "srl",
    "s.l",
    "b.v",
)

# -- Chrome ---------------------------------------------------------------------------------

# Paragraphs that are chrome when they are the whole paragraph (``chrome.is_chrome_paragraph``:
# compared case-folded, whitespace collapsed, trailing punctuation and arrows dropped, so
# "Share this:" and "Continue reading →" match too). ``{site}`` stands for any site name.
CHROME_PARAGRAPHS: tuple[str, ...] = (
    "Latest Posts",
    "Stay in touch",
    "To be updated with all the latest news, offers and special announcements.",
    "Discover more from {site}",
    "Subscribe now to keep reading and get access to the full archive.",
    "Continue reading",
    "Share this:",
    "Like this:",
    "Related",
    "Loading...",
)
