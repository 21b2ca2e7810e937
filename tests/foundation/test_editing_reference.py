"""The service form's GEMMA reference process: picked by name from the Processenlandschap."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import editing
from assistant.errors import ModelValidationError
from assistant.model import GemmaReference, ProcessModel
from assistant.model_io import model_from_json
from knowledge import reference

VERGUNNING = "Behandelen aanvraag vergunning of ontheffing"


MODELS = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "models"


def _model(ref: GemmaReference | None = None, function: str = "") -> ProcessModel:
    model = model_from_json((MODELS / "straatfestival.json").read_bytes())
    model.service.process.gemma_reference = ref
    model.service.process.bedrijfsfunctie = function
    return model


def _pick(model: ProcessModel, **values: object) -> ProcessModel:
    current = editing.form_values(model, "service")
    edit = editing.FormEdit("service", {**current, **values})
    return editing.apply_edit(model, {}, edit).model


def test_picking_a_reference_links_it_with_its_bedrijfsfunctie() -> None:
    after = _pick(_model(), **{"process.gemma_reference": VERGUNNING})
    ref = after.service.process.gemma_reference
    expected = reference.by_name(VERGUNNING)
    assert expected is not None and ref is not None
    assert (ref.element_id, ref.name, ref.url) == (expected.id, VERGUNNING, expected.url)
    assert ref.score is None  # chosen, not suggested
    function = expected.bedrijfsfunctie()
    assert function is not None and after.service.process.bedrijfsfunctie == function.name
    assert editing.form_values(after, "service")["process.gemma_reference"] == VERGUNNING


def test_the_designers_own_bedrijfsfunctie_is_kept() -> None:
    after = _pick(_model(function="Evenementen"), **{"process.gemma_reference": VERGUNNING})
    assert after.service.process.bedrijfsfunctie == "Evenementen"


def test_saving_the_form_keeps_a_suggested_link_with_its_score() -> None:
    suggested = GemmaReference(element_id="id-x", name="Eigen naam uit import", score=0.71)
    model = _model(suggested)
    assert "Eigen naam uit import" in editing.reference_options("Eigen naam uit import")
    after = _pick(model, name="Andere dienstnaam")
    assert after.service.process.gemma_reference == suggested
    assert after.service.name == "Andere dienstnaam"


def test_none_unlinks_and_an_unknown_name_is_refused_with_the_path() -> None:
    linked = _pick(_model(), **{"process.gemma_reference": VERGUNNING})
    assert _pick(linked, **{"process.gemma_reference": ""}).service.process.gemma_reference is None
    with pytest.raises(ModelValidationError, match=r"Onbekend GEMMA-referentieproces 'Vliegen'"):
        _pick(linked, **{"process.gemma_reference": "Vliegen"})


def test_the_options_are_none_and_every_reference_process_once() -> None:
    options = editing.reference_options()
    assert options[0] == "" and len(options) == len(set(options))
    assert set(options[1:]) == {p.name for p in reference.processes()}


def test_a_cluster_is_linked_as_a_cluster() -> None:
    after = _pick(_model(), **{"process.gemma_reference": "Handhaven"})
    ref = after.service.process.gemma_reference
    assert ref is not None and ref.kind.value == "cluster"


def test_suggested_processes_come_first_in_their_order() -> None:
    suggested = ["Verstrekken subsidie", "Niet in de lijst", VERGUNNING, "Verstrekken subsidie"]
    options = editing.reference_options("", suggested)
    assert options[:3] == ["", "Verstrekken subsidie", VERGUNNING]
    assert "Niet in de lijst" not in options
    assert len(options) == len(set(options)) == len(reference.processes()) + 1
