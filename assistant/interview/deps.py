"""Dependencies of an interview turn, injected through one small object.

The interview depends on the ``Retriever`` protocol, not on ``knowledge.base``: tests
pass a fake, the CLI passes the real knowledge base, and when the index is not available
``FallbackRetriever`` keeps the interview usable offline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from assistant.config import Settings
from assistant.interview.protocol import protocol_source
from assistant.model import ProcessModel

if TYPE_CHECKING:
    from assistant.interview.llm import LlmReader


@runtime_checkable
class Retriever(Protocol):
    """The part of ``knowledge.base.KnowledgeBase`` the interview uses."""

    def search(self, query: str, k: int = 5) -> Sequence[Any]: ...

    def explain(self, term: str, k: int = 3) -> Sequence[Any]: ...

    def suggest_references(self, text: str, k: int = 3) -> Sequence[Any]: ...


@runtime_checkable
class Tutor(Protocol):
    """Practice mode (``assistant.training.tutor.PracticeTutor``): "why" lines that name
    the concept a question exercises, and ``/hint`` from the worked solution."""

    def intro(self) -> str: ...

    def why(self, slot_id: str) -> str | None: ...

    def screen(self, question: str, model: ProcessModel) -> str: ...

    def hint(self, model: ProcessModel) -> tuple[str, dict[str, Any] | None]: ...


def _default_lookup(name: str) -> str | None:
    from assistant.interview.fallback import lookup_basisregistratie

    return lookup_basisregistratie(name)


@dataclass
class Deps:
    """Retriever, optional LLM reader, clock and settings for one interview."""

    retriever: Retriever
    llm: LlmReader | None = None
    clock: Callable[[], float] = time.perf_counter
    settings: Settings | None = None
    registry_lookup: Callable[[str], str | None] = _default_lookup
    # with an LLM, let it phrase questions more naturally (the slot logic stays in charge)
    rephrase_questions: bool = False
    # with an LLM: called with the rephrased question so far while it streams in (a front
    # end shows it growing); None reads the reply in one piece
    on_token: Callable[[str], None] | None = None
    # practice mode: the tutor of the case the trainee is modelling
    tutor: Tutor | None = None
    # sources per slot: retrieval runs once per slot and process, so a turn stays fast
    source_cache: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def passage_source(passage: Any) -> dict[str, Any]:
    """A passage (``knowledge.types.Passage`` or alike) as a protocol source object."""
    return protocol_source(passage)


def passage_text(passage: Any) -> str:
    text = getattr(passage, "text", None)
    if text is None and isinstance(passage, dict):
        text = passage.get("text")
    return str(text or "")


def registry_name(found: Any) -> str | None:
    """``knowledge.basisregistraties.lookup`` may return a name or an object; keep a name."""
    if found is None:
        return None
    if isinstance(found, str):
        return found or None
    for attr in ("abbreviation", "code", "short", "name"):
        value = getattr(found, attr, None)
        if isinstance(value, str) and value:
            return value
    return str(found)


def knowledge_lookup() -> Callable[[str], str | None]:
    """``knowledge.basisregistraties.lookup`` when it is installed, else our small table."""
    try:
        from knowledge.basisregistraties import lookup  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _default_lookup

    def _lookup(name: str) -> str | None:
        try:
            return registry_name(lookup(name)) or _default_lookup(name)
        except Exception:  # a lookup failure must never break a turn
            return _default_lookup(name)

    return _lookup
