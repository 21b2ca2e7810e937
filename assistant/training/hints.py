"""Tutoring in practice mode: one hint at a time, and "why" lines per concept.

A hint points at the first concept (in the case's learning-goal order) the trainee has
wrong or missing, says *how much* differs (counts, never names from the solution), asks
the concept's guiding question and adds the GEMMA explanation and source. It never
repeats the check's explanation, because that quotes the solution.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.model import ProcessModel
from assistant.training.cases import Case
from assistant.training.check import CheckDeps, CheckResult, ConceptResult, Status, check
from assistant.training.check import named_from_inside as _inside
from assistant.training.concepts import (
    CONCEPTS,
    GOALS,
    Source,
    concept_source,
    goal_explanation,
    goal_source,
)
from assistant.training.similarity import normalize, tokens


class Explainer(Protocol):
    """The part of ``knowledge.base.KnowledgeBase`` hints use."""

    def explain(self, term: str, k: int = 3) -> list[Any]: ...


@dataclass(frozen=True)
class Hint:
    concept: str | None
    """The checked concept the hint is about; None when everything is right."""
    text: str
    source: Source | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "goal": CONCEPTS[self.concept].goal if self.concept else None,
            "text": self.text,
            "source": self.source.to_dict() if self.source else None,
        }


def _count(details: tuple[str, ...]) -> tuple[int, int, int]:
    missing = sum(d.startswith("ontbreekt:") for d in details)
    extra = sum(d.startswith("extra:") for d in details)
    return missing, len(details) - missing - extra, extra


def _clue(r: ConceptResult, model: ProcessModel) -> str:
    """What is off, in counts and kinds only, so the answer stays the trainee's to find."""
    c = r.concept
    missing, attr, extra = _count(r.details)
    if r.status is Status.MISSING:
        return "Dit onderdeel ontbreekt nog in je model."
    if c == "bedrijfsservice" and any(_inside(s.name) for v in model.variants for s in v.services):
        return "De naam van je bedrijfsservice beschrijft wat de gemeente doet, niet wat de klant krijgt."
    if c in ("klant", "aanleiding"):
        return "De soort die je koos past niet bij deze casus."
    if c == "afsluitende_activiteiten" and "vóór de levering" in r.explanation:
        return "Kijk naar de volgorde: wat gebeurt er pas nadat de klant zijn resultaat heeft?"
    if c == "procesvarianten":
        return "Je verbeterde variant verschilt nog niet op het punt waar de casus om vraagt."
    parts = []
    if missing:
        parts.append(f"er {'ontbreekt' if missing == 1 else 'ontbreken'} nog {missing}")
    if attr:
        parts.append(f"bij {attr} klopt een eigenschap nog niet (bijvoorbeeld wie het aanlevert)")
    if extra:
        parts.append(f"{extra} {'staat' if extra == 1 else 'staan'} niet in de uitwerking")
    if c == "levering" and not parts:
        parts.append("het resultaat of het kanaal sluit nog niet aan")
    return (parts[0][0].upper() + "; ".join(parts)[1:] + ".") if parts else ""


_NAME_KEYS = frozenset({"name", "result", "internal_customer", "deelservice", "reused_data"})


def _names(model: ProcessModel) -> set[str]:
    """Every name-like text in a model, normalised."""
    found: set[str] = set()

    def walk(node: Any, key: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in _NAME_KEYS:
            found.add(normalize(node))

    walk(model.model_dump(mode="json"), "")
    return {n for n in found if len(n.split()) > 1}


def _case_topic(case: Case) -> set[str]:
    """Stems of the case's subject (title, journey and service names), so background text
    that works out this very case as its example can be recognised."""
    names = [case.title, case.solution.journey.name]
    names += [s.name for v in case.solution.variants for s in v.services]
    return {stem for name in names for word, stem in tokens(name) if len(word) >= 6}


def giveaway_test(case: Case, model: ProcessModel) -> Callable[[str], bool]:
    """A test whether a text names part of the solution the trainee has not written yet,
    or touches the case's own subject (which the trainee has not named yet either)."""
    secret = _names(case.solution) - _names(model)
    topic = _case_topic(case) - {stem for _, stem in tokens(model.to_json())}

    def gives_away(text: str) -> bool:
        norm = normalize(text)
        return any(n in norm for n in secret) or bool(topic & {st for _, st in tokens(text)})

    return gives_away


def _without_answers(text: str, case: Case, model: ProcessModel, limit: int = 320) -> str:
    """Background text without the sentences that give the answer away: those naming part
    of the solution the trainee has not written yet, and those about this case's own
    subject (a GEMMA card may use the street festival as its example). Whole sentences
    up to ``limit`` characters."""
    gives_away = giveaway_test(case, model)
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if gives_away(sentence):
            continue
        if kept and len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def hint(
    case: Case,
    model: ProcessModel,
    deps: CheckDeps | None = None,
    knowledge: Explainer | None = None,
    result: CheckResult | None = None,
) -> Hint:
    """One Dutch hint for ``/hint``; pass ``result`` to reuse a check already made."""
    result = result or check(case, model, deps)
    order = [c for g in case.learning_goals for c in CONCEPTS if CONCEPTS[c].goal == g]
    order += [c for c in CONCEPTS if c not in order]
    target = next(
        (
            r
            for c in order
            if (r := result.by_concept(c)) is not None and r.status is not Status.RIGHT
        ),
        None,
    )
    if target is None:
        return Hint(
            None,
            "Je model dekt alle onderdelen van de uitwerking. Vergelijk nu je varianten op "
            "de inspanning van de klant.",
            None,
        )
    concept = CONCEPTS[target.concept]
    goal = GOALS[concept.goal]
    source = concept_source(target.concept)
    background = goal_explanation(goal.id)
    if knowledge is not None:
        try:
            passages = knowledge.explain(goal.term, 1)
        except Exception:  # a hint without a retrieved passage is still a hint
            passages = []
        if passages:
            p = passages[0]
            background = " ".join(str(getattr(p, "text", "")).split()) or background
            if getattr(p, "url", ""):
                source = Source(str(getattr(p, "title", "") or goal.label), str(p.url))
    background = _without_answers(background, case, model) or _without_answers(
        goal.why, case, model
    )
    text = " ".join(
        part
        for part in (
            f"Kijk nog eens naar {concept.label[0].lower()}{concept.label[1:]}.",
            _clue(target, model),
            concept.question,
            background,
        )
        if part
    )
    return Hint(target.concept, text, source)


def why_for_concept(concept: str) -> str:
    """A "why" line for the interview in practice mode: why this concept matters, with
    the source, without anything from a solution. Accepts a checked concept id
    (``intake.stukken``) or a learning goal id (``intake``)."""
    goal_id = CONCEPTS[concept].goal if concept in CONCEPTS else concept
    if goal_id not in GOALS:
        return (
            "Elke keuze in het model laat zien hoe de klant het proces beleeft. "
            "(Bron: Procesarchitectuur Klant-tot-klantproces)"
        )
    goal = GOALS[goal_id]
    source = goal_source(goal_id)
    return f"{goal.why} (Bron: {source.title}, {source.url})"
