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


def _engine() -> Any:
    """The interview's turn functions: the package's exports, else its engine module."""
    for name in ("assistant.interview", "assistant.interview.engine"):
        module = _module(name)
        if module is not None and hasattr(module, "turn") and hasattr(module, "start"):
            return module
    return None


def interview_available() -> bool:
    return _engine() is not None


def _interview_attr(name: str) -> Any:
    """A public function of the interview, from the package or its engine module."""
    for module_name in ("assistant.interview", "assistant.interview.engine"):
        value = getattr(_module(module_name), name, None)
        if callable(value):
            return value
    return None


@dataclass(frozen=True)
class TurnOutcome:
    model: ProcessModel | None
    state: dict[str, Any]
    lines: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def llm_reader(settings: Settings) -> tuple[Any, str]:
    """(reader, problem): the configured LLM reader, or None and why not (in Dutch).

    Building the reader does not contact the server; a failure during a turn is handled
    by the interview, which reads that answer offline and says so.
    """
    if settings.llm_provider == "offline":
        return None, ""
    try:
        from assistant.interview.llm import LlmReader, build_chat_model

        return LlmReader(build_chat_model(settings)), ""
    except Exception as exc:  # a misconfigured LLM must not stop the offline interview
        log.warning("taalmodel niet beschikbaar: %s", exc)
        return None, str(exc) or type(exc).__name__


def make_deps(settings: Settings, knowledge: Any, practice_case: str | None = None) -> Any:
    from assistant.interview import deps as deps_module

    retriever = knowledge
    if retriever is None:
        from assistant.interview.fallback import FallbackRetriever

        retriever = FallbackRetriever()
    llm, _ = llm_reader(settings)
    extra: dict[str, Any] = {}
    if "rephrase_questions" in getattr(deps_module.Deps, "__dataclass_fields__", {}):
        # as in the terminal chat: with an LLM the questions are phrased more naturally
        extra["rephrase_questions"] = llm is not None
    if practice_case is not None:
        # practice mode: "why" lines name the concept, /hint draws on the worked solution
        tutor = _module("assistant.training.tutor")
        if tutor is not None:
            try:
                extra["tutor"] = tutor.practice_tutor(
                    practice_case, settings.practice_cases_dir, knowledge
                )
            except Exception as exc:  # a broken case file must not stop the conversation
                log.warning("oefencasus %s niet beschikbaar: %s", practice_case, exc)
    return deps_module.Deps(
        retriever=retriever,
        llm=llm,
        settings=settings,
        registry_lookup=deps_module.knowledge_lookup(),
        **extra,
    )


def _event_line(event: Any) -> tuple[str, str, dict[str, Any]] | None:
    """An interview event as a transcript line (role, text, meta)."""
    data = event.to_dict() if hasattr(event, "to_dict") else dict(event)
    kind = str(data.get("type", "notice"))
    if kind == "done":
        # the done event carries the whole model, which the workspace already shows
        return (
            "assistant",
            "✅ Het interview is klaar. Bekijk het model en exporteer het.",
            {"type": "done"},
        )
    text = str(data.get("text", ""))
    meta = {k: v for k, v in data.items() if k not in ("text", "model")}
    role = "assistant"
    return (role, text, meta)


def run_turn(state: dict[str, Any], model: ProcessModel, message: str, deps: Any) -> TurnOutcome:
    """One turn (``message``) or the opening question (empty message) of the interview."""
    from assistant.interview.state import InterviewState

    engine = _engine()
    interview_state = InterviewState.from_dict(state)
    if message.strip():
        result = engine.turn(interview_state, model, message, deps)
    else:
        result = engine.start(interview_state, model, deps)
    lines = [line for e in result.events if (line := _event_line(e)) is not None]
    new_state = getattr(result, "state", None) or result.new_state
    new_model = getattr(result, "model", None) or getattr(result, "new_model", None)
    return TurnOutcome(new_model, new_state.to_dict(), lines)


def progress(model: ProcessModel, state: dict[str, Any], chat: Sequence[Any]) -> float:
    """How complete the model is (0–1): the interview's measure, else its last report."""
    measure = _interview_attr("progress")
    if measure is not None:
        try:
            from assistant.interview.state import InterviewState

            value = measure(model, InterviewState.from_dict(state))
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


def reference_suggestions(model: ProcessModel, knowledge: Any) -> list[str]:
    """The reference processes the interview would suggest for this model, best first;
    none without the interview or the knowledge base, or when the search fails."""
    candidates = _interview_attr("reference_candidates")
    if candidates is None or knowledge is None:
        return []
    try:
        found = candidates(model, knowledge)
    except Exception:
        log.exception("referentieprocessen voorstellen mislukt")
        return []
    return [
        c["name"] for c in found if c.get("kind", "bedrijfsproces") in ("bedrijfsproces", "cluster")
    ]


# --- advice, variants, effort -------------------------------------------------------------


def advice_available() -> bool:
    return hasattr(_module("assistant.advice"), "advise")


def advice_deps(knowledge: Any) -> Any:
    """Advice dependencies around the shared knowledge base (no second index opened)."""
    from assistant.advice import deps as advice_deps_module

    return advice_deps_module.AdviceDeps(
        retriever=knowledge,
        registry=advice_deps_module.knowledge_registry(),
        concept=advice_deps_module.knowledge_concepts(),
    )


def findings(model: ProcessModel, knowledge: Any) -> list[Finding]:
    """The GEMMA design findings for the active variant."""
    from assistant.advice import advise

    return list(advise(model, advice_deps(knowledge)))


def variants_available() -> bool:
    return hasattr(_module("assistant.variants"), "apply_finding")


def apply_finding(model: ProcessModel, finding_id: str, knowledge: Any) -> ProcessModel:
    """A new, active variant in which the finding's suggestion is applied."""
    from assistant.variants import apply_finding as apply

    return apply(model, finding_id, deps=advice_deps(knowledge))


def derive_variant(model: ProcessModel, name: str | None) -> ProcessModel:
    """A copy of the active variant under a new name, made active."""
    from assistant.variants import derive_variant as derive

    taken = {v.name.casefold() for v in model.variants}
    number = len(model.variants) + 1
    while not name or name.casefold() in taken:
        name = f"Variant {number}"
        number += 1
    return derive(model, model.active.id, name)


def effort_available() -> bool:
    return hasattr(_module("assistant.effort"), "compare_variants")


def compare(model: ProcessModel, a: str, b: str) -> Any:
    """The customer-effort comparison of variants a and b (rows and one Dutch sentence)."""
    from assistant.effort import compare_variants

    return compare_variants(model, a, b)


# --- training -----------------------------------------------------------------------------


def _library(settings: Settings | None = None) -> Any:
    cases = _module("assistant.training.cases")
    if cases is None:
        return None
    return cases.load_cases(settings.practice_cases_dir if settings is not None else None)


def training_available() -> bool:
    return hasattr(_module("assistant.training.check"), "check")


def training_example() -> ProcessModel | None:
    """The street-festival case of the training module (GEMMA's own example)."""
    library = _library()
    if library is None or "straatfestival" not in library.cases:
        return None
    model: ProcessModel = library.cases["straatfestival"].solution
    return model


def practice_cases(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Practice cases as {id, title, text, goals}."""
    library = _library(settings)
    if library is None:
        return []
    return [
        {
            "id": case.id,
            "title": case.title,
            "text": case.description,
            "goals": list(case.learning_goals),
        }
        for case in library.cases.values()
    ]


def practice_feedback(
    settings: Settings, case_id: str, model: ProcessModel, knowledge: Any
) -> list[dict[str, Any]]:
    """Feedback per concept: symbol and Dutch word (never colour alone), text and source."""
    from assistant.training.check import check
    from assistant.training.hints import hint

    case = _library(settings).get(case_id)
    result = check(case, model)
    out: list[dict[str, Any]] = []
    for concept in result.concepts:
        data = concept.to_dict()
        out.append(
            {
                "concept": data["label"],
                "status": concept.status.value,
                "icon": concept.status.symbol,
                "label": concept.status.label,
                "text": concept.explanation,
                "details": list(concept.details),
                "source": data.get("source") or {},
            }
        )
    tip = hint(case, model, knowledge=knowledge, result=result)
    out.append(
        {
            "concept": "Tip",
            "status": "hint",
            "icon": "💡",
            "label": "tip",
            "text": tip.text,
            "details": [],
            "source": tip.source.to_dict() if tip.source else {},
        }
    )
    return out


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
