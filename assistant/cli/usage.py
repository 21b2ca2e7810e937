"""Command-line usage errors (a missing argument, an unknown option, a value out of range)
as one Dutch line with exit code 2.

Typer 0.2x ships its own copy of click, whose exceptions are not click's; both kinds are
recognised here, so a usage mistake never looks like a crash.
"""

from __future__ import annotations

import re
import types

import click
import typer

_vendored: types.ModuleType
try:  # typer's vendored click (typer >= 0.2x); older typer uses click itself
    from typer._click import exceptions as _vendored  # type: ignore[import-not-found,unused-ignore,no-redef]
except ImportError:  # pragma: no cover - depends on the installed typer
    _vendored = click.exceptions


def _classes(*candidates: object) -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    for c in candidates:
        if isinstance(c, type) and issubclass(c, BaseException) and c not in found:
            found.append(c)
    return tuple(found)


CLICK_ERRORS = _classes(click.ClickException, getattr(_vendored, "ClickException", None))
ABORTS = _classes(click.exceptions.Abort, typer.Abort, getattr(_vendored, "Abort", None))
EXITS = _classes(click.exceptions.Exit, typer.Exit, getattr(_vendored, "Exit", None))
NO_ARGS = _classes(
    getattr(click.exceptions, "NoArgsIsHelpError", None),
    getattr(_vendored, "NoArgsIsHelpError", None),
)

# click's and pydantic's English phrases, in the words of the rest of the CLI
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '([^']+)'\.?$"), r"Ontbrekend argument \1."),
    (re.compile(r"^Missing option '([^']+)'\.?$"), r"Verplichte optie ontbreekt: \1."),
    (re.compile(r"^Missing parameter: (\S+)$"), r"Ontbrekende waarde: \1."),
    (re.compile(r"^No such command '([^']+)'\.?$"), r"Onbekend commando '\1'."),
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?$"), r"Onbekende optie: \1."),
    (
        re.compile(r"^Option '([^']+)' requires an argument\.?$"),
        r"Optie \1 heeft een waarde nodig.",
    ),
    (
        re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((.*)\)\.?$"),
        r"Onverwachte extra argumenten: \1.",
    ),
    (re.compile(r"^Invalid value for (.+?): (.*)$"), r"Ongeldige waarde voor \1: \2"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"moet minstens \1 zijn"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"mag hoogstens \1 zijn"),
    (re.compile(r"Input should be a valid integer.*"), "moet een geheel getal zijn"),
    (re.compile(r"Input should be a valid number.*"), "moet een getal zijn"),
    (re.compile(r"'([^']+)' is not a valid integer( range)?\.?"), r"'\1' is geen geheel getal."),
    (re.compile(r"'([^']+)' is not one of (.*)\.$"), r"'\1' is geen van \2."),
    (re.compile(r"(?:File|Path) '([^']+)' does not exist\.?"), r"'\1' bestaat niet."),
]


def dutch(message: str) -> str:
    text = " ".join(message.split())
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


def usage_line(exc: BaseException) -> str:
    """One Dutch line for a usage error, with where to find help."""
    message = dutch(str(getattr(exc, "format_message", lambda: str(exc))()))
    if not message.endswith((".", "?", "!")):
        message += "."
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", "") or "klantreis"
    return f"Fout: {message} Zie '{path} --help'."
