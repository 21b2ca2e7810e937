"""Reading process models from outside: size cap, JSON parsing, migration of older
schema versions and validation, with Dutch messages that name the JSON path."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.errors import InputError, ModelValidationError
from assistant.model import SCHEMA_VERSION, ProcessModel

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# type names pydantic reports, in the words a designer knows
_EXPECTED = {
    "string_type": "tekst",
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "float_type": "een getal",
    "float_parsing": "een getal",
    "bool_type": "ja/nee (true/false)",
    "bool_parsing": "ja/nee (true/false)",
    "list_type": "een lijst",
    "dict_type": "een object",
    "model_type": "een object",
    "model_attributes_type": "een object",
    "datetime_type": "een datum en tijd",
    "datetime_parsing": "een datum en tijd (ISO 8601)",
    "datetime_from_date_parsing": "een datum en tijd (ISO 8601)",
}


def json_path(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into a JSON path such as ``$.variants[0].name``."""
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def describe_validation_error(exc: ValidationError) -> ModelValidationError:
    """The first error of a validation failure, in Dutch, with its location."""
    err = exc.errors()[0]
    loc = tuple(p for p in err.get("loc", ()) if p not in ("function-after",))
    where = json_path(loc)
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = repr(value)[:80]
    if kind == "missing":
        text = f"Verplicht veld ontbreekt op {where}."
    elif kind == "extra_forbidden":
        text = f"Onbekend veld op {where}: dit veld hoort niet in een procesmodel."
    elif kind == "enum":
        text = f"Ongeldige waarde {shown} op {where}; kies uit {str(ctx.get('expected', '')).replace(' or ', ' of ')}."
    elif kind in _EXPECTED:
        text = f"Verkeerd type op {where}: verwacht {_EXPECTED[kind]}, gekregen {shown}."
    elif kind == "string_unicode":
        # e.g. a lone surrogate escape ("\ud800") that no UTF-8 file or export can hold
        text = f"Ongeldige tekens op {where}: de tekst bevat een onvolledig Unicode-teken."
    elif kind == "string_too_long":
        text = f"Tekst te lang op {where} (maximaal {ctx.get('max_length')} tekens)."
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        text = f"Waarde buiten het toegestane bereik op {where}: {shown}."
    elif kind == "too_short":
        text = f"Lijst op {where} mag niet leeg zijn."
    elif kind == "value_error":
        text = f"Ongeldig model op {where}: {ctx.get('error', err.get('msg'))}."
    else:
        text = f"Ongeldige waarde op {where}: {err.get('msg', '')}."
    extra = len(exc.errors()) - 1
    if extra > 0:
        text += f" (en nog {extra} andere fout{'en' if extra > 1 else ''})"
    return ModelValidationError(text, where)


# --- migrations ---------------------------------------------------------------------------
# Each step takes the raw dict of version N and returns version N + 1. Version 1 was the
# draft format of the first prototype: one top-level "bedrijfsservice" and no variants.


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in ("bedrijfsservice", "variant_name")}
    service = data.get("bedrijfsservice")
    variant: dict[str, Any] = {
        "id": "var-1",
        "name": data.get("variant_name") or "Variant 1",
        "services": [service] if service is not None else [{}],
    }
    out["variants"] = [variant]
    out["schema_version"] = 2
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a raw model dict to the current schema version."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ModelValidationError(
            f"Verkeerd type op $.schema_version: verwacht een geheel getal, gekregen {version!r}.",
            "$.schema_version",
        )
    if version > SCHEMA_VERSION or version < 1:
        raise ModelValidationError(
            f"Onbekende schema_version {version} op $.schema_version: deze versie van de "
            f"assistent kent versie 1 tot en met {SCHEMA_VERSION}.",
            "$.schema_version",
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


def model_from_data(data: Any) -> ProcessModel:
    if not isinstance(data, dict):
        raise ModelValidationError(
            "Het bestand bevat geen procesmodel: verwacht een JSON-object op $.", "$"
        )
    data = migrate(data)
    try:
        return ProcessModel.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(exc) from None


def first_non_finite(data: Any) -> str | None:
    """The JSON path of the first NaN or infinite number in parsed JSON, else None.

    Python's json module reads ``NaN``, ``Infinity`` and ``1e400`` (as infinity) although
    JSON has no such numbers; a model holding one would export as invalid JSON. Iterative,
    because json.loads accepts nesting deeper than a recursive walk could follow."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return json_path(loc)
        if isinstance(value, dict):
            stack.extend((v, (*loc, str(k))) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, (*loc, i)) for i, v in reversed(list(enumerate(value))))
    return None


def model_from_json(text: str | bytes, *, finite_only: bool = False) -> ProcessModel:
    """A model from JSON text. ``finite_only`` refuses NaN and infinite numbers, for files
    from outside; stored sessions are read leniently so an older one always opens."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"Het bestand is geen UTF-8-tekst (byte {exc.start}) en dus geen procesmodel-JSON."
            ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelValidationError(
            f"Geen geldige JSON: {exc.msg} (regel {exc.lineno}, kolom {exc.colno}).", "$"
        ) from None
    except RecursionError:
        raise ModelValidationError("JSON is te diep genest.", "$") from None
    except ValueError:
        # Python refuses integers of more than 4300 digits (int_max_str_digits)
        raise ModelValidationError(
            "Geen geldige JSON: een getal in het bestand heeft te veel cijfers.", "$"
        ) from None
    if finite_only and (where := first_non_finite(data)) is not None:
        raise ModelValidationError(
            f"Ongeldig getal op {where}: NaN en oneindig (zoals Infinity of 1e400) "
            "zijn geen JSON-getallen.",
            where,
        )
    return model_from_data(data)


def read_bytes_capped(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing it before reading when it is larger than the cap."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"Bestand niet gevonden: {path}") from None
    except OSError as exc:
        raise InputError(f"Kan {path} niet lezen: {exc.strerror}") from None
    if not path.is_file():
        raise InputError(f"{path} is geen bestand.")
    if size > max_bytes:
        raise InputError(
            f"Bestand {path.name} is te groot ({size / 1_048_576:.1f} MB); "
            f"de grens is {max_bytes / 1_048_576:.1f} MB (instelling max_import_bytes)."
        )
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew while we looked
        raise InputError(f"Bestand {path.name} is te groot.")
    return data


def load_model_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ProcessModel:
    return model_from_json(read_bytes_capped(path, max_bytes), finite_only=True)
