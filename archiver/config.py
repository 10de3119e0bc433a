"""Where the archive lives: the one reader of ARCHIVER_* environment variables.

Both the Scrapy settings (write side) and the CLI (read side) ask this module, so a user who sets
``ARCHIVER_DB`` once gets the same archive everywhere. No scrapy import here.
"""

from __future__ import annotations

import os

DEFAULT_DB = "archive.db"


def db_path_from_env(environ: dict[str, str] | None = None) -> str:
    """Return the archive path: ``$ARCHIVER_DB`` when set and not empty, else ``archive.db``."""
    env = os.environ if environ is None else environ
    return env.get("ARCHIVER_DB") or DEFAULT_DB
