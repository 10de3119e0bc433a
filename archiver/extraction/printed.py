"""Dates as a page prints them for its readers, in any language: text in, calendar days out.

``printed_dates(text, language)`` finds every full date (day, month and year) written in
``text``, in the order written, with the time of day when one follows it:

- numbers: ``21.10.2019``, ``4. 2. 2022``, ``2019-10-21``, ``2019/10/21``, ``2019. 10. 21.``,
  ``10/21/2019``, ``21/10/2019``, ``21-10-2019`` and ``21 | 10 | 2019`` (day and month read by
  the page language's order; both readings when the language is unknown or gives none);
- CJK: ``2021年10月20日``, ``2021년 10월 20일``;
- month names of any language dateparser knows (its translation data, the same htmldate reads):
  ``October 21, 2019``, ``21 Oct. 2019``, ``21. Oktober 2019``, ``21 de octubre de 2019``,
  ``21 octobre 2019``, ``26, Abril, 2022``, ``21 de octubre del 2019``, ``21-Oct-2019``, ``21 октября 2019``, ``2019. október 21.``. The
  page language's names come first, then English's, then every other language's names that no
  other language gives another month (``listopad`` is November in Czech and October in
  Croatian: read only on a page in one of them).

A two-digit year (``6.11.22``, ``14 Gennaio 20``) is read on a dateline's short line only
(``short_years``): elsewhere version numbers and scores look the same.

A date's *label* is what the words right before it say it is: ``published`` ("Erschienen am:
13.10.2021", "Posted on May 3, 2020") or ``modified`` ("Zuletzt geändert am: 15.10.2021",
"Article mis à jour le 7 janvier 2020"), by ``lexicon.PUBLISHED_DATE_LABELS`` and
``MODIFIED_DATE_LABELS``; None when they say neither.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache

import dateparser.data.date_translation_data as _translations

from archiver.extraction import lexicon
from archiver.extraction.metadata import alternatives

_MONTH_KEYS = (
    "january february march april may june july august september october november december"
).split()
_YEAR = r"((?:19|20)\d{2})"
_DAY = r"(\d{1,2})"
# A name is letters only; abbreviations may end with a dot ("Okt.", "nov.").
_NAME = r"([^\W\d_]{3,})\.?"
_DAY_SUFFIX = r"(?:\.|st|nd|rd|th|er|º|°)?"
# Between day, month and year: the same mark twice, spaced or not ("26-01-2022", "26 | 01 | 2022").
_NUMBER_MARKS = ("/", "-", "|")


def _forms(year: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, field order) for every form whose year is written as ``year`` matches: each
    pattern's groups are year, month and day in that order's letters (``??Y``: day and month
    in the page language's order)."""
    numbered = [
        (rf"(\d{{1,2}})\s?{re.escape(mark)}\s?(\d{{1,2}})\s?{re.escape(mark)}\s?{year}", "??Y")
        for mark in _NUMBER_MARKS
    ]
    return tuple(
        (re.compile(rf"(?<![\w.]){pattern}(?![\w])"), order)
        for pattern, order in (
            (rf"{_DAY}\s?\.\s?(\d{{1,2}})\s?\.\s?{year}", "DMY"),
            (rf"{year}-(\d{{1,2}})-{_DAY}", "YMD"),
            (rf"{year}/(\d{{1,2}})/{_DAY}", "YMD"),
            (rf"{year}\.\s?(\d{{1,2}})\.\s?{_DAY}\.?", "YMD"),
            (rf"{year}\s?[年년]\s?(\d{{1,2}})\s?[月월]\s?{_DAY}\s?[日일]?", "YMD"),
            *numbered,
            (
                rf"{_DAY}{_DAY_SUFFIX}(?:-|,?\s?(?:de\s|of\s)?){_NAME}(?:-|,?\s?(?:del?\s)?){year}",
                "DNY",
            ),
            (rf"{_NAME}[\s-]{_DAY}{_DAY_SUFFIX},?[\s-]{year}", "NDY"),
            (rf"{year}\.?\s{_NAME}\s{_DAY}\.?", "YND"),
        )
    )


_FORMS = _forms(_YEAR)
# A year of two digits ("31.10.23", "14 Gennaio 20"), read on a dateline's short line only:
# elsewhere version numbers, scores and counts look the same ("6.11.22", "am 3. Mai 22 Gäste").
# Year-first forms are left out: "22-10-31" is as often a product code.
_SHORT_FORMS = tuple((pattern, order) for pattern, order in _forms(r"(\d{2})") if order[0] != "Y")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Characters around a year that a form may span: "30. September, 2019 um 14:37".
_WINDOW = 40
_TIME = re.compile(
    r"[\s,|@–—-]{0,4}(?:um|à|at|a las|às|alle|om|kl\.)?\s?(\d{1,2})[:h](\d{2})(?!\d)"
    r"(?::\d{2})?\s?([ap]\.?m\b\.?)?",
    re.IGNORECASE,
)

# A label word stands this close before its date: "Zuletzt geändert am: " is 21 characters; the
# last one there decides ("Letzte Änderung: 31.10.2023 - 14:49:39 Erschienen am: 01.11.2023").
# No word boundaries: CJK labels stand between other letters ("最后更新：").
_LABEL_REACH = 32
_LABELS = re.compile(
    f"({alternatives(lexicon.PUBLISHED_DATE_LABELS)})|({alternatives(lexicon.MODIFIED_DATE_LABELS)})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PrintedDate:
    """One date as printed: where, its day, the local time printed right after it if any, and
    whether it has one reading only (``10/11/2019`` on a page of unknown order has two)."""

    start: int
    day: date
    time: tuple[int, int] | None = None
    sure: bool = True
    label: str | None = None  # "published", "modified" or None, by the words before it

    def local(self) -> datetime | None:
        """The printed day and time as a naive datetime, None when no time is printed."""
        if self.time is None:
            return None
        return datetime(self.day.year, self.day.month, self.day.day, *self.time)


def base_language(language: str | None) -> str | None:
    """``de`` for ``de-DE`` / ``de_AT``; None for None or an empty tag."""
    return language.replace("_", "-").split("-")[0].casefold() or None if language else None


@cache
def _info(name: str) -> dict:
    try:
        return importlib.import_module(f"{_translations.__name__}.{name}").info
    except ImportError:
        return {}


@lru_cache(maxsize=1)
def _language_names() -> tuple[str, ...]:
    return tuple(module.name for module in pkgutil.iter_modules(_translations.__path__))


def _months_of(name: str) -> dict[str, set[int]]:
    months: dict[str, set[int]] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for word in _info(name).get(key, ()):
            months.setdefault(word.casefold().rstrip("."), set()).add(number)
    return months


@lru_cache(maxsize=1)
def _unambiguous_month_names() -> dict[str, int]:
    """Every language's month names that no language gives another month: the same for every
    page, read once (all of dateparser's ~200 languages: ~25 ms, paid again for each page
    language when it was part of ``month_names``)."""
    others: dict[str, set[int]] = {}
    for name in _language_names():
        for word, numbers in _months_of(name).items():
            others.setdefault(word, set()).update(numbers)
    return {word: next(iter(numbers)) for word, numbers in others.items() if len(numbers) == 1}


@lru_cache(maxsize=64)
def month_names(language: str | None) -> dict[str, int]:
    """Month name or abbreviation (casefolded) -> month number, by the precedence above."""
    names: dict[str, int] = {}
    for first in (base_language(language), "en"):
        for word, numbers in _months_of(first).items() if first else ():
            if len(numbers) == 1:
                names.setdefault(word, next(iter(numbers)))
    for word, month in _unambiguous_month_names().items():
        names.setdefault(word, month)
    return names


@lru_cache(maxsize=64)
def _numeric_order(language: str | None) -> str | None:
    """ "DMY" or "MDY" for ``10/11/2019`` on a page in ``language`` (``en-GB``: DMY), else None."""
    base = base_language(language)
    if not base:
        return None
    info = _info(base)
    regional = info.get("locale_specific", {}).get(language.replace("_", "-"), {})
    order = regional.get("date_order") or info.get("date_order")
    return order if order in ("DMY", "MDY") else None


def _day(year: str, month: int | None, day: str) -> date | None:
    """The day, None for none (a 30 February); a two-digit year is this century's."""
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, int(day)) if month else None
    except ValueError:
        return None


def _readings(groups: tuple[str, ...], order: str, language: str | None) -> list[date]:
    """The days a match may mean: two for ``10/11/2019`` on a page whose language gives no order."""
    if order == "??Y":
        first, second, year = groups
        readings = {"DMY": _day(year, int(second), first), "MDY": _day(year, int(first), second)}
        order = _numeric_order(language)
        if order:
            return [readings[order]] if readings[order] else []
        return [day for day in dict.fromkeys(readings.values()) if day]
    fields = dict(zip(order, groups, strict=True))
    if "N" in fields:
        month = month_names(language).get(fields["N"].casefold())
    else:
        month = int(fields["M"])
        month = month if 1 <= month <= 12 else None
    found = _day(fields["Y"], month, fields["D"])
    return [found] if found else []


def _time_after(text: str, end: int) -> tuple[int, int] | None:
    match = _TIME.match(text, end)
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if match[3]:  # 12-hour clock: 12:05 am is 00:05, 9:15 pm is 21:15
        hours = hours % 12 + (12 if match[3][0] in "pP" else 0) if 1 <= hours <= 12 else 99
    return (hours, minutes) if hours < 24 and minutes < 60 else None


def _label(text: str, start: int) -> str | None:
    """What the words right before ``text[start]`` say the date there is (see the docstring)."""
    # Whitespace collapsed: markup's indentation stands between a label and its date.
    before = " ".join(text[max(0, start - 4 * _LABEL_REACH) : start].split())[-_LABEL_REACH:]
    label = None
    for match in _LABELS.finditer(before):
        label = "published" if match[1] else "modified"
    return label


def _year_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` around its four-digit years, overlapping ones merged: every form
    holds a year, so the forms are matched there only (a page's text runs to 500,000 characters,
    and a month-name form tried at every word costs milliseconds)."""
    windows: list[tuple[int, int]] = []
    for match in _ANY_YEAR.finditer(text):
        start, end = max(0, match.start() - _WINDOW), match.end() + _WINDOW
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def printed_dates(
    text: str, language: str | None = None, short_years: bool = False
) -> list[PrintedDate]:
    """Every full date printed in ``text``, in order; ``10/11/2019`` on a page whose language
    gives no order has both readings, at the same position. With ``short_years`` (a dateline's
    short line), a year of two digits too: "31.10.23", "14 Gennaio 20"."""
    searches = [(_FORMS, window) for window in _year_windows(text)]
    if short_years:
        searches.append((_SHORT_FORMS, (0, len(text))))
    found = []
    for forms, (start, end) in searches:
        for pattern, order in forms:
            for match in pattern.finditer(text, start, end):
                readings = _readings(match.groups(), order, language)
                clock = _time_after(text, match.end()) if readings else None
                sure = len(readings) == 1
                label = _label(text, match.start()) if readings else None
                found += [PrintedDate(match.start(), day, clock, sure, label) for day in readings]
    return sorted(found, key=lambda printed: printed.start)
