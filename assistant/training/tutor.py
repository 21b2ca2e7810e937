"""The interview's tutor in practice mode.

When a trainee models a practice case in the interview (``klantreis chat --oefen CASE``
or the UI's *Oefenen*), the questions stay the same, but each "why" line names the GEMMA
concept the question exercises and why it matters, and ``/hint`` gives one hint drawn
from the worked solution and the GEMMA sources. Neither ever names part of the solution:
``why`` reads only the learning goals; ``hint`` reports counts and kinds (see ``hints``).

The interview knows this object only through the ``Tutor`` protocol of
``assistant.interview.deps``, so the interview does not depend on the training package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.model import ProcessModel
from assistant.training.cases import Case, load_cases
from assistant.training.check import CheckDeps
from assistant.training.concepts import CONCEPTS, GOALS
from assistant.training.hints import Explainer, giveaway_test, hint, why_for_concept

# Which checked concept an interview question exercises. Questions about the journey as
# a whole (its name, other services in it) exercise the journey goal.
SLOT_CONCEPTS: dict[str, str] = {
    "journey_name": "klantreis.voor",
    "customer": "klant",
    "customer_type": "klant",
    "customer_goal": "klantreis.voor",
    "steps_before": "klantreis.voor",
    "steps_after": "klantreis.na",
    "aanleiding": "aanleiding",
    "legal_basis": "aanleiding",
    "service_name": "bedrijfsservice",
    "process_name": "bedrijfsservice",
    "gemma_reference": "bedrijfsservice",
    "intake_channels": "intake.kanalen",
    "data_asked": "intake.gegevens",
    "documents": "intake.stukken",
    "document_providers": "intake.stukken",
    "document_sources": "intake.stukken",
    "document_basisregistratie": "intake.stukken",
    "related_processes": "gerelateerde_processen",
    "reuse": "gerelateerde_processen",
    "levering_result": "levering",
    "levering_channels": "levering",
    "statusmeldingen": "levering",
    "activities": "afsluitende_activiteiten",
    "closing_activities": "afsluitende_activiteiten",
    "supporting_processes": "ondersteunende_processen",
    "supporting_details": "ondersteunende_processen",
    "pain_points": "procesvarianten",
    "variants": "procesvarianten",
    "other_services": "klantreis.na",
    "detail_services": "klantreis.na",
    "service_intake": "intake.kanalen",
    "service_levering": "levering",
}


# an example in a question: "(bijvoorbeeld ...)", or ", bijvoorbeeld ..." / "Bijvoorbeeld
# ..." up to the end of its sentence
_EXAMPLE = re.compile(r"\s*\(bijvoorbeeld [^)]*\)|[,;]?\s*\b[Bb]ijvoorbeeld\b[^.?!]*")


@dataclass
class PracticeTutor:
    """Tutoring for one practice case; ``knowledge`` adds a retrieved GEMMA passage."""

    case: Case
    knowledge: Explainer | None = None
    check_deps: CheckDeps | None = None

    def intro(self) -> str:
        goals = ", ".join(GOALS[g].label for g in self.case.learning_goals if g in GOALS)
        return (
            f"Oefencasus '{self.case.title}'. {self.case.description.strip()}\n"
            f"Leerdoelen: {goals or '—'}. Het interview helpt je de casus te modelleren; "
            "de uitwerking zie je niet. Vraag /hint als je vastloopt."
        )

    def why(self, slot_id: str) -> str | None:
        concept = SLOT_CONCEPTS.get(slot_id)
        if concept is None:
            return None
        goal = GOALS[CONCEPTS[concept].goal]
        focus = "een leerdoel van deze casus" if goal.id in self.case.learning_goals else "begrip"
        return f"Oefenbegrip {goal.label} ({focus}): {why_for_concept(concept)}"

    def screen(self, question: str, model: ProcessModel) -> str:
        """The question without its examples where they would give the answer away: the
        interview's examples come from GEMMA's own street festival, which is a case."""
        gives_away = giveaway_test(self.case, model)
        screened = _EXAMPLE.sub(lambda m: "" if gives_away(m.group(0)) else m.group(0), question)
        screened = re.sub(r"\s+([.?!,;:])", r"\1", screened)
        screened = re.sub(r"([.?!])[.,;:]+", r"\1", screened)
        return re.sub(r"\s{2,}", " ", screened).strip()

    def hint(self, model: ProcessModel) -> tuple[str, dict[str, Any] | None]:
        found = hint(self.case, model, self.check_deps, self.knowledge)
        source = found.source.to_dict() if found.source else None
        return found.text, source


PRACTICE_KIND = "oefening:"
"""Session kind prefix of a practice session: ``oefening:<case id>``."""


def practice_case_of(kind: str) -> str | None:
    """The case id of a practice session's kind, or None for an ordinary session."""
    if not kind.startswith(PRACTICE_KIND):
        return None
    return kind.removeprefix(PRACTICE_KIND) or None


def _embedder_of(knowledge: Any) -> Any:
    try:
        return getattr(knowledge, "embedder", None)
    except Exception:  # no dense model: the check falls back to word similarity
        return None


def practice_tutor(
    case_id: str, cases_dir: Path | None = None, knowledge: Any = None
) -> PracticeTutor:
    """The tutor for ``case_id`` (shipped cases plus the trainer's folder); the knowledge
    base, when given, lends its embedder to the check and its passages to hints."""
    case = load_cases(cases_dir).get(case_id)
    explainer = knowledge if callable(getattr(knowledge, "explain", None)) else None
    return PracticeTutor(case, explainer, CheckDeps(_embedder_of(knowledge)))
