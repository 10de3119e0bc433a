"""The Datasette configuration shipped with archiver: facets, search, canned queries.

``metadata.json`` describes a database named ``archive`` (the default ``archive.db``). Datasette
keys metadata by the file's stem, so ``metadata_for()`` re-keys it for an archive with any name.
"""

from __future__ import annotations

import json
from pathlib import Path

METADATA_FILE = Path(__file__).with_name("metadata.json")
SHIPPED_DATABASE_NAME = "archive"


def metadata_for(db_path: str | Path) -> dict:
    """The shipped metadata, with its database entry named after ``db_path``'s stem."""
    metadata = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    databases = metadata["databases"]
    databases[Path(db_path).stem] = databases.pop(SHIPPED_DATABASE_NAME)
    return metadata
