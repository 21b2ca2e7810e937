"""A small exception tree. Messages are Dutch and meant for the user; they become output
only at the CLI/UI edge."""

from __future__ import annotations


class KlantreisError(Exception):
    """Base of every error the product raises on purpose."""

    exit_code = 1


class ConfigError(KlantreisError):
    """Invalid settings."""

    exit_code = 2


class InputError(KlantreisError):
    """User input (a file, a message, an argument) that cannot be used."""

    exit_code = 2


class ModelValidationError(InputError):
    """A process model that does not validate; ``location`` is a JSON path."""

    def __init__(self, message: str, location: str = "$") -> None:
        super().__init__(message)
        self.location = location


class NotFoundError(KlantreisError):
    """A session, variant, case or file that does not exist."""

    exit_code = 2


class StorageError(KlantreisError):
    """The store could not save or read (disk full, database locked for too long)."""

    exit_code = 3


class LlmError(KlantreisError):
    """The language model failed (timeout, connection, invalid output)."""
