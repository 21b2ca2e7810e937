"""Every format over every example model: registered, deterministic, pure, valid."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.export import all_exporters, export, get_exporter
from assistant.export.verify import Schemas, problems
from assistant.model import ProcessModel
from evals.exports import synthetic_model
from tests.export.conftest import EXAMPLE_IDS, EXAMPLES, festival_model

FORMATS = ["json", "md", "csv", "mermaid", "svg", "bpmn", "archimate"]


def test_every_format_is_registered_with_a_dutch_label() -> None:
    names = {e.name for e in all_exporters()}
    assert set(FORMATS) <= names
    for exporter in all_exporters():
        assert exporter.extension.startswith(".") and exporter.mime and exporter.label


def test_unknown_format_is_a_dutch_input_error() -> None:
    with pytest.raises(InputError, match="Onbekend exportformaat"):
        get_exporter("docx")


def test_examples_exist() -> None:
    assert EXAMPLES, "evals/datasets holds example process models"


@pytest.mark.parametrize(("name", "model"), EXAMPLES, ids=EXAMPLE_IDS)
def test_every_format_is_valid_and_deterministic(
    name: str, model: ProcessModel, schemas: Schemas
) -> None:
    before = model.to_json()
    for fmt in FORMATS:
        first = export(model, fmt)
        assert isinstance(first, bytes) and first, fmt
        assert export(model, fmt) == first, f"{fmt} is not deterministic for {name}"
        assert problems(fmt, first, schemas) == [], f"{fmt} for {name}"
    assert model.to_json() == before, "exporting must not change the model"


def test_same_model_loaded_twice_gives_the_same_bytes() -> None:
    # equal models built separately (no shared caches) still export identically
    for fmt in FORMATS:
        assert export(festival_model(), fmt) == export(festival_model(), fmt), fmt


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 40])
def test_small_and_degenerate_models_are_valid(n: int, schemas: Schemas) -> None:
    model = synthetic_model(n) if n else ProcessModel()
    for fmt in FORMATS:
        assert problems(fmt, export(model, fmt), schemas) == [], (fmt, n)


def test_model_without_journey_or_customer_activities(schemas: Schemas) -> None:
    model = synthetic_model(5)
    service = model.variants[0].services[0]
    from assistant.model import Lane

    acts = [a for a in service.activities if a.lane is not Lane.KLANT]
    service = service.model_copy(update={"activities": acts, "statusmeldingen": []})
    variant = model.variants[0].model_copy(update={"services": [service]})
    journey = model.journey.model_copy(update={"steps_before": [], "steps_after": []})
    bare = model.model_copy(update={"variants": [variant], "journey": journey})
    for fmt in ("bpmn", "archimate", "svg"):
        assert problems(fmt, export(bare, fmt), schemas) == [], fmt
    # the customer becomes a black-box pool that still sends and receives messages
    assert b"messageFlow" in export(bare, "bpmn")


def test_cli_export_writes_every_format(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import main

    source = tmp_path / "model.json"
    source.write_text(festival_model().to_json(), encoding="utf-8")
    for fmt in FORMATS:
        target = tmp_path / f"out.{fmt}"
        assert main(["export", str(source), "--format", fmt, "-o", str(target)]) == 0
        assert target.read_bytes() == export(festival_model(), fmt)
    # --variant picks the variant the drawn formats show
    target = tmp_path / "v2.bpmn"
    args = ["export", str(source), "--format", "bpmn", "--variant", "var-2", "-o", str(target)]
    assert main(args) == 0
    assert b"v2-act-intake" in target.read_bytes()
