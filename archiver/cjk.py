"""Which characters belong to the scripts written without spaces between words (CJK).

Chinese, Japanese and Korean text is read by characters: a run of it without spaces holds many
words. Extraction counts such text by its characters (``archiver.extraction.extract.word_count``)
and the search index cuts its runs into pairs (``storage.fts``); both take the class from here so
that what counts as CJK is the same everywhere. No imports beyond ``re``: ``storage`` may use it.
"""

from __future__ import annotations

import re

# Han (with extensions and compatibility ideographs), Hiragana, Katakana (with the phonetic
# extensions and the half-width forms), Hangul syllables and jamo. The ideographic iteration
# mark 々 and the prolonged sound mark ー are word characters in Japanese.
CJK_CHARACTERS = (
    "\u1100-\u11ff\u3005\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f"
)
CJK_CHARACTER = re.compile(f"[{CJK_CHARACTERS}]")
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
