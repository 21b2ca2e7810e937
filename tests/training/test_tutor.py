"""Tutoring in the interview: practice-mode "why" lines and /hint, in the engine and over
``klantreis chat --jsonl --oefen``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.interview import Deps, InterviewState, start, turn
from assistant.interview.engine import TurnResult
from assistant.interview.fallback import FallbackRetriever
from assistant.interview.slots import SLOTS
from assistant.model import ProcessModel
from assistant.training.cases import CaseLibrary
from assistant.training.concepts import CONCEPTS, GOALS
from assistant.training.similarity import normalize
from assistant.training.tutor import SLOT_CONCEPTS, PracticeTutor, practice_case_of
from tests.cli_env import run_chat_jsonl
from tests.training.test_hints import solution_names

REPO = Path(__file__).resolve().parents[2]


def _deps(library: CaseLibrary, case_id: str | None) -> Deps:
    tutor = PracticeTutor(library.get(case_id)) if case_id else None
    return Deps(retriever=FallbackRetriever(), tutor=tutor)


def _events(result: TurnResult) -> list[dict[str, Any]]:
    return [e.to_dict() for e in result.events]


def test_every_slot_exercises_a_checked_concept() -> None:
    assert set(SLOT_CONCEPTS) == {s.id for s in SLOTS}
    assert set(SLOT_CONCEPTS.values()) <= set(CONCEPTS)


def test_practice_why_names_the_concept_and_its_source(library: CaseLibrary) -> None:
    deps = _deps(library, "straatfestival")
    first = _events(start(InterviewState(), ProcessModel(), deps))[0]
    assert first["type"] == "question"
    goal = GOALS[CONCEPTS[SLOT_CONCEPTS[first["slot"]]].goal]
    assert first["why"].startswith(f"Oefenbegrip {goal.label}")
    assert "https://" in first["why"]
    # without a tutor the question keeps its own reason
    plain = _events(start(InterviewState(), ProcessModel(), _deps(library, None)))[0]
    assert plain["slot"] == first["slot"]
    assert "Oefenbegrip" not in plain["why"]


def test_question_examples_that_give_the_case_away_are_left_out(library: CaseLibrary) -> None:
    plain = _events(start(InterviewState(), ProcessModel(), _deps(library, None)))[0]
    practice = _events(start(InterviewState(), ProcessModel(), _deps(library, "straatfestival")))[0]
    assert "straatfestival" in plain["text"]  # the interview's own example is GEMMA's festival
    assert "straatfestival" not in practice["text"].lower()
    assert practice["text"].endswith("?") and practice["text"] in plain["text"]
    # another case keeps the example: it does not give that case away
    other = _events(start(InterviewState(), ProcessModel(), _deps(library, "afvalstoffenheffing")))
    assert other[0]["text"] == plain["text"]


@pytest.mark.parametrize("case_id", ["straatfestival", "afvalstoffenheffing"])
def test_hint_is_an_answer_that_reveals_no_solution_name(
    library: CaseLibrary, case_id: str
) -> None:
    if case_id not in library.cases:
        case_id = next(iter(library.cases))
    deps = _deps(library, case_id)
    opened = start(InterviewState(), ProcessModel(), deps)
    answered = turn(opened.state, opened.model, "Een evenement organiseren", deps)
    result = turn(answered.state, answered.model, "/hint", deps)
    events = _events(result)
    assert events[0]["type"] == "answer"
    assert events[0]["text"].startswith("Hint: ")
    assert events[0]["sources"] and events[0]["sources"][0]["url"].startswith("https://")
    # the open question follows, unchanged, and the model is untouched by a hint
    assert events[-1]["type"] == "question"
    assert events[-1]["slot"] == answered.state.current
    assert result.model == answered.model
    text = normalize(events[0]["text"])
    known = normalize(answered.model.to_json())
    for name in solution_names(library, case_id):
        n = normalize(name)
        if n not in known and len(n.split()) > 1:
            assert n not in text, (name, events[0]["text"])


def test_hint_after_the_interview_is_done_still_answers(library: CaseLibrary) -> None:
    deps = _deps(library, "straatfestival")
    opened = start(InterviewState(), ProcessModel(), deps)
    finished = turn(opened.state, opened.model, "/klaar", deps)
    assert finished.done
    events = _events(turn(finished.state, finished.model, "/hint", deps))
    assert [e["type"] for e in events] == ["answer", "done"]


def test_hint_outside_practice_mode_says_how_to_start_one(library: CaseLibrary) -> None:
    deps = _deps(library, None)
    opened = start(InterviewState(), ProcessModel(), deps)
    events = _events(turn(opened.state, opened.model, "/hint", deps))
    assert events[0]["type"] == "notice"
    assert "--oefen" in events[0]["text"]
    assert events[1]["type"] == "question"


class BrokenTutor:
    def intro(self) -> str:
        return "intro"

    def why(self, slot_id: str) -> str | None:
        raise RuntimeError("kapot")

    def screen(self, question: str, model: ProcessModel) -> str:
        raise RuntimeError("kapot")

    def hint(self, model: ProcessModel) -> tuple[str, dict[str, Any] | None]:
        raise RuntimeError("kapot")


def test_a_failing_tutor_costs_neither_the_question_nor_the_turn() -> None:
    deps = Deps(retriever=FallbackRetriever(), tutor=BrokenTutor())
    opened = start(InterviewState(), ProcessModel(), deps)
    first = _events(opened)[0]
    assert first["type"] == "question" and first["why"]
    events = _events(turn(opened.state, opened.model, "/hint", deps))
    assert events[0]["type"] == "notice" and events[0]["level"] == "warning"
    assert events[1]["type"] == "question" and events[1]["slot"] == first["slot"]


def test_practice_case_of_session_kind() -> None:
    assert practice_case_of("oefening:straatfestival") == "straatfestival"
    assert practice_case_of("oefening:") is None
    assert practice_case_of("interview") is None


# --- the CLI ---------------------------------------------------------------------------


def test_chat_oefen_over_jsonl_and_resume(tmp_path: Path) -> None:
    proc = run_chat_jsonl(
        tmp_path, ["Straatfeest", "/hint"], "--oefen", "straatfestival", "--session", "t1"
    )
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    # the protocol's first event stays a question; the case text follows it
    assert events[0]["type"] == "question" and events[0]["why"].startswith("Oefenbegrip")
    assert events[1]["type"] == "notice" and "Oefencasus" in events[1]["text"]
    hints = [e for e in events if e["type"] == "answer" and e["text"].startswith("Hint: ")]
    assert len(hints) == 1
    # the session remembers its case: resuming without --oefen is still practice
    again = run_chat_jsonl(tmp_path, ["/hint"], "--session", "t1")
    assert again.returncode == 0, again.stderr
    resumed = [json.loads(line) for line in again.stdout.splitlines()]
    assert resumed[1]["type"] == "notice" and "Oefencasus" in resumed[1]["text"]
    assert any(e["type"] == "answer" and e["text"].startswith("Hint: ") for e in resumed)
    # ... and cannot silently switch to another case
    other = run_chat_jsonl(tmp_path, [], "--session", "t1", "--oefen", "parkeervergunning")
    assert other.returncode != 0
    assert "geen oefensessie" in other.stderr


def test_chat_oefen_unknown_case_is_one_dutch_line(tmp_path: Path) -> None:
    proc = run_chat_jsonl(tmp_path, [], "--oefen", "bestaat-niet")
    assert proc.returncode != 0
    assert "Oefencasus 'bestaat-niet' bestaat niet" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
