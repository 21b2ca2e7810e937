from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import ModelValidationError
from assistant.model import (
    SCHEMA_VERSION,
    ActivityKind,
    Actor,
    CustomerType,
    Lane,
    ProcessModel,
    SupportKind,
    TriggerKind,
    json_schema,
)
from assistant.model_io import model_from_data, model_from_json

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "evals" / "datasets" / "models"


def load(name: str) -> ProcessModel:
    return model_from_json((MODELS / name).read_bytes())


def test_every_example_model_validates_and_is_canonical(example_model_paths: list[Path]) -> None:
    for path in example_model_paths:
        raw = path.read_text(encoding="utf-8")
        model = model_from_json(raw)
        assert model.to_json() == raw, f"{path.name} is not in canonical form"


def test_street_festival_variants_differ_in_who_gathers_documents() -> None:
    model = load("straatfestival.json")
    v1, v2 = model.variants
    docs1 = v1.services[0].intake.documents
    docs2 = v2.services[0].intake.documents
    assert {d.provided_by for d in docs1} == {Actor.KLANT}
    assert any(d.provided_by is Actor.GEMEENTE for d in docs2)
    lanes1 = {a.name: a.lane for a in v1.services[0].activities}
    lanes2 = {a.name: a.lane for a in v2.services[0].activities}
    assert lanes1["Verzamelen stukken"] is Lane.KLANT
    assert lanes2["Verzamelen stukken"] is Lane.BACKOFFICE
    names2 = [a.name for a in v2.services[0].activities]
    assert names2.index("Verzamelen stukken") > names2.index("Intake")
    assert v2.derived_from == v1.id


def test_local_tax_has_no_customer_request() -> None:
    model = load("afvalstoffenheffing.json")
    assert model.journey.customer.type is CustomerType.MAATSCHAPPIJ
    assert model.service.aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID
    assert model.service.aanleiding.legal_basis


def test_internal_supporting_process_has_internal_customer_and_deelservice() -> None:
    model = load("archief-ondersteunend.json")
    (support,) = model.supporting_processes
    assert support.kind is SupportKind.ONDERSTEUNEND
    assert support.internal_customer and support.deelservice
    assert model.journey.customer.type is CustomerType.INTERNE_KLANT


def test_related_processes_reuse_data_of_the_first() -> None:
    model = load("informatie-en-aanvraag.json")
    (rel,) = model.related_processes
    first, second = model.active.services
    assert rel.related_service_id == first.id and rel.service_id == second.id
    reused = [d for d in second.intake.data_asked if d.reused_from == rel.id]
    assert {d.name for d in reused} == set(rel.reused_data)
    assert {d.name for d in first.intake.data_asked} >= set(rel.reused_data)


def test_closing_activities_follow_levering() -> None:
    service = load("straatfestival-variant1.json").service
    kinds = [a.kind for a in service.activities]
    after = kinds[kinds.index(ActivityKind.LEVERING) + 1 :]
    assert after and all(k is ActivityKind.AFSLUITEND for k in after)
    assert [a.name for a in service.closing_activities] == [
        "Factureren leges",
        "Archiveren dossier",
    ]


def test_schema_names_the_gemma_concepts() -> None:
    text = json.dumps(json_schema())
    for word in (
        "intake",
        "levering",
        "Bedrijfsservice",
        "Deelservice",
        "aanleiding",
        "steps_before",
        "steps_after",
        "related_processes",
        "supporting_processes",
        "variants",
        "Statusmelding",
    ):
        assert word in text, word


def test_committed_schema_is_current() -> None:
    committed = json.loads((REPO / "docs" / "process-model.schema.json").read_text("utf-8"))
    assert committed == json_schema(), (
        "docs/process-model.schema.json is stale: run `klantreis schema > docs/process-model.schema.json`"
    )


def test_v1_models_are_migrated() -> None:
    v1 = {
        "schema_version": 1,
        "journey": {"name": "Organiseren straatfestival"},
        "bedrijfsservice": {"id": "bs-1", "name": "Regelen vergunning"},
        "variant_name": "Huidig",
    }
    model = model_from_data(v1)
    assert model.schema_version == SCHEMA_VERSION
    assert model.variants[0].name == "Huidig"
    assert model.service.name == "Regelen vergunning"
    assert model.service.id == "bs-1"


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"schema_version": 99}, "$.schema_version"),
        ({"schema_version": "twee"}, "$.schema_version"),
        ({"journey": {"name": 12}}, "$.journey.name"),
        (
            {"variants": [{"services": [{"intake": {"channels": ["duif"]}}]}]},
            "$.variants[0].services[0].intake.channels[0]",
        ),
        ({"variants": []}, "$.variants"),
        ({"onbekend": 1}, "$.onbekend"),
        ([1, 2], "$"),
    ],
)
def test_bad_models_name_the_location(data: object, location: str) -> None:
    with pytest.raises(ModelValidationError) as info:
        model_from_data(data)
    assert info.value.location == location
    assert location in str(info.value)


def test_lone_surrogate_is_refused_in_dutch() -> None:
    with pytest.raises(ModelValidationError) as info:
        model_from_json('{"journey": {"name": "a\\ud800b"}}')
    assert info.value.location == "$.journey.name"
    assert "onvolledig Unicode-teken" in str(info.value)


def test_active_variant_must_exist() -> None:
    with pytest.raises(ModelValidationError, match="active_variant_id"):
        model_from_data({"active_variant_id": "var-bestaat-niet"})


def test_ids_are_unique_within_each_example(example_model_paths: list[Path]) -> None:
    for path in example_model_paths:
        ids = list(model_from_json(path.read_bytes()).iter_ids())
        assert len(ids) == len(set(ids)), path.name
