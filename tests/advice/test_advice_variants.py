"""Deriving variants and applying findings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.advice import AdviceDeps, advise
from assistant.effort import variant_effort
from assistant.errors import InputError, NotFoundError
from assistant.model import ProcessModel
from assistant.variants import apply_finding, derive_variant
from tests.advice.conftest import FakeReference, FakeRetriever, build

V1 = "Variant 1: klant verzamelt stukken"
GATHER = "gemeente-verzamelt-stukken:v1-bs-vergunning"


def test_derive_copies_with_unique_suffixed_ids(straatfestival: ProcessModel) -> None:
    new = derive_variant(straatfestival, V1, "Variant 3: digitaal")
    assert len(new.variants) == 3 and new.active.name == "Variant 3: digitaal"
    v = new.active
    assert v.id == "var-variant-3-digitaal" and v.derived_from == "var-initieel"
    service = v.services[0]
    assert service.id == "v1-bs-vergunning--variant-3-digitaal"
    ids = {a.id for a in service.activities}
    assert all(s.after_activity_id in ids for s in service.statusmeldingen)
    ds_ids = {d.id for d in service.deelservices}
    assert all(a.deelservice_id in ds_ids for a in service.activities if a.deelservice_id)
    # the original is untouched
    assert straatfestival.variant(V1).services[0].id == "v1-bs-vergunning"  # type: ignore[union-attr]


def test_derive_from_a_derived_variant_does_not_stack_suffixes(
    straatfestival: ProcessModel,
) -> None:
    once = derive_variant(straatfestival, V1, "B")
    twice = derive_variant(once, "B", "C")
    assert twice.active.services[0].id == "v1-bs-vergunning--c"


def test_derive_rejects_duplicate_or_unknown(straatfestival: ProcessModel) -> None:
    with pytest.raises(InputError):
        derive_variant(straatfestival, V1, V1)
    with pytest.raises(NotFoundError):
        derive_variant(straatfestival, "bestaat niet", "X")


def test_apply_gather_removes_finding_and_lowers_effort(
    straatfestival: ProcessModel, deps: AdviceDeps
) -> None:
    new = apply_finding(straatfestival, GATHER, "Variant 1b", deps=deps)
    variant = new.active
    assert variant.applied_findings == [GATHER] and variant.derived_from == "var-initieel"
    assert "gemeente-verzamelt-stukken" not in {f.check for f in advise(new, deps)}
    before = variant_effort(straatfestival.variants[0])
    after = variant_effort(variant)
    assert after.customer_activities == before.customer_activities - 1
    assert after.customer_documents == before.customer_documents - 2
    # the gathering activity now sits in the backoffice, right after the intake
    names = [(a.name, a.lane.value) for a in variant.services[0].activities]
    assert names[3] == ("Verzamelen stukken", "backoffice")
    assert names[2][0] == "Intake"
    assert any(f.id == GATHER for f in new.findings)


def test_apply_non_mechanical_finding_records_idea(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    data["journey"]["steps_after"] = []
    new = apply_finding(build(data), "klantreis-context:klantreis", deps=deps)
    (idea,) = new.improvement_ideas
    assert idea.finding_id == "klantreis-context:klantreis"
    assert new.active.applied_findings == ["klantreis-context:klantreis"]
    assert new.journey.steps_after == []  # no placeholders invented


def test_apply_rename_status_and_reuse(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    service = data["variants"][0]["services"][0]
    service["name"] = "Behandelen ontheffing"
    service["statusmeldingen"] = []
    data["related_processes"] = [
        {
            "id": "rel-info",
            "name": "Informatie vragen",
            "service_id": "bs-a",
            "reused_data": ["Datum"],
        }
    ]
    model = build(data)
    for fid in (
        "naam-vanuit-klant:bs-a",
        "statusmelding-ontbreekt:bs-a",
        "hergebruik-gegevens:bs-a",
    ):
        new = apply_finding(model, fid, deps=deps)
        assert fid.split(":")[0] not in {f.check for f in advise(new, deps)}, fid
        assert not new.improvement_ideas, fid
    renamed = apply_finding(model, "naam-vanuit-klant:bs-a", deps=deps)
    assert renamed.active.services[0].name == "Regelen ontheffing"
    reused = apply_finding(model, "hergebruik-gegevens:bs-a", deps=deps).active.services[0]
    assert reused.intake.data_asked[1].reused_from == "rel-info"


def test_apply_reference_uses_best_suggestion(clean: Callable[[], dict]) -> None:
    data = clean()
    data["variants"][0]["services"][0]["process"]["gemma_reference"] = None
    retriever = FakeRetriever(references=[FakeReference("id-1", "Behandelen aanvraag product")])
    new = apply_finding(
        build(data), "gemma-referentie-ontbreekt:bs-a", deps=AdviceDeps(retriever=retriever)
    )
    ref = new.active.services[0].process.gemma_reference
    assert ref is not None and ref.name == "Behandelen aanvraag product"


def test_apply_unknown_or_stale_finding(straatfestival: ProcessModel) -> None:
    with pytest.raises(NotFoundError, match="Onbekend advies"):
        apply_finding(straatfestival, "bestaat-niet:x")
    with pytest.raises(NotFoundError, match="geldt niet"):
        apply_finding(straatfestival, "gemeente-verzamelt-stukken:v2-bs-vergunning")
