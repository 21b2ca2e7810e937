"""Errors of the knowledge package. Messages are Dutch: the CLI/UI shows them as is."""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base of the errors ``knowledge`` raises on purpose."""


class EmbedderUnavailable(KnowledgeError):
    """The configured embedding model cannot be used on this machine."""


class UnsupportedFile(KnowledgeError):
    """A file type the loaders do not read."""


class CorruptFile(KnowledgeError):
    """A file that could not be parsed (or was rejected as unsafe)."""
