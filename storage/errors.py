"""The exceptions storage raises, so callers (CLI, pipelines) can tell a user what went wrong."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class of every error about an archive file."""


class NotAnArchive(ArchiveError):
    """The file exists but is not an archiver database (not SQLite, or no ``articles`` table)."""


class ArchiveNotFound(NotAnArchive):
    """No file at the given path: there is no archive yet (a crawl creates it)."""


class ArchiveLocked(ArchiveError):
    """Another crawl already holds the write lock of this archive."""
