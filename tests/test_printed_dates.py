"""printed_dates: the dates a page prints for its readers, in the languages and orders they use."""

from __future__ import annotations

from datetime import date

import pytest

from archiver.extraction.printed import printed_dates


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("Posted on October 21, 2019 by the desk", "en", date(2019, 10, 21)),
        ("Nov. 6th, 2023", "en-US", date(2023, 11, 6)),
        ("Erstellt am: 01.11.2023", "de", date(2023, 11, 1)),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", "de", date(2022, 2, 4)),
        ("Veröffentlicht am 20. Oktober 2021", "de-AT", date(2021, 10, 20)),
        ("Erschienen am 26. Jan 2022", "de", date(2022, 1, 26)),
        ("Par Loïc Le Clerc | 30 septembre 2018", "fr", date(2018, 9, 30)),
        ("renvoyé au 1er avril 2020", "fr-FR", date(2020, 4, 1)),
        ("Buenos Aires, 3 de mayo de 2022", "es", date(2022, 5, 3)),
        ("Managua, Nicaragua 26, Abril, 2022 7:43 p.m.", "es", date(2022, 4, 26)),
        ("Brasília 03/05/2022 21:44", "pt-BR", date(2022, 5, 3)),
        ("di Giulia Ferri · 12 marzo 2024", "it", date(2024, 3, 12)),
        ("gepubliceerd op 6 november 2023", "nl", date(2023, 11, 6)),
        ("6 listopada 2023", "pl", date(2023, 11, 6)),
        ("6 ноября 2023 г.", "ru", date(2023, 11, 6)),
        ("2023. november 6.", "hu", date(2023, 11, 6)),
        ("2021年10月20日 18時05分", "ja", date(2021, 10, 20)),
        ("2021년 10월 20일", "ko", date(2021, 10, 20)),
        ("发布时间：2023年11月18日", "zh-Hans", date(2023, 11, 18)),
        ("2019-10-21", None, date(2019, 10, 21)),
        ("Pubblicato il 26 | 01 | 2022", "it", date(2022, 1, 26)),
        ("Published: 26-01-2022 09:40 IST", "en-IN", date(2022, 1, 26)),
        ("Posted 14-Jan-2022", "en-IN", date(2022, 1, 14)),
        ("Jan-14-2022", "en-US", date(2022, 1, 14)),
        ("Bogotá, 14 de enero del 2022", "es", date(2022, 1, 14)),
        ("mardi 10 . 12 . 2019", "fr", date(2019, 12, 10)),
        # No language declared: month names of any language that gives them one meaning.
        ("publicado el 3 de mayo de 2022", None, date(2022, 5, 3)),
        ("21. Oktober 2019", None, date(2019, 10, 21)),
    ],
)
def test_a_printed_date_is_read_in_its_language(text, language, day):
    found = printed_dates(text, language)
    assert [printed.day for printed in found] == [day]
    assert found[0].sure


def test_day_and_month_order_follows_the_page_language():
    assert [p.day for p in printed_dates("10/11/2019", "en-US")] == [date(2019, 10, 11)]
    assert [p.day for p in printed_dates("10/11/2019", "en-GB")] == [date(2019, 11, 10)]
    assert [p.day for p in printed_dates("10/11/2019", "fr")] == [date(2019, 11, 10)]
    # Unknown order: both readings, neither sure; a day above 12 leaves one.
    both = printed_dates("10/11/2019", None)
    assert {p.day for p in both} == {date(2019, 11, 10), date(2019, 10, 11)}
    assert not any(p.sure for p in both)
    assert [(p.day, p.sure) for p in printed_dates("13/11/2019", None)] == [
        (date(2019, 11, 13), True)
    ]


def test_a_name_two_languages_give_different_months_is_read_in_the_page_language_only():
    # "listopad" is November in Czech and Polish, October in Croatian.
    assert [p.day for p in printed_dates("5. listopad 2021", "cs")] == [date(2021, 11, 5)]
    assert [p.day for p in printed_dates("5. listopad 2021", "hr")] == [date(2021, 10, 5)]
    assert printed_dates("5. listopad 2021", None) == []


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("March 4, 2024 at 9:15 pm", (21, 15)),
        ("May 10, 2022 01:52:54 PM", (13, 52)),
        ("12 May 2022, 12:05 a.m.", (0, 5)),
        ("19. Oktober 2019 um 00:04 Uhr", (0, 4)),
        ("3 de mayo de 2022 21:25", (21, 25)),
        ("October 21, 2019", None),
    ],
)
def test_the_time_printed_beside_a_date_is_read_on_a_24_hour_clock(text, clock):
    assert printed_dates(text, None)[0].time == clock


def test_dates_come_in_the_order_printed_and_stray_numbers_are_not_dates():
    text = "Ausgabe 12/2022, 1.500 Besucher, Version 2.4.10. Am 5. März 2022 und am 28.01.2022."
    assert [p.day for p in printed_dates(text, "de")] == [date(2022, 3, 5), date(2022, 1, 28)]


@pytest.mark.parametrize(
    ("text", "language", "labels"),
    [
        ("Erschienen am:\n      13.10.2021 Herausgeber: Pressestelle", "de", ["published"]),
        (
            "Letzte Änderung: 31.10.2023 - 14:49:39 Erschienen am: 01.11.2023",
            "de",
            ["modified", "published"],
        ),
        ("Posted on May 3, 2020 | Updated May 5, 2020", "en", ["published", "modified"]),
        ("Article mis à jour le 7 janvier 2020.", "fr", ["modified"]),
        ("Publicado el 3 de mayo de 2022", "es", ["published"]),
        ("最后更新：2021年10月20日", "zh", ["modified"]),
        # A date in a sentence says nothing of the article.
        ("Die Wahl fiel am 28. September 2022 einstimmig.", "de", [None]),
    ],
)
def test_the_words_before_a_date_label_it_publication_or_last_change(text, language, labels):
    assert [found.label for found in printed_dates(text, language)] == labels


@pytest.mark.parametrize(
    ("line", "language", "day"),
    [
        ("Von: Björn Jahner | 31.10.23", "de", date(2023, 10, 31)),
        ("di Redazione, 14 Gennaio 20", "it", date(2020, 1, 14)),
        ("By Sam Ortiz, Jan. 14, 22", "en", date(2022, 1, 14)),
        ("Publicado 26/01/22", "es", date(2022, 1, 26)),
    ],
)
def test_a_dateline_with_a_two_digit_year_is_read_on_a_short_line_only(line, language, day):
    assert [found.day for found in printed_dates(line, language, short_years=True)] == [day]
    # In running text the same shape is a version, a score or a count.
    assert printed_dates(line, language) == []
