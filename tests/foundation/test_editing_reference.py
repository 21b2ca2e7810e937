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


def _table(model: ProcessModel, table: str, **changes: object) -> ProcessModel:
    rows = editing.table_rows(model, table)
    rows[0] = {**rows[0], **changes}
    return editing.apply_edit(model, {}, editing.TableEdit(table, rows)).model


def test_a_deelservice_links_a_procesbouwsteen_picked_in_its_table() -> None:
    after = _table(_model(), "deelservices", gemma_reference="Deelservice Intake")
    ref = after.service.deelservices[0].gemma_reference
    expected = reference.by_name("Deelservice Intake")
    assert ref is not None and expected is not None
    assert (ref.element_id, ref.kind.value) == (expected.id, "procesbouwsteen")
    assert editing.table_rows(after, "deelservices")[0]["gemma_reference"] == "Deelservice Intake"
    # the other rows and their (empty) links are untouched
    assert [d.gemma_reference for d in after.service.deelservices[1:]] == [None, None]


def test_a_table_keeps_a_suggested_link_and_refuses_a_process_as_bouwsteen() -> None:
    model = _model()
    model.service.deelservices[0].gemma_reference = GemmaReference(
        name="Bouwsteen uit een import", kind="procesbouwsteen", score=0.6
    )
    kept = _table(model, "deelservices", realised_by="Intake doen")
    assert (
        kept.service.deelservices[0].gemma_reference
        == model.service.deelservices[0].gemma_reference
    )
    with pytest.raises(
        ModelValidationError,
        match=r"Onbekend GEMMA-procesbouwsteen 'Verstrekken subsidie' op \$\.variants.*deelservices\[0\]\.gemma_reference",
    ):
        _table(model, "deelservices", gemma_reference="Verstrekken subsidie")
    cleared = _table(model, "deelservices", gemma_reference="")
    assert cleared.service.deelservices[0].gemma_reference is None


def test_a_supporting_process_links_a_reference_process() -> None:
    rows = [
        {
            "name": "Archief",
            "kind": "ondersteunend",
            "gemma_reference": "Beheren archief en informatie",
        }
    ]
    after = editing.apply_edit(_model(), {}, editing.TableEdit("supporting_processes", rows)).model
    ref = after.supporting_processes[0].gemma_reference
    assert ref is not None and ref.name == "Beheren archief en informatie"


def test_an_activity_links_a_procesbouwsteen() -> None:
    after = _table(_model(), "activities", gemma_reference="Controle vormvereisten")
    ref = after.service.activities[0].gemma_reference
    assert ref is not None and ref.name == "Controle vormvereisten"
    assert ref.kind.value == "procesbouwsteen"
