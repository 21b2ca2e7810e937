"""Prompt templates as files in ``prompts/``, loaded by name and validated on load.

Each file starts with a small front matter naming the template and its variables; the
placeholders in the body must be exactly those variables, so a typo fails when the
template is loaded, not halfway through a conversation. Rendering with a missing
variable raises ``PromptVariableError`` naming it. Nothing is read at import time.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.errors import KlantreisError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,60}$")


class PromptError(KlantreisError):
    """A prompt template that is missing or malformed."""


class PromptVariableError(PromptError):
    """A template rendered without one of its variables."""

    def __init__(self, template: str, variable: str) -> None:
        super().__init__(f"Prompt '{template}' mist de variabele '{variable}'.")
        self.template = template
        self.variable = variable


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: tuple[str, ...]
    body: str

    def render(self, **values: object) -> str:
        for variable in self.variables:
            if variable not in values:
                raise PromptVariableError(self.name, variable)
        # format_map on the body only: values are data and are never re-formatted
        return self.body.format_map({k: str(values[k]) for k in self.variables})


def _placeholders(body: str, name: str) -> set[str]:
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as exc:
        raise PromptError(f"Prompt '{name}' is ongeldig: {exc}.") from None
    out = set()
    for _, field_name, _, _ in parsed:
        if field_name is None:
            continue
        if not field_name.isidentifier():
            raise PromptError(
                f"Prompt '{name}' heeft een ongeldige plaatshouder '{{{field_name}}}'."
            )
        out.add(field_name)
    return out


def parse_prompt(name: str, text: str) -> Prompt:
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, flags=re.S)
    if not m:
        raise PromptError(f"Prompt '{name}' mist de kop (--- name/variables ---).")
    header, body = m.group(1), m.group(2).strip() + "\n"
    declared: tuple[str, ...] = ()
    for line in header.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "variables":
            declared = tuple(v.strip() for v in value.strip().strip("[]").split(",") if v.strip())
        elif key.strip() == "name" and value.strip() != name:
            raise PromptError(f"Prompt '{name}' heet in de kop '{value.strip()}'.")
    used = _placeholders(body, name)
    if used != set(declared):
        missing = sorted(used - set(declared))
        unused = sorted(set(declared) - used)
        raise PromptError(
            f"Prompt '{name}': plaatshouders en variabelen verschillen (onbekend: {missing}, ongebruikt: {unused})."
        )
    return Prompt(name=name, variables=declared, body=body)


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    if not _NAME.match(name):
        raise PromptError(f"Ongeldige promptnaam {name!r}.")
    path = directory / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"Prompt '{name}' bestaat niet ({path}).") from None
    return parse_prompt(name, text)
