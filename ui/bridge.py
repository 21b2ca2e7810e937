"""The workspace's one seam to the other parts of the core.

The interview, advice, variants, effort comparison, training and knowledge are built by
other people at the same time; this module calls their public functions and says plainly
when a part is not in this build (``*_available``), so the page can tell the user instead
of pretending. It holds no state and does no work of its own.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.config import Settings
from assistant.model import Finding, ProcessModel, SourceRef

log = logging.getLogger("klantreis.ui")


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# --- interview ----------------------------------------------------------------------------


def interview_available() -> bool:
    module = _module("assistant.interview")
    return module is not None and hasattr(module, "turn")


@dataclass(frozen=True)
class TurnOutcome:
    model: ProcessModel | None
    state: dict[str, Any]
    lines: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def make_deps(settings: Settings, knowledge: Any) -> Any:
    from assistant.interview import deps as deps_module

    retriever = knowledge
    if retriever is None:
        fallback = _module("assistant.interview.fallback")
        retriever = fallback.FallbackRetriever() if fallback is not None else None
    llm = None
    if settings.llm_provider != "offline":
        llm_module = _module("assistant.interview.llm")
        factory = getattr(llm_module, "reader_from_settings", None) if llm_module else None
        if factory is not None:
            try:
                llm = factory(settings)
            except Exception:  # a misconfigured LLM must not stop the offline interview
                log.exception("taalmodel kon niet worden gestart")
                llm = None
    return deps_module.Deps(
        retriever=retriever,
        llm=llm,
        settings=settings,
        registry_lookup=deps_module.knowledge_lookup(),
    )


def _event_line(event: Any) -> tuple[str, str, dict[str, Any]] | None:
    """An interview event as a transcript line (role, text, meta)."""
    data = event.to_dict() if hasattr(event, "to_dict") else dict(event)
    kind = str(data.get("type", "notice"))
    if kind == "done":
        text = str(data.get("text") or "Het interview is klaar. Bekijk het model en exporteer het.")
        return ("assistant", text, {"type": "done"})
    text = str(data.get("text", ""))
    meta = {k: v for k, v in data.items() if k not in ("text", "model")}
    role = "assistant"
    return (role, text, meta)


def run_turn(
    state: dict[str, Any], model: ProcessModel, message: str, settings: Settings, knowledge: Any
) -> TurnOutcome:
    from assistant import interview

    deps = make_deps(settings, knowledge)
    interview_state = interview.InterviewState.from_dict(state)
    result = interview.turn(interview_state, model, message, deps)
    lines = [line for e in result.events if (line := _event_line(e)) is not None]
    new_state = result.new_state
    state_dict = new_state.to_dict() if hasattr(new_state, "to_dict") else dict(new_state)
    return TurnOutcome(result.new_model, state_dict, lines)


def progress(model: ProcessModel, state: dict[str, Any], chat: Sequence[Any]) -> float:
    """How complete the model is (0–1): the interview's measure, else its last report."""
    interview = _module("assistant.interview")
    measure = getattr(interview, "progress", None) if interview is not None else None
    if callable(measure):
        try:
            value = measure(model, interview.InterviewState.from_dict(state))
            return max(0.0, min(1.0, float(value)))
        except Exception:
            log.exception("voortgang kon niet worden berekend")
    for line in reversed(chat):
        value = line.meta.get("progress")
        if isinstance(value, int | float):
            return max(0.0, min(1.0, float(value)))
    return 0.0


def mark_answered_function() -> Any:
    """The interview's own way to mark slots answered, when it offers one.

    Otherwise ``assistant.editing`` records the slots in the state's ``answered`` list,
    which is the interview's own field for "do not ask again".
    """
    interview = _module("assistant.interview")
    own = getattr(interview, "mark_answered", None) if interview is not None else None
    if not callable(own):
        return None

    def _own(
        state: dict[str, Any], answered: Sequence[str], cleared: Sequence[str], model: ProcessModel
    ) -> dict[str, Any]:
        new = own(interview.InterviewState.from_dict(state), list(answered), model)
        return dict(new.to_dict() if hasattr(new, "to_dict") else new)

    return _own


# --- advice, variants, effort -------------------------------------------------------------


def _advice_fn() -> Any:
    advice = _module("assistant.advice")
    if advice is None:
        return None
    return getattr(advice, "advise", None) or getattr(advice, "run_checks", None)


def advice_available() -> bool:
    return _advice_fn() is not None


def findings(model: ProcessModel, knowledge: Any) -> list[Finding]:
    run = _advice_fn()
    if run is None:
        return []
    try:
        result = run(model, knowledge) if knowledge is not None else run(model)
    except TypeError:
        result = run(model)
    return list(getattr(result, "findings", result))


def variants_available() -> bool:
    return hasattr(_module("assistant.variants"), "apply_finding")


def apply_finding(model: ProcessModel, finding: Finding) -> ProcessModel:
    variants = _module("assistant.variants")
    if variants is None:
        from assistant.errors import InputError

        raise InputError("Advies toepassen als variant is in deze versie nog niet beschikbaar.")
    fn = variants.apply_finding
    result = fn(model, finding)
    return result if isinstance(result, ProcessModel) else result.model


def derive_variant(model: ProcessModel, name: str | None) -> ProcessModel:
    variants = _module("assistant.variants")
    if variants is None:
        from assistant.errors import InputError

        raise InputError("Varianten afleiden is in deze versie nog niet beschikbaar.")
    fn = variants.derive_variant
    result = fn(model, name=name) if name else fn(model)
    return result if isinstance(result, ProcessModel) else result.model


def effort_available() -> bool:
    return hasattr(_module("assistant.effort"), "compare")


def compare(model: ProcessModel, a: str, b: str) -> Any:
    effort = _module("assistant.effort")
    if effort is None:
        return None
    return effort.compare(model, a, b)


# --- training -----------------------------------------------------------------------------


def training_available() -> bool:
    return bool(practice_cases())


def training_example() -> ProcessModel | None:
    """The street-festival case from the training module, once it ships one."""
    return None


# --- knowledge ----------------------------------------------------------------------------


def explain(knowledge: Any, term: str, k: int = 3) -> list[dict[str, Any]]:
    passages = knowledge.explain(term, k)
    out = []
    for p in passages:
        out.append(
            {
                "title": str(getattr(p, "title", "") or ""),
                "section": str(getattr(p, "section", "") or ""),
                "url": str(getattr(p, "url", "") or ""),
                "text": str(getattr(p, "text", "") or ""),
            }
        )
    return out


def source_ref(raw: Any) -> SourceRef | None:
    """A source as stored in an event or transcript, as the model's SourceRef."""
    if isinstance(raw, SourceRef):
        return raw
    if not isinstance(raw, dict) or not raw.get("title"):
        return None
    try:
        return SourceRef(
            title=str(raw.get("title", ""))[:500],
            section=str(raw.get("section", "") or "")[:500],
            url=str(raw.get("url", "") or "")[:500],
            source=str(raw.get("source", "") or "")[:500],
            element_id=str(raw.get("element_id", "") or "")[:500],
            excerpt=str(raw.get("text", raw.get("excerpt", "")) or "")[:2000],
        )
    except ValueError:
        return None


def practice_cases() -> list[dict[str, Any]]:
    """Practice cases as {id, title, text}; empty until the training module offers them."""
    return []
