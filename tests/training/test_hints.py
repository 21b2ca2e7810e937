"""Hints point at the first wrong concept in learning-goal order and reveal nothing."""

from __future__ import annotations

import json

import pytest

from assistant.training.cases import CaseLibrary
from assistant.training.concepts import CONCEPTS
from assistant.training.hints import hint, why_for_concept
from assistant.training.similarity import normalize
from tests.training.training_helpers import expected_models, trainee_model


def solution_names(library: CaseLibrary, case_id: str) -> set[str]:
    data = json.loads(library.get(case_id).solution.to_json())
    names: set[str] = set()

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {
            "name",
            "result",
            "internal_customer",
            "deelservice",
        }:
            names.add(node)
        elif isinstance(node, str) and key == "":
            names.add(node)  # reused_data items

    walk(data)
    return {n for n in names if len(n) > 3}


@pytest.mark.parametrize(("case_id", "stem", "wrong"), [m for m in expected_models() if m[2]])
def test_hint_targets_first_wrong_goal_without_revealing(
    library: CaseLibrary, case_id: str, stem: str, wrong: list[str]
) -> None:
    case = library.get(case_id)
    model = trainee_model(case_id, stem)
    found = hint(case, model)
    goal_order = [g for g in case.learning_goals]
    rank = {
        c: (goal_order.index(CONCEPTS[c].goal) if CONCEPTS[c].goal in goal_order else 99, i)
        for i, c in enumerate(CONCEPTS)
    }
    assert found.concept == min(wrong, key=rank.__getitem__)
    assert found.source is not None and found.source.url.startswith("https://")
    text = normalize(found.text)
    trainee_text = normalize(model.to_json())
    for name in solution_names(library, case_id):
        n = normalize(name)
        if n not in trainee_text and len(n.split()) > 1:
            assert n not in text, (name, found.text)


def test_hint_when_all_right(library: CaseLibrary) -> None:
    case = library.get("archief")
    found = hint(case, case.solution)
    assert found.concept is None and found.text


def test_hint_uses_injected_knowledge(library: CaseLibrary) -> None:
    class Passage:
        title, url, text = (
            "Begrip: Klantreis",
            "https://www.gemmaonline.nl/x",
            "Uitleg uit de kennisbank.",
        )

    class Fake:
        def explain(self, term: str, k: int = 3) -> list[Passage]:
            return [Passage()]

    found = hint(
        library.get("straatfestival"),
        trainee_model("straatfestival", "geen-klantreis"),
        knowledge=Fake(),
    )
    assert "Uitleg uit de kennisbank." in found.text
    assert found.source is not None and found.source.url == "https://www.gemmaonline.nl/x"


def test_why_for_concept() -> None:
    for concept in [*CONCEPTS, "intake", "onbekend-ding"]:
        line = why_for_concept(concept)
        assert "Bron:" in line and len(line) > 40
