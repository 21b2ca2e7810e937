"""Each check fires on a model with the flaw and stays silent on the clean model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.advice import CHECKS, AdviceDeps, advise
from assistant.advice.rules import FALLBACK_SOURCES
from assistant.model import ProcessModel
from tests.advice.conftest import FakePassage, FakeReference, FakeRetriever, build

CHECK_NAMES = [c.name for c in CHECKS]


def fired(model: ProcessModel, deps: AdviceDeps, variant: str | None = None) -> set[str]:
    return {f.check for f in advise(model, deps, variant=variant)}


def test_clean_model_has_no_findings(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    assert advise(build(clean()), deps) == []


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_each_check_silent_on_clean_model(
    check: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    assert advise(build(clean()), deps, checks=[check]) == []


def _service(data: dict) -> dict:
    return data["variants"][0]["services"][0]


def _only(model: ProcessModel, deps: AdviceDeps, check: str) -> list:
    findings = advise(model, deps, checks=[check])
    assert findings, f"{check} should fire"
    return findings


# --- positive cases, one mutation of the clean model each ------------------------------------


def test_customer_provides_registry_document(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    _service(data)["intake"]["documents"][1]["provided_by"] = "klant"
    (f,) = _only(build(data), deps, "gemeente-verzamelt-stukken")
    assert f.id == "gemeente-verzamelt-stukken:bs-a"
    assert f.element_ids == ["stuk-kvk"] and "HR" in f.message
    assert f.severity.value == "waarschuwing" and f.suggestion


def test_customer_provides_registry_data(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    _service(data)["intake"]["data_asked"].append(
        {"id": "gegeven-geb", "name": "Geboortedatum", "source": "BRP"}
    )
    (f,) = _only(build(data), deps, "gemeente-verzamelt-stukken")
    assert f.element_ids == ["gegeven-geb"]


def test_customer_authored_documents_and_keys_never_count(clean: Callable[[], dict]) -> None:
    # Even a lookup that maps everything to a register must not make a drawing or the
    # festival's own address something the municipality can fetch.
    greedy = AdviceDeps(registry=lambda _text: "BGT")
    data = clean()
    _service(data)["intake"]["documents"].append(
        {"id": "stuk-polis", "name": "Bewijs van aansprakelijkheidsverzekering"}
    )
    assert advise(build(data), greedy, checks=["gemeente-verzamelt-stukken"]) == []


def test_reuse_from_related_process(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    data["related_processes"] = [
        {
            "id": "rel-info",
            "name": "Informatie vragen",
            "service_id": "bs-a",
            "reused_data": ["Datum"],
        }
    ]
    (f,) = _only(build(data), deps, "hergebruik-gegevens")
    assert f.element_ids == ["gegeven-datum"] and "Informatie vragen" in f.message
    # marked as reused: silent
    _service(data)["intake"]["data_asked"][1]["reused_from"] = "rel-info"
    assert advise(build(data), deps, checks=["hergebruik-gegevens"]) == []


def test_reuse_ignores_later_processes(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    data["related_processes"] = [
        {"id": "rel-na", "name": "Evalueren", "relation": "volgend", "reused_data": ["Datum"]}
    ]
    assert advise(build(data), deps, checks=["hergebruik-gegevens"]) == []


def test_missing_intake_and_levering(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    acts = _service(data)["activities"]
    _service(data)["activities"] = [a for a in acts if a.get("kind") not in ("intake", "levering")]
    _service(data)["statusmeldingen"] = []
    model = build(data)
    assert _only(model, deps, "intake-ontbreekt")[0].element_ids == ["bs-a"]
    assert _only(model, deps, "levering-ontbreekt")[0].id == "levering-ontbreekt:bs-a"


def test_activity_after_levering(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    acts = _service(data)["activities"]
    acts.insert(4, {"id": "act-fact", "name": "Factureren leges", "lane": "backoffice"})
    acts.insert(4, {"id": "act-toets", "name": "Toetsen uitvoering", "lane": "backoffice"})
    (f,) = _only(build(data), deps, "activiteit-na-levering")
    assert f.element_ids == ["act-toets", "act-fact"]
    assert "'Toetsen uitvoering' vóór de levering" in f.suggestion
    assert "'Factureren leges' als afsluitende" in f.suggestion


@pytest.mark.parametrize(
    "name",
    [
        "Factureren leges",
        "Facturering",
        "Archiveren",
        "Afsluiten zaak",
        "Zaakafsluiting",
        "Evaluatie na drie maanden",
        "Innen en invorderen",
        "Betaling controleren",
    ],
)
def test_closing_work_after_levering_is_fine_unlabelled(
    name: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    # GEMMA: closing work such as facturatie may follow the levering; the kind left as taak
    # does not make it wrong.
    data = clean()
    _service(data)["activities"].insert(4, {"id": "act-x", "name": name, "lane": "backoffice"})
    assert advise(build(data), deps, checks=["activiteit-na-levering"]) == []


@pytest.mark.parametrize("name", ["Aanvraag binnen krijgen", "Advies vragen", "Toetsen"])
def test_other_work_after_levering_fires(
    name: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["activities"].insert(4, {"id": "act-x", "name": name, "lane": "backoffice"})
    assert _only(build(data), deps, "activiteit-na-levering")[0].element_ids == ["act-x"]


def test_customer_activity_after_levering_is_fine(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["activities"].append(
        {"id": "act-betalen", "name": "Leges betalen", "lane": "klant", "channel": "online"}
    )
    assert advise(build(data), deps, checks=["activiteit-na-levering"]) == []


@pytest.mark.parametrize(
    ("name", "proposal"),
    [
        ("Behandelen aanvraag ontheffing", "Regelen ontheffing"),
        ("Afhandelen klacht", "Klacht indienen"),
        ("Vergunningaanvraag verwerken", "Regelen vergunning"),
        ("Beoordelen subsidieaanvraag", "Aanvragen subsidie"),
    ],
)
def test_service_named_from_inside(
    name: str, proposal: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["name"] = name
    (f,) = _only(build(data), deps, "naam-vanuit-klant")
    assert f"'{proposal}'" in f.suggestion


def test_customer_side_names_pass(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    for name in ("Aanvragen parkeervergunning", "Beschikbaar krijgen van een goed beheerd archief"):
        data = clean()
        _service(data)["name"] = name
        assert advise(build(data), deps, checks=["naam-vanuit-klant"]) == []


@pytest.mark.parametrize(
    ("kind", "customer", "fires"),
    [
        ("onbekend", "inwoner", True),
        ("interne_behoefte", "inwoner", True),
        ("aanvraag", "maatschappij", True),
        ("verantwoordelijkheid", "inwoner", False),
        ("interne_behoefte", "interne_klant", False),
        ("interne_behoefte", "maatschappij", False),
        ("melding", "maatschappij", False),
    ],
)
def test_aanleiding_kind_vs_customer(
    kind: str, customer: str, fires: bool, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["aanleiding"] = {"kind": kind}
    data["journey"]["customer"]["type"] = customer
    assert bool(advise(build(data), deps, checks=["aanleiding"])) is fires


def test_journey_context_missing(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    data["journey"]["steps_after"] = []
    (f,) = _only(build(data), deps, "klantreis-context")
    assert f.id == "klantreis-context:klantreis" and f.severity.value == "suggestie"
    data["journey"]["steps_before"] = []
    (f,) = _only(build(data), deps, "klantreis-context")
    assert f.severity.value == "waarschuwing"


def test_supporting_process_without_internal_customer(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    ref = {"name": "Beheren archief en informatie", "kind": "cluster"}
    data["supporting_processes"] = [
        {"id": "ond-1", "name": "Beheren archief", "gemma_reference": ref},
        {
            "id": "ond-2",
            "name": "Plannen en sturen",
            "kind": "sturend",
            "internal_customer": "College",
            "deelservice": "Begroting",
            "gemma_reference": ref,
        },
    ]
    (f,) = _only(build(data), deps, "interne-klant-ontbreekt")
    assert f.element_ids == ["ond-1"]
    assert "interne klant" in f.message and "deelservice" in f.message


def test_statusmelding_missing_on_long_lead_time(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["statusmeldingen"] = []
    _only(build(data), deps, "statusmelding-ontbreekt")
    # short: silent
    _service(data)["lead_time_days"] = 3
    assert advise(build(data), deps, checks=["statusmelding-ontbreekt"]) == []
    # lead time from the durations, melding only after the levering: fires
    _service(data)["lead_time_days"] = None
    for a in _service(data)["activities"]:
        a["duration_days"] = 4
    _service(data)["statusmeldingen"] = [
        {"id": "st-na", "name": "Enquête", "after_activity_id": "act-leveren"}
    ]
    _only(build(data), deps, "statusmelding-ontbreekt")


def test_statusmelding_not_needed_for_responsibility(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["statusmeldingen"] = []
    _service(data)["aanleiding"] = {"kind": "verantwoordelijkheid", "legal_basis": "Gemeentewet"}
    assert advise(build(data), deps, checks=["statusmelding-ontbreekt"]) == []


def test_reference_missing_with_suggestions(clean: Callable[[], dict]) -> None:
    data = clean()
    _service(data)["process"]["gemma_reference"] = None
    retriever = FakeRetriever(
        references=[
            FakeReference("id-85fd", "Behandelen aanvraag vergunning of ontheffing", url="u")
        ]
    )
    (f,) = advise(
        build(data), AdviceDeps(retriever=retriever), checks=["gemma-referentie-ontbreekt"]
    )
    assert "Behandelen aanvraag vergunning of ontheffing" in f.suggestion
    assert f.sources[0].element_id == "id-85fd"


# --- sources, ids, variants ----------------------------------------------------------------


def test_every_finding_has_a_source_without_retrieval(
    clean: Callable[[], dict],
) -> None:
    data = clean()
    data["journey"]["steps_before"] = []
    _service(data)["name"] = "Behandelen ontheffing"
    findings = advise(build(data), AdviceDeps())
    assert findings and all(f.sources for f in findings)
    assert findings[0].sources[0] == FALLBACK_SOURCES[findings[0].check]


def test_retrieved_passages_are_cited(clean: Callable[[], dict]) -> None:
    data = clean()
    data["journey"]["steps_before"] = []
    retriever = FakeRetriever(
        passages=[
            FakePassage("Procesarchitectuur Klantreizen", "Klantreis", "https://x", text="tekst")
        ]
    )
    (f,) = advise(build(data), AdviceDeps(retriever=retriever))
    assert any(s.url == "https://x" and s.excerpt == "tekst" for s in f.sources)
    assert retriever.queries


def test_failing_retriever_does_not_break_advice(clean: Callable[[], dict]) -> None:
    class Broken(FakeRetriever):
        def search(self, query: str, k: int = 5) -> list[FakePassage]:
            raise RuntimeError("index weg")

    data = clean()
    data["journey"]["steps_before"] = []
    (f,) = advise(build(data), AdviceDeps(retriever=Broken()))
    assert f.sources


def test_straatfestival_variant1_fires_gather_with_source(
    straatfestival: ProcessModel, deps: AdviceDeps
) -> None:
    findings = advise(straatfestival, deps, variant="Variant 1: klant verzamelt stukken")
    (f,) = [f for f in findings if f.check == "gemeente-verzamelt-stukken"]
    assert f.id == "gemeente-verzamelt-stukken:v1-bs-vergunning"
    assert set(f.element_ids) == {"v1-stuk-kvk", "v1-stuk-verklaring-buren"}
    assert f.sources and f.sources[0].title


def test_straatfestival_variant2_does_not(straatfestival: ProcessModel, deps: AdviceDeps) -> None:
    assert "gemeente-verzamelt-stukken" not in fired(straatfestival, deps, "var-verbeterd")


def test_ids_are_stable_across_runs(straatfestival: ProcessModel, deps: AdviceDeps) -> None:
    first = [f.id for f in advise(straatfestival, deps)]
    assert first == [f.id for f in advise(straatfestival.model_copy(deep=True), deps)]


def test_unknown_variant_is_a_dutch_error(straatfestival: ProcessModel) -> None:
    from assistant.errors import InputError

    with pytest.raises(InputError, match="bestaat niet"):
        advise(straatfestival, variant="Variant 9")


def test_closing_activity_before_levering(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    acts = _service(data)["activities"]
    acts.insert(3, acts.pop())  # archiveren before leveren
    (f,) = _only(build(data), deps, "activiteit-na-levering")
    assert f.element_ids == ["act-archiveren"] and "ná de levering" in f.suggestion


def test_reuse_recognised_from_earlier_source(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    data["related_processes"] = [{"id": "rel-vraag", "name": "Vraag stellen"}]
    _service(data)["aanleiding"]["from_related_process_id"] = "rel-vraag"
    _service(data)["intake"]["data_asked"].append(
        {"id": "gegeven-naam", "name": "Naam en telefoonnummer", "source": "eerder telefoongesprek"}
    )
    (f,) = _only(build(data), deps, "hergebruik-gegevens")
    assert f.element_ids == ["gegeven-naam"]


def test_internal_customer_needs_a_deelservice(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    data["journey"]["customer"] = {"name": "Afdeling Vergunningen", "type": "interne_klant"}
    _service(data)["aanleiding"] = {"kind": "interne_behoefte"}
    (f,) = _only(build(data), deps, "interne-klant-ontbreekt")
    assert "deelservice" in f.message
    data["supporting_processes"] = [
        {
            "id": "ond-a",
            "name": "Beheren archief",
            "internal_customer": "Afdeling Vergunningen",
            "deelservice": "Archiveren dossier",
            "gemma_reference": {"name": "Beheren archief en informatie", "kind": "cluster"},
        }
    ]
    assert advise(build(data), deps, checks=["interne-klant-ontbreekt"]) == []
