"""How the archive stores a list (authors, categories, tags, evidence): JSON text in one column.

JSON keeps the list readable in any SQLite tool (``sqlite-utils``, Datasette, ``json_each``)
and searchable (the FTS tokenizer drops the brackets and quotes). Every writer and reader of the
archive goes through these two functions, so they agree on the format.
"""

from __future__ import annotations

import json

# The articles columns holding lists the user reads as names (what ``show`` and Datasette print
# as text); ``evidence`` is a list too, of the classifier's reasons.
NAME_LIST_COLUMNS = ("authors", "categories", "tags")


def dump_list(values: list[str] | None) -> str:
    """A list as the archive stores it."""
    return json.dumps(list(values or []), ensure_ascii=False)


def load_list(value: str | None) -> list[str]:
    """A stored list as a list of strings: NULL is empty, text that is not a JSON list one item."""
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]
    return [str(item) for item in parsed] if isinstance(parsed, list) else [str(parsed)]
