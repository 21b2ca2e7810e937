"""Property tests: whatever a name holds (<, &, quotes, emoji, newlines, RTL marks, control
characters, lone surrogates), every format still yields a valid file."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.export import export
from assistant.export.verify import (
    Schemas,
    archimate_problems,
    bpmn_problems,
    safe_parse,
    svg_problems,
)
from assistant.model import ProcessModel
from evals.exports import synthetic_model

TRICKY = [
    "<b>&amp;</b>",
    "\"quoted\" 'single'",
    "emoji 😀👩‍👩‍👧 🇳🇱",
    "regel 1\nregel 2\r\nregel 3",
    "\u202eRTL override\u200f mark\u2066",
    "ctrl \x00\x01\x08\x0b\x0c\x1f\x7f end",
    "]]> <!-- --> <?pi?>",
    "#;:%% `code` [x](y) {z} |",
    "\ud800 lone surrogate",
    "\ufffe\uffff",
    "x" * 500,
]

names = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(codec=None, exclude_categories=["Cs"]), min_size=1, max_size=80),
    st.text(
        st.sampled_from(list("<>&\"'\n\t\x00\x1f😀\u202e#;:[]{}()|`%- ")), min_size=1, max_size=40
    ),
).filter(lambda s: s.strip() != "")


def renamed(name: str) -> ProcessModel:
    """A small model with ``name`` in every kind of user text the exporters draw on."""
    model = synthetic_model(6)
    variant = model.variants[0]
    service = variant.services[0]
    acts = [
        a.model_copy(update={"name": f"{name} {i}", "description": name})
        for i, a in enumerate(service.activities)
    ]
    docs = [d.model_copy(update={"name": name, "source": name}) for d in service.intake.documents]
    meldingen = [m.model_copy(update={"name": name}) for m in service.statusmeldingen]
    deel = [d.model_copy(update={"name": name, "realised_by": name}) for d in service.deelservices]
    service = service.model_copy(
        update={
            "name": name,
            "activities": acts,
            "statusmeldingen": meldingen,
            "deelservices": deel,
            "intake": service.intake.model_copy(update={"documents": docs, "form": name}),
            "levering": service.levering.model_copy(update={"result": name}),
            "aanleiding": service.aanleiding.model_copy(update={"description": name}),
            "process": service.process.model_copy(update={"name": name}),
        }
    )
    steps = [s.model_copy(update={"name": name}) for s in model.journey.steps_before]
    customer = model.journey.customer.model_copy(update={"name": name})
    journey = model.journey.model_copy(
        update={"name": name, "steps_before": steps, "customer": customer, "customer_goal": name}
    )
    variant = variant.model_copy(update={"name": name, "services": [service]})
    return model.model_copy(update={"journey": journey, "variants": [variant]})


SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(name=names)
def test_xml_formats_stay_valid(name: str, schemas: Schemas) -> None:
    model = renamed(name)
    bpmn = export(model, "bpmn")
    assert schemas.problems("bpmn", bpmn) == [] and bpmn_problems(bpmn) == []
    archimate = export(model, "archimate")
    assert schemas.problems("archimate", archimate) == [] and archimate_problems(archimate) == []
    svg = export(model, "svg")
    assert svg_problems(svg) == []


@SETTINGS
@given(name=names)
def test_text_formats_stay_parseable(name: str) -> None:
    model = renamed(name)
    table = list(
        csv.reader(io.StringIO(export(model, "csv").decode("utf-8-sig"), newline=""), delimiter=";")
    )
    assert len({len(r) for r in table}) == 1
    for fmt in ("md", "mermaid", "json"):
        assert export(model, fmt).decode("utf-8")
    assert json.loads(export(model, "json"))["variants"]
    mermaid = export(model, "mermaid").decode("utf-8")
    # no label may break out of its quotes or its line
    for line in mermaid.split("```mermaid", 1)[1].splitlines():
        if '["' in line:
            assert line.count('"') == 2, line


def test_every_tricky_name_yields_well_formed_xml() -> None:
    for name in TRICKY:
        model = renamed(name)
        for fmt in ("bpmn", "archimate", "svg"):
            safe_parse(export(model, fmt))
