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
# "actualites", "noticias", "stories", "novosti", "haberler"; after percent-decoding: "新闻",
# "ニュース"): an item in it is an article (``pagetype``). Not a word's middle: "impressum".
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
    "aktuelt",  # Norwegian, Danish
    "nyheder",  # Danish
    "uutiset",  # Finnish
    "uutinen",
    "tiedote",  # Finnish: a press release
    "wiadomosc",  # Polish (URLs often drop the diacritics: wiadomości)
    "wiadomości",
    "aktualnosc",
    "aktualności",
    "artykul",
    "artykuł",
    "zpravy",  # Czech, Slovak
    "zprávy",
    "aktuality",
    "clanek",
    "článek",
    "haber",  # Turkish: haber, haberler
    "gundem",
    "gündem",
    "novost",  # Russian, transliterated: novosti
    "новост",  # Russian, Bulgarian: новости, новости
    "новин",  # Ukrainian: новини
    "статья",  # Russian: an article
    "akhbar",  # Arabic, transliterated
    "أخبار",
    "xinwen",  # Chinese, pinyin
    "新闻",
    "新聞",  # Chinese (traditional), Japanese
    "ニュース",  # Japanese
    "記事",
    "뉴스",  # Korean
    "기사",
)
# Section words found anywhere in a segment ("outdoornews", "NewsDetail", "tt_news") ...
NEWS_SECTION_INFIXES: tuple[str, ...] = ("news",)
# ... but in these words, which hold one and name no news section.
NOT_NEWS_SECTIONS: tuple[str, ...] = ("newsletter",)

# Query parameters that page a listing or pick the set it lists, never one item: a number in
# one of them (``news.php?page=2``, ``article.php?cat=3``) names no article, beside one that
# does (``article.php?cat=3&id=2291``). Matched whole.
NOT_ITEM_QUERY_PARAMETERS: tuple[str, ...] = (
    "page",
    "paged",
    "p",
    "pg",
    "seite",  # German: page
    "start",
    "offset",
    "limit",
    "cat",
    "catid",
    "category",
    "section",
    "sectionid",
    "tag",
    "topic",
    "rubrik",  # German, Scandinavian: a section
    "ressort",  # German: a desk's section
    "year",
    "month",
    "sort",
    "order",
)

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
    "avtor",  # Russian, transliterated
    "avtory",
    "автор",  # Russian, Ukrainian, Bulgarian
    "авторы",
    "autorzy",  # Polish
    "yazar",  # Turkish
    "yazarlar",
    "kirjoittaja",  # Finnish
    "toimittaja",
    "skribent",  # Swedish
    "skribenter",
    "journalister",  # Swedish, Danish, Norwegian
    "reporter",
    "reporters",
    "writer",
    "writers",
    "columnists",
    "columnist",
)
# Path segments of a category archive (a term link to one is a category, not a tag).
CATEGORY_PATH_SEGMENTS: tuple[str, ...] = ("category", "categories", "section", "rubrique")
# Path segments of a tag archive, in the languages of the sites archived so far (WordPress's
# /tag/, Blogger's /search/label/, Drupal's and news CMSs' keyword and topic pages).
TAG_PATH_SEGMENTS: tuple[str, ...] = (
    "tag", "tags", "tagged", "label", "keyword", "keywords", "topic", "topics",
    "schlagwort", "schlagworte", "stichwort", "stichworte", "thema", "themen", "motcle",
    "mot-cle", "etiqueta", "etiquetas", "argomenti", "aiheet",
)  # fmt: skip

# -- Page types -----------------------------------------------------------------------------

# Body classes (``<body class="...">``) that say what a page is, as WordPress writes them
# (``get_body_class``); matched whole, case-insensitively. A site on another CMS whose
# templates say the same in classes of their own lists them in its profile (``pagetype``).
# A page that is no article: the 404 page, an attachment's page, a password-protected post,
# the login page.
NOT_ARTICLE_BODY_CLASSES: tuple[str, ...] = (
    "error404",
    "attachment",
    "post-password-required",
    "login",
)
# A static Page (/about/): no article unless it says when it was published, in its metadata
# and printed by its headline. Not ``page`` alone: other CMSs put it on their article pages.
STATIC_PAGE_BODY_CLASSES: tuple[str, ...] = ("page-id-*",)
# A listing of posts: the home page, the posts page, archives by term, author or date, a
# later page of any of them, search results.
LISTING_BODY_CLASSES: tuple[str, ...] = (
    "home",
    "blog",
    "archive",
    "category",
    "tag",
    "author",
    "date",
    "paged",
    "search",
    "search-results",
)
# Body classes that name one item: WordPress never writes them on a listing, other CMSs do on
# their article pages, beside words of their own (Blogsmith's ``home article`` on every post of
# a section named "Home"). With one of them, a listing class that is also a section's name
# (``SECTION_NAME_BODY_CLASSES``) decides nothing; an archive's, a tag's, a search's still do.
SINGLE_ITEM_BODY_CLASSES: tuple[str, ...] = ("article", "story", "single")
SECTION_NAME_BODY_CLASSES: tuple[str, ...] = ("home", "blog")

# What labels a version number, which a short line may print like a date of a two-digit year
# ("Version 1.10.22": no 1 October 2022). Matched whole, before the number (``pagetype``).
VERSION_LABELS: tuple[str, ...] = (
    "version",
    "versión",  # Spanish
    "versione",  # Italian
    "release",
    "build",
    "ver",
    "v",
)

# -- Discussions ----------------------------------------------------------------------------

# A path segment of a forum's thread or topic: the forum section many sites name so, and the
# scripts and paths of phpBB (``viewtopic.php``), vBulletin (``showthread.php``) and XenForo
# (``/threads/slug.123/``). A thread's first post has a headline, a byline and a dateline; on a
# page without article markup or metadata its URL says it is a discussion (``pagetype``).
FORUM_PATH_SEGMENTS: tuple[str, ...] = (
    "forum",
    "forums",
    "foren",  # German
    "threads",
    "viewtopic.php",
    "showthread.php",
)

# What starts a reply's subject in forums and mail archives ("Re: Subject"): a heading so, and
# the page's subject after it, is a post of a thread, not an article's (``pagetype``).
REPLY_PREFIXES: tuple[str, ...] = (
    "re",  # Latin, in most languages
    "aw",  # German: Antwort
    "antw",  # German, Dutch
    "sv",  # Swedish, Danish, Norwegian: svar
    "vs",  # Finnish: vastaus
    "odp",  # Polish: odpowiedź
    "ynt",  # Turkish: yanıt
)

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
    "بقلم",  # Arabic: "by the pen of"
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
    "escrita",
    "pubblicato",  # Italian
    "scritto",
    "geschreven",  # Dutch
    "gepubliceerd",
    "skrevet",  # Norwegian, Danish
    "skriven",  # Swedish
    "publicerad",
    "publiceret",
)
# Labels of a credit, before a colon (or a full-width colon): "Text: X", "Autor: X", "作者：X".
CREDIT_LABELS: tuple[str, ...] = (
    "text",
    "words",
    "interview",
    "autor",  # German, Spanish, Portuguese, Polish, Czech, Slovak, Romanian
    "autorin",
    "author",
    "auteur",
    "redaktion",
    "reporter",
    "texte",  # French
    "texto",  # Spanish, Portuguese
    "autore",  # Italian
    "testo",
    "tekst",  # Dutch, Polish, Norwegian, Danish
    "autorka",  # Polish, Czech
    "skribent",  # Swedish
    "kirjoittaja",  # Finnish
    "teksti",
    "toimittaja",
    "yazar",  # Turkish
    "yazan",
    "haber",
    "muhabir",
    "автор",  # Russian, Ukrainian, Bulgarian
    "текст",
    "автор текста",
    "автори",
    "بقلم",  # Arabic
    "الكاتب",
    "كتب",
    "إعداد",
    "作者",  # Chinese
    "撰文",
    "文",  # Chinese, Japanese: "文：山田太郎"
    "記者",  # Japanese, Chinese (traditional)
    "记者",  # Chinese
    "筆者",  # Japanese
    "執筆",
    "著者",
    "取材・文",
    "글",  # Korean
    "필자",
)
# Labels of a credit before a slash too ("文/张三", "文／山田太郎"), besides a colon.
SLASH_CREDIT_LABELS: tuple[str, ...] = ("文", "撰文", "记者", "記者", "作者", "글")
# Roles written before a name with a space (Chinese, Japanese: "记者 张三", "本报记者 张三",
# where what comes before the role, "本报", "新华社", names the paper): a CJK role only, as a
# word of a language with spaces here would be a sentence's.
ROLES_BEFORE_NAMES: tuple[str, ...] = ("记者", "記者", "特约记者", "通讯员", "特派員", "特派员")
# Roles written after a name (Korean, Japanese, Chinese: "홍길동 기자", "山田太郎記者"), with
# or without a space, a qualifier between ("홍길동 선임기자": senior reporter).
ROLES_AFTER_NAMES: tuple[str, ...] = (
    "기자",  # Korean: reporter
    "특파원",  # correspondent
    "통신원",
    "논설위원",  # editorial writer
    "記者",  # Japanese, Chinese (traditional)
    "记者",  # Chinese
    "特派員",
    "特派员",
    "編集委員",
    "論説委員",
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
    "skrivet",  # Swedish: "Skrivet av"
    "kirjoittanut",  # Finnish
    "yazan",  # Turkish
    "написано",  # Russian
    "автор",
    "執筆者",  # Japanese
    "作者",  # Chinese
    "작성자",  # Korean
)
# Words before the date or time that ends a byline line's name ("By X on 3 May", "von X am").
BEFORE_DATE_WORDS: tuple[str, ...] = ("am", "on", "le", "el", "il", "at", "um", "den", "op", "em")
# Words that say what a printed date is, right before it (``printed.PrintedDate.label``): the
# article's publication ("Erschienen am: 13.10.2021", "Published: 3 March 2020") or its last
# change ("Zuletzt geändert am: 15.10.2021", "Article mis à jour le 7 janvier 2020").
# Not "Stand" ("as of"): news sites print their publication dateline so.
PUBLISHED_DATE_LABELS: tuple[str, ...] = (
    "published",
    "posted",
    "erschienen",  # German
    "veröffentlicht",
    "publié",  # French
    "publiée",
    "publicado",  # Spanish, Portuguese
    "publicada",
    "pubblicato",  # Italian
    "gepubliceerd",  # Dutch
    "publicerad",  # Swedish
    "publiceret",  # Danish
    "publisert",  # Norwegian
    "julkaistu",  # Finnish
    "opublikowano",  # Polish
    "publikováno",  # Czech
    "опубликовано",  # Russian
    "yayınlanma",  # Turkish
    "发布",  # Chinese
    "發佈",
    "公開",  # Japanese
    "게시",  # Korean
)
MODIFIED_DATE_LABELS: tuple[str, ...] = (
    "updated",
    "last modified",
    "last changed",
    "aktualisiert",  # German
    "zuletzt geändert",
    "letzte änderung",
    "mis à jour",  # French
    "modifié",
    "actualizado",  # Spanish, Portuguese
    "actualizada",
    "atualizado",
    "aggiornato",  # Italian
    "bijgewerkt",  # Dutch
    "uppdaterad",  # Swedish
    "opdateret",  # Danish
    "oppdatert",  # Norwegian
    "päivitetty",  # Finnish
    "zaktualizowano",  # Polish
    "aktualizováno",  # Czech
    "обновлено",  # Russian
    "güncellenme",  # Turkish
    "更新",  # Chinese, Japanese
    "수정",  # Korean
)
# Between the names of one byline ("A and B", "A und B"): as written, case matters (a capital
# "E" or "Y" is an initial). Not a word that is also a common word of another language's
# phrases (Czech "a", Dutch "en": "Noticias en español" would be two names).
AND_WORDS: tuple[str, ...] = (
    "and",
    "And",
    "AND",
    "und",
    "UND",
    "et",
    "y",
    "e",
    "og",
    "och",
    "ja",  # Finnish
    "i",  # Polish, Croatian, Serbian, Catalan
    "ve",  # Turkish
    "и",  # Russian, Bulgarian
    "і",  # Ukrainian
    "та",
)
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
    "artykuły",  # Polish
    "wpisy",
    "статьи",  # Russian
    "публикации",
    "yazıları",  # Turkish
    "記事一覧",  # Japanese
    "文章",  # Chinese
    "기사",  # Korean
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
     "text", "interview", "phd", "md", "mba", "msc", "rd", "rn",
     # Polish, Czech, Slovak, Swedish and Danish, Norwegian, Finnish ("Yle Uutiset"), Turkish
     # ("Haber Merkezi", "Haber Masası"), Russian, Ukrainian, Arabic
     "redakcja", "redakce", "redakcia", "redaktionen", "redaksjonen", "toimitus", "uutiset",
     "merkezi", "masası", "редакция", "редакции", "редакція", "корреспондент", "журналист",
     "التحرير"}
)  # fmt: skip
# Endings of a credit in a language written without spaces (Chinese, Japanese, Korean): a desk
# ("ミナト日報編集部"), a news agency or a paper ("共同通信社", "新华通讯社", "조선일보").
DESK_ENDINGS: tuple[str, ...] = (
    "編集部",
    "编辑部",
    "編輯部",
    "報道部",
    "新聞社",
    "新闻社",
    "通信社",
    "通讯社",
    "新闻网",
    "편집부",
    "편집국",
    "취재팀",
    "일보",
    "뉴스",
)
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
    # cooperatives, European companies and the legal forms of the smaller companies of
    # Germany, the Nordics, Italy, the Netherlands, Czechia and Australia ("Volksbank eG",
    # "Nordex SE", "Muster UG")
    "eg",
    "se",
    "gbr",
    "ug",
    "kgaa",
    "oy",
    "oyj",
    "ab",
    "asa",
    "s.p.a",
    "n.v",
    "s.r.o",
    "pty",
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
    # Jetpack's sharing, likes and related-posts headings in the languages it ships in most
    "Teilen mit:",  # German
    "Gefällt mir:",
    "Ähnliche Beiträge",
    "Partager :",  # French
    "J’aime ça :",
    "Similaire",
    "Comparte esto:",  # Spanish
    "Me gusta esto:",
    "Relacionado",
    "Condividi:",  # Italian
    "Mi piace:",
    "Correlati",
    "Compartilhe isso:",  # Portuguese
    "Curtir isso:",
    "Delen:",  # Dutch
    "Vind ik leuk:",
    "Gerelateerd",
    "Поделиться:",  # Russian
    "Нравится:",
    "Похожее",
    "共有:",  # Japanese
    "いいね:",
    "関連",
)
# The label of a picture's credit line, before a colon (``chrome.is_chrome_paragraph``): "Foto:
# dpa", "(Credit: Jane Doe / Agency)", "Crédits photos : X". Compared case-folded.
PICTURE_CREDIT_LABELS: tuple[str, ...] = (
    "photo",  # English, French
    "photos",
    "photo credit",
    "photo credits",
    "photograph",
    "image",
    "image credit",
    "picture",
    "credit",
    "credits",
    "foto",  # German, Spanish, Italian, Portuguese, Dutch, Polish, Czech
    "fotos",
    "bild",  # German
    "bilder",
    "bildquelle",
    "titelbild",
    "beitragsbild",
    "aufmacherbild",
    "crédit photo",  # French
    "crédits photo",
    "crédits photos",
    "crédit",
    "crédits",
    "imagen",  # Spanish
    "fotografía",
    "crédito",
    "imagem",  # Portuguese
    "fotografia",  # Italian, Portuguese
    "zdjęcie",  # Polish
    "beeld",  # Dutch
    "фото",  # Russian, Ukrainian, Bulgarian
)
# The label of a "read also" block (``chrome.read_also_blocks``), compared as a whole line like
# ``CHROME_PARAGRAPHS`` (and a trailing "?" dropped): the heading a template puts over links to
# other stories, in the body or under it. The common phrasings of the languages the archive meets.
READ_ALSO_LABELS: tuple[str, ...] = (
    # English
    "Read also",
    "Also read",
    "Read more",
    "See also",
    "Related articles",
    "Related stories",
    "Related posts",
    "Related news",
    "Related content",
    "Related coverage",
    "Related reading",
    "More on this topic",
    "More on this story",
    "Further reading",
    "You may also like",
    "You might also like",
    "Recommended for you",
    "Read next",
    "Most read",
    "More stories",
    # German
    "Lesen Sie auch",
    "Lies auch",
    "Lesen Sie auch die folgenden Beiträge",
    "Auch interessant",
    "Auch lesenswert",
    "Schon gelesen",
    "Weiterlesen",
    "Zum Weiterlesen",
    "Mehr zum Thema",
    "Mehr dazu",
    "Mehr Themen",
    "Weitere Themen",
    "Weitere Artikel",
    "Weitere Artikel zum Thema",
    "Weitere Beiträge",
    "Ähnliche Artikel",
    "Verwandte Artikel",
    "Passend zum Thema",
    "Meistgelesen",
    "Das könnte Sie auch interessieren",
    "Das könnte dich auch interessieren",
    "Das Thema könnte Sie auch interessieren",
    "Das Thema könnte dich auch interessieren",
    # French
    "À lire aussi",
    "A lire aussi",
    "Lire aussi",
    "À lire également",
    "Lire également",
    "Voir aussi",
    "À voir aussi",
    "Sur le même sujet",
    "Articles similaires",
    "Articles liés",
    "Les plus lus",
    # Spanish
    "Lea también",
    "Lee también",
    "Lea más",
    "Lee más",
    "Ver también",
    "Te puede interesar",
    "También te puede interesar",
    "Notas relacionadas",
    "Noticias relacionadas",
    "Artículos relacionados",
    "Lo más leído",
    # Italian
    "Leggi anche",
    "Vedi anche",
    "Articoli correlati",
    "Potrebbe interessarti",
    "Ti potrebbe interessare",
    # Portuguese
    "Leia também",
    "Leia mais",
    "Veja também",
    "Notícias relacionadas",
    "Artigos relacionados",
    # Dutch
    "Lees ook",
    "Zie ook",
    "Gerelateerde artikelen",
    # Polish
    "Czytaj też",
    "Czytaj także",
    "Zobacz też",
    "Zobacz także",
    "Polecamy",
)
