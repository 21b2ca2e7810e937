"""The JSONL event types of ``klantreis chat --jsonl`` (documented in docs/jsonl-protocol.md).

Four shapes and no others: ``question``, ``answer``, ``notice`` and ``done``. The UI uses the
same events, so both front ends show the same conversation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["info", "warning", "error"]

SOURCE_KEYS = ("title", "section", "url", "source", "element_id")


def protocol_source(source: Any) -> dict[str, Any]:
    """A source object with exactly the protocol's keys: the five texts, and ``score``
    only when it is a finite number (JSON has no NaN); anything else a retriever or tutor
    adds is left out."""
    get = source.get if isinstance(source, dict) else lambda key: getattr(source, key, None)
    out: dict[str, Any] = {key: "" if get(key) is None else str(get(key)) for key in SOURCE_KEYS}
    score = get("score")
    if isinstance(score, int | float) and not isinstance(score, bool) and math.isfinite(score):
        out["score"] = round(float(score), 4)
    return out


@dataclass(frozen=True)
class QuestionEvent:
    slot: str
    text: str
    why: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    progress: float = 0.0
    type: Literal["question"] = "question"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "slot": self.slot,
            "text": self.text,
            "why": self.why,
            "sources": [protocol_source(s) for s in self.sources],
            "progress": round(min(1.0, max(0.0, self.progress)), 3)
            if math.isfinite(self.progress)
            else 0.0,
        }


@dataclass(frozen=True)
class AnswerEvent:
    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    type: Literal["answer"] = "answer"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "text": self.text,
            "sources": [protocol_source(s) for s in self.sources],
        }


@dataclass(frozen=True)
class NoticeEvent:
    text: str
    level: Level = "info"
    type: Literal["notice"] = "notice"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text, "level": self.level}


@dataclass(frozen=True)
class DoneEvent:
    model: dict[str, Any]
    type: Literal["done"] = "done"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "model": self.model}


Event = QuestionEvent | AnswerEvent | NoticeEvent | DoneEvent

EVENT_KEYS: dict[str, set[str]] = {
    "question": {"type", "slot", "text", "why", "sources", "progress"},
    "answer": {"type", "text", "sources"},
    "notice": {"type", "text", "level"},
    "done": {"type", "model"},
}
