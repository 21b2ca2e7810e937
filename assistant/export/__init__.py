"""Exports: one module per format, each a pure function model -> bytes.

Same model, same bytes: exporters use the model's own ids and never the clock.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.errors import InputError
from assistant.model import ProcessModel
from assistant.textclean import encodable


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    mime: str
    label: str
    render: Callable[[ProcessModel], bytes]


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _json(model: ProcessModel) -> bytes:
    # A validated model holds no lone surrogate (pydantic refuses them), but a model
    # built in code can; UTF-8 cannot encode one, so it becomes U+FFFD rather than a crash.
    text = model.to_json()
    if "NaN" in text or "Infinity" in text:
        # An infinite duration (a model built in code, or a session stored before files
        # with Infinity were refused) would make the export invalid JSON; it is unknown.
        data = _finite(model.model_dump(mode="json"))
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return encodable(text).encode("utf-8")


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter("json", ".json", "application/json", "JSON (procesmodel)", _json),
}


def register(exporter: Exporter) -> None:
    EXPORTERS[exporter.name] = exporter


def get_exporter(name: str) -> Exporter:
    _load_builtin()
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        allowed = ", ".join(sorted(EXPORTERS))
        raise InputError(f"Onbekend exportformaat '{name}'; kies uit {allowed}.") from None


def all_exporters() -> list[Exporter]:
    _load_builtin()
    return list(EXPORTERS.values())


def export(model: ProcessModel, fmt: str) -> bytes:
    return get_exporter(fmt).render(model)


def _load_builtin() -> None:
    # Format modules register themselves on import; importing here (not at package import)
    # keeps `import assistant.export` cheap.
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("fmt_"):
            importlib.import_module(f"{__name__}.{info.name}")
