"""Shared edge helpers for CLI commands: settings, store, output.

This is the edge of the product: it may read the environment and print. Commands build
settings here once and pass them down.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from assistant.config import Settings, load_settings
from assistant.errors import InputError, StorageError
from assistant.fsutil import atomic_write_bytes, storage_error
from assistant.model import ProcessModel
from assistant.model_io import load_model_file
from assistant.store import SessionStore

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@contextmanager
def eval_input_errors() -> Iterator[None]:
    """An eval whose input file or folder cannot be used (missing, unreadable, malformed:
    ``OSError``/``ValueError`` with a Dutch message) ends with that message, exit 1."""
    try:
        yield
    except (OSError, ValueError) as err:
        err_console.print(f"Fout: {err}", markup=False)
        raise typer.Exit(1) from err


def shown(text: str) -> str:
    """Text from data (a file name, a title, a chat turn) as a terminal line may show it:
    control characters written out (``\\n``, ``\\x1b``), so a newline in a file name
    cannot break the report into two lines and an escape sequence cannot restyle the
    terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@cache
def get_settings() -> Settings:
    return load_settings()


@cache
def get_store() -> SessionStore:
    return SessionStore(get_settings().effective_database_url)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def load_model_source(source: str, variant: str | None = None) -> tuple[ProcessModel, str | None]:
    """A model from a JSON file path or a session id/name; returns (model, session_id).

    With ``variant`` the model's active variant is switched to it (by id or name).
    """
    path = Path(source)
    if source.lower().endswith(".json") or path.is_file():
        model = load_model_file(path, get_settings().max_import_bytes)
        session_id = None
    else:
        snap = get_store().load(source)
        model, session_id = snap.model, snap.session_id
    if variant:
        chosen = model.variant(variant)
        if chosen is None:
            names = ", ".join(v.name for v in model.variants)
            raise InputError(f"Variant '{variant}' bestaat niet in dit model (wel: {names}).")
        model = model.model_copy(update={"active_variant_id": chosen.id})
    return model, session_id


def write_file(data: bytes, out: Path) -> None:
    """Write ``data`` to the file ``out`` without ever leaving half a file.

    An atomic write replaces the path itself, so a device or pipe (``/dev/null``,
    ``/dev/stdout``, a FIFO) would be swapped for a regular file (as root even in /dev) and
    a symlink for a copy: those are written through instead, or at their target."""
    try:
        if out.is_dir():
            raise StorageError(f"Kan {shown(str(out))} niet schrijven: dat is een map.")
        folder = next((p for p in out.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            raise StorageError(
                f"Kan {shown(str(out))} niet schrijven: een deel van het pad is geen map."
            )
        if out.exists() and not out.is_file():
            with out.open("wb") as fh:
                fh.write(data)
            return
        target = out.resolve() if out.is_symlink() else out
    except OSError as exc:
        raise storage_error(out, exc) from None
    except RuntimeError:  # a symlink loop
        raise StorageError(
            f"Kan {shown(str(out))} niet schrijven: de koppeling is een lus."
        ) from None
    atomic_write_bytes(target, data)


def write_output(data: bytes, out: Path | None) -> None:
    """Write to ``out`` atomically, or to stdout (also for ``-o -``)."""
    if out is None or str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_file(data, out)
        err_console.print(f"Geschreven: {shown(str(out))}", markup=False)
