"""Practice cases: YAML files with a description, learning goals and a worked solution.

Shipped cases live in ``assistant/training/cases/``; a trainer adds one by dropping a YAML
file in ``Settings.practice_cases_dir``. Every file is validated on load; a broken file
becomes a :class:`CaseError` (file name, JSON path, Dutch message) and the other cases
still load.

File format (see docs/training.md)::

    id: straatfestival
    title: Straatfestival in de Lindenbuurt
    description: |
      De tekst die de cursist krijgt …
    learning_goals: [klantreis, bedrijfsservice, intake, procesvarianten]
    accept:                       # optional: other values that are also right
      klant: [ondernemer, instelling]
    solution: {…process model…}   # or: solution_file: straatfestival.json (next to it)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InputError, ModelValidationError, NotFoundError
from assistant.model import CustomerType, ProcessModel, TriggerKind
from assistant.model_io import model_from_data
from assistant.training.concepts import GOALS

SHIPPED_DIR = Path(__file__).parent / "cases"
MAX_CASE_BYTES = 1024 * 1024
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ACCEPT_ENUMS: dict[str, type[CustomerType] | type[TriggerKind]] = {
    "klant": CustomerType,
    "aanleiding": TriggerKind,
}
_KEYS = {"id", "title", "description", "learning_goals", "accept", "solution", "solution_file"}

# Lists whose elements carry an ``id``; a case may leave ids out and gets stable ones.
_ID_LISTS = {
    "steps_before": "stap",
    "steps_after": "stap",
    "variants": "var",
    "services": "bs",
    "activities": "act",
    "deelservices": "ds",
    "statusmeldingen": "status",
    "documents": "stuk",
    "data_asked": "gegeven",
    "related_processes": "rel",
    "supporting_processes": "ond",
    "improvement_ideas": "idee",
}


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    description: str
    learning_goals: tuple[str, ...]
    solution: ProcessModel
    accept: dict[str, frozenset[str]] = field(default_factory=dict)
    path: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        """Exactly what ``oefen show --json`` prints."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "learning_goals": list(self.learning_goals),
            "solution": json.loads(self.solution.to_json()),
        }


@dataclass(frozen=True)
class CaseError:
    """A case file that could not be loaded."""

    path: Path
    location: str
    message: str

    def __str__(self) -> str:
        return f"Oefencasus {self.path.name}: {self.message} (plaats: {self.location})"


class CaseFileError(InputError):
    def __init__(self, error: CaseError) -> None:
        super().__init__(str(error))
        self.error = error


def _fill_ids(data: Any, case_id: str, counter: list[int]) -> Any:
    """Give elements without an id a stable one, so the solution JSON is the same each load."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in _ID_LISTS and isinstance(value, list):
                items = []
                for item in value:
                    if isinstance(item, dict) and "id" not in item:
                        counter[0] += 1
                        item = {"id": f"{_ID_LISTS[key]}-{case_id}-{counter[0]}", **item}
                    items.append(_fill_ids(item, case_id, counter))
                out[key] = items
            else:
                out[key] = _fill_ids(value, case_id, counter)
        return out
    if isinstance(data, list):
        return [_fill_ids(v, case_id, counter) for v in data]
    return data


def _fail(path: Path, location: str, message: str) -> CaseFileError:
    return CaseFileError(CaseError(path, location, message))


def _text(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"$.{key}", f"'{key}' ontbreekt of is geen tekst")
    return value.strip()


def parse_case(data: Any, path: Path) -> Case:
    """Validate the YAML content of one case file."""
    if not isinstance(data, dict):
        raise _fail(
            path, "$", "het bestand bevat geen casus (verwacht een mapping met id, title …)"
        )
    unknown = sorted(set(map(str, data)) - _KEYS)
    if unknown:
        raise _fail(path, f"$.{unknown[0]}", f"onbekend veld '{unknown[0]}'")
    case_id = _text(data, "id", path)
    if not _ID.match(case_id):
        raise _fail(
            path, "$.id", f"id '{case_id}' mag alleen kleine letters, cijfers en '-' bevatten"
        )
    title = _text(data, "title", path)
    description = _text(data, "description", path)
    goals = data.get("learning_goals")
    if not isinstance(goals, list) or not goals:
        raise _fail(path, "$.learning_goals", "'learning_goals' moet een niet-lege lijst zijn")
    for i, goal in enumerate(goals):
        if goal not in GOALS:
            raise _fail(
                path,
                f"$.learning_goals[{i}]",
                f"onbekend leerdoel {goal!r}; kies uit {', '.join(GOALS)}",
            )
    accept: dict[str, frozenset[str]] = {}
    raw_accept = data.get("accept") or {}
    if not isinstance(raw_accept, dict):
        raise _fail(path, "$.accept", "'accept' moet een mapping zijn")
    for key, values in raw_accept.items():
        enum = _ACCEPT_ENUMS.get(str(key))
        if enum is None:
            raise _fail(path, f"$.accept.{key}", f"'accept' kent alleen {', '.join(_ACCEPT_ENUMS)}")
        if not isinstance(values, list):
            raise _fail(path, f"$.accept.{key}", "verwacht een lijst met waarden")
        allowed = {e.value for e in enum}
        for i, value in enumerate(values):
            if value not in allowed:
                raise _fail(
                    path,
                    f"$.accept.{key}[{i}]",
                    f"ongeldige waarde {value!r}; kies uit {', '.join(sorted(allowed))}",
                )
        accept[str(key)] = frozenset(values)
    solution = _solution(data, path, case_id)
    return Case(case_id, title, description, tuple(goals), solution, accept, path)


def _solution(data: dict[str, Any], path: Path, case_id: str) -> ProcessModel:
    if "solution" in data and "solution_file" in data:
        raise _fail(path, "$.solution_file", "geef 'solution' óf 'solution_file', niet beide")
    prefix = "$.solution"
    if "solution_file" in data:
        name = data["solution_file"]
        target = (path.parent / str(name)).resolve()
        if not isinstance(name, str) or target.parent != path.parent.resolve():
            raise _fail(path, "$.solution_file", "verwacht een bestandsnaam naast de casus")
        try:
            raw = json.loads(target.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise _fail(path, "$.solution_file", f"bestand {name} bestaat niet") from None
        except RecursionError:
            raise _fail(path, "$.solution_file", f"{name} is te diep genest") from None
        except (OSError, ValueError) as exc:
            raise _fail(path, "$.solution_file", f"{name} is geen leesbare JSON: {exc}") from None
        prefix = f"{name}:$"
    elif "solution" in data:
        raw = data["solution"]
    else:
        raise _fail(path, "$.solution", "de uitgewerkte oplossing ('solution') ontbreekt")
    if isinstance(raw, dict):
        raw = _fill_ids(raw, case_id, [0])
    try:
        return model_from_data(raw)
    except ModelValidationError as exc:
        location = prefix + exc.location[1:]
        message = str(exc).replace(exc.location, location)
        raise _fail(path, location, f"oplossing is geen geldig procesmodel: {message}") from None


def load_case_file(path: Path) -> Case:
    try:
        if path.stat().st_size > MAX_CASE_BYTES:
            raise _fail(path, "$", "bestand is groter dan 1 MB")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(path, "$", "bestand is geen UTF-8-tekst") from None
    except OSError as exc:
        raise _fail(path, "$", f"kan het bestand niet lezen ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else "$"
        problem = getattr(exc, "problem", None) or "ongeldige YAML"
        raise _fail(path, where, f"geen geldige YAML: {problem}") from None
    return parse_case(data, path)


@dataclass
class CaseLibrary:
    """All cases that loaded, plus the errors of those that did not."""

    cases: dict[str, Case]
    errors: list[CaseError]

    def get(self, case_id: str) -> Case:
        case = self.cases.get(case_id)
        if case is None:
            known = ", ".join(sorted(self.cases)) or "geen"
            raise NotFoundError(f"Oefencasus '{case_id}' bestaat niet (wel: {known}).")
        return case


def case_files(folders: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]))
    return files


def load_cases(extra_dir: Path | None = None) -> CaseLibrary:
    """Shipped cases, then the trainer's folder; a later file with the same id wins."""
    cases: dict[str, Case] = {}
    errors: list[CaseError] = []
    folders = [SHIPPED_DIR] + ([extra_dir] if extra_dir is not None else [])
    if extra_dir is not None and not extra_dir.is_dir():
        errors.append(CaseError(extra_dir, "$", "map met oefencasussen bestaat niet"))
    for path in case_files(folders):
        try:
            case = load_case_file(path)
        except CaseFileError as exc:
            errors.append(exc.error)
            continue
        cases[case.id] = case
    return CaseLibrary(cases, errors)
