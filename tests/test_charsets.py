"""Pages whose bytes contradict the charset they declare: decoded as their bytes show, the way a
browser decodes a page that declares nothing (archiver.charsets)."""

from __future__ import annotations

import pytest

from archiver.charsets import redecoded


def page(paragraphs: str, lang: str = "en") -> str:
    """A whole HTML document labelled UTF-8, as a CMS with a UTF-8 default writes it."""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="UTF-8" />
<title>Notes from the harbour</title>
</head>
<body class="post-template-default single single-post">
<article class="post">
<h1 class="entry-title">Notes from the harbour</h1>
<div class="entry-content">
{paragraphs}
</div>
</article>
</body>
</html>
"""


ENGLISH = page(
    "<p>The Café on the quay charged €5 for a “flat white”, and nobody minded.</p>\n"
    "<p>By noon the fishermen’s stalls were empty — the catch had gone to the market.</p>"
)
FRENCH = page(
    "<p>Le café à côté de l’église était fermé ; déjà à midi, où aller ?</p>\n"
    "<p>Les élèves ont préféré la crêperie, près du théâtre.</p>",
    lang="fr",
)
RUSSIAN = page(
    "<p>В порту открылось новое кафе, и к полудню там уже не было свободных мест.</p>\n"
    "<p>Рыбаки продали весь улов ещё до рассвета.</p>",
    lang="ru",
)


@pytest.mark.parametrize(
    ("text", "legacy", "host"),
    [
        (ENGLISH, "cp1252", "megalopreneur.com"),
        (ENGLISH, "cp1252", "127.0.0.1"),
        (FRENCH, "cp1252", "journal.fr"),
        (RUSSIAN, "cp1251", "gazeta.ru"),
    ],
)
def test_legacy_bytes_under_a_utf8_label_are_read_in_their_own_charset(text, legacy, host):
    body = text.encode(legacy)

    assert redecoded(body, "utf-8", host) == text


def test_a_page_that_is_what_it_declares_is_left_alone():
    assert redecoded(ENGLISH.encode("utf-8"), "utf-8", "megalopreneur.com") is None
    assert redecoded(FRENCH.encode("cp1252"), "cp1252", "journal.fr") is None


def test_a_utf8_page_with_a_few_broken_bytes_keeps_its_label():
    # One bad paste into a page whose other accents are fine UTF-8: re-reading the page as
    # cp1252 would garble every correct character to mend one.
    body = FRENCH.encode("utf-8").replace("crêperie".encode(), b"cr\xeaperie")

    assert redecoded(body, "utf-8", "journal.fr") is None


def test_an_ascii_page_with_one_stray_legacy_byte_gets_it_right():
    body = page("<p>The menu said cafe in chalk.</p>").encode().replace(b"cafe", b"caf\xe9")

    assert "The menu said café in chalk." in redecoded(body, "utf-8", "megalopreneur.com")


def test_a_charset_python_does_not_know_is_left_to_the_caller():
    assert redecoded(ENGLISH.encode("cp1252"), "x-unknown-charset") is None
