"""The checks on models built the way other designers build them: other words for closing
work, intake and levering, lead times in words, a legal task without the kind filled in,
placeholders, free-text sources and documents handed in as objects."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.advice import AdviceDeps, advise
from assistant.advice.analysis import lead_time, started_from_responsibility
from assistant.model import Aanleiding, Bedrijfsservice, Levering
from tests.advice.conftest import build


def _service(data: dict) -> dict:
    return data["variants"][0]["services"][0]


def _fires(data: dict, deps: AdviceDeps, check: str) -> bool:
    return bool(advise(build(data), deps, checks=[check]))


@pytest.mark.parametrize(
    ("moment", "days"),
    [
        ("binnen 8 weken", 56),
        ("Binnen acht weken na ontvangst", 56),
        ("uiterlijk 26 weken", 182),
        ("10 werkdagen", 10),
        ("twee maanden", 60),
        ("6 wkn", 42),
        ("na 5 werkdagen ophalen", 5),
        ("binnen 48 uur", 2),
        ("Maart", None),
        ("", None),
    ],
)
def test_lead_time_from_the_levering_moment(moment: str, days: float | None) -> None:
    assert lead_time(Bedrijfsservice(levering=Levering(moment=moment))) == days


def test_lead_time_in_a_description_needs_a_cue() -> None:
    cued = Bedrijfsservice(description="De doorlooptijd is zes weken.")
    assert lead_time(cued) == 42
    # a validity period is not a lead time
    assert lead_time(Bedrijfsservice(description="De vergunning geldt 5 jaar.")) is None


def test_lead_time_takes_the_longest_estimate() -> None:
    service = Bedrijfsservice.model_validate(
        {
            "activities": [{"name": "Toetsen", "duration_days": 2}],
            "levering": {"moment": "binnen 8 weken"},
        }
    )
    assert lead_time(service) == 56


def test_statusmelding_fires_on_lead_time_in_words(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["statusmeldingen"] = []
    _service(data)["lead_time_days"] = None
    _service(data)["levering"] = {"moment": "binnen acht weken"}
    assert _fires(data, deps, "statusmelding-ontbreekt")
    _service(data)["levering"] = {"moment": "binnen drie dagen"}
    assert not _fires(data, deps, "statusmelding-ontbreekt")


@pytest.mark.parametrize(
    ("aanleiding", "responsibility"),
    [
        ({"kind": "verantwoordelijkheid"}, True),
        ({"legal_basis": "Gemeentewet art. 220"}, True),
        ({"kind": "interne_behoefte", "description": "Jaarlijks controleprogramma"}, True),
        ({"description": "Toezicht op grond van de Alcoholwet"}, True),
        ({"description": "Handhavingsverzoek van een omwonende"}, False),
        ({"description": "Verzoek van de wethouder"}, False),
        ({"legal_basis": "n.v.t."}, False),
        ({"kind": "aanvraag", "legal_basis": "Wmo 2015"}, False),
        ({}, False),
    ],
)
def test_started_from_responsibility(aanleiding: dict, responsibility: bool) -> None:
    assert started_from_responsibility(Aanleiding.model_validate(aanleiding)) is responsibility


@pytest.mark.parametrize(
    ("aanleiding", "fires"),
    [
        ({"legal_basis": "Verordening onroerendezaakbelastingen"}, False),
        ({"kind": "interne_behoefte", "legal_basis": "Gemeentewet"}, False),
        ({"description": "Handhavingsverzoek van een omwonende"}, True),
        ({"kind": "interne_behoefte"}, True),
        ({"legal_basis": "-"}, True),
    ],
)
def test_aanleiding_accepts_a_legal_task_without_kind(
    aanleiding: dict, fires: bool, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["aanleiding"] = aanleiding
    assert _fires(data, deps, "aanleiding") is fires


def test_no_statusmelding_needed_for_a_legal_task_without_kind(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["statusmeldingen"] = []
    _service(data)["aanleiding"] = {"legal_basis": "Gemeentewet art. 226"}
    assert not _fires(data, deps, "statusmelding-ontbreekt")


@pytest.mark.parametrize(
    ("intake_name", "levering_name"),
    [
        ("Aanvraag ontvangen", "Besluit versturen"),
        ("Melding aannemen", "Terugkoppeling aan melder"),
        ("Verzoek registreren", "Uitreiken paspoort"),
        ("Intakegesprek", "Werkplek opleveren"),
        ("Aanvraag binnengekomen", "Pas opsturen"),
        ("Melding aangenomen", "Besluit per post sturen"),
    ],
)
def test_intake_and_levering_recognised_by_name(
    intake_name: str, levering_name: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    for a in _service(data)["activities"]:
        if a.get("kind") == "intake":
            a.update(kind="taak", name=intake_name)
        if a.get("kind") == "levering":
            a.update(kind="taak", name=levering_name)
    assert not _fires(data, deps, "intake-ontbreekt")
    assert not _fires(data, deps, "levering-ontbreekt")


def test_levering_inside_a_besluit_activity(clean: Callable[[], dict], deps: AdviceDeps) -> None:
    # GEMMA's deelproces is "Besluiten & leveren": one activity may do both.
    data = clean()
    acts = _service(data)["activities"]
    _service(data)["activities"] = [a for a in acts if a.get("kind") != "levering"]
    assert _fires(data, deps, "levering-ontbreekt")
    for a in _service(data)["activities"]:
        if a.get("kind") == "behandeling":
            a.update(kind="besluit", name="Besluit nemen en bekendmaken aan aanvrager")
    assert not _fires(data, deps, "levering-ontbreekt")


def test_customer_steps_and_status_messages_are_no_intake_or_levering(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["activities"] = [
        {"id": "a1", "name": "Aanvraag indienen", "lane": "klant"},
        {"id": "a2", "name": "Bevestiging versturen", "lane": "frontoffice"},
        {"id": "a3", "name": "Stukken opsturen naar de adviseur", "lane": "backoffice"},
        {"id": "a4", "name": "Melding doorsturen naar de buitendienst", "lane": "backoffice"},
        {"id": "a5", "name": "Vergunning ophalen en leveren", "lane": "klant"},
    ]
    assert _fires(data, deps, "intake-ontbreekt")
    assert _fires(data, deps, "levering-ontbreekt")


@pytest.mark.parametrize("placeholder", ["n.v.t.", "-", "?", "onbekend", "nog invullen"])
def test_placeholder_internal_customer_counts_as_missing(
    placeholder: str, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    data["supporting_processes"] = [
        {
            "id": "ond-1",
            "name": "Opstellen beleid",
            "kind": "sturend",
            "internal_customer": placeholder,
            "deelservice": "Beleidsnota",
            "gemma_reference": {"name": "Sturen", "kind": "cluster"},
        }
    ]
    (f,) = advise(build(data), deps, checks=["interne-klant-ontbreekt"])
    assert f.element_ids == ["ond-1"] and "interne klant" in f.message


@pytest.mark.parametrize(
    ("name", "source", "fires"),
    [
        ("Bewijs van eigendom", "eigendomsbewijs via het Kadaster", True),
        ("uittreksel uit het Handelsregister", "", True),
        ("BRP-gegevens", "", True),
        ("Loonstroken van de laatste drie maanden", "", True),
        ("Huurcontract", "verhuurder", False),
        ("Bankafschriften", "", False),
        ("Huidige paspoort (inleveren)", "", False),
        ("Kopie identiteitsbewijs getuigen", "Getuigen", False),
    ],
)
def test_what_the_municipality_can_gather(
    name: str, source: str, fires: bool, clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["intake"]["documents"] = [{"id": "stuk-x", "name": name, "source": source}]
    findings = advise(build(data), deps, checks=["gemeente-verzamelt-stukken"])
    assert bool(findings) is fires
    if fires:
        assert findings[0].element_ids == ["stuk-x"] and findings[0].sources


def test_documents_from_a_third_party_are_not_the_customers_effort(
    clean: Callable[[], dict], deps: AdviceDeps
) -> None:
    data = clean()
    _service(data)["intake"]["documents"] = [
        {"id": "stuk-brp", "name": "Uittreksel BRP", "provided_by": "derde"}
    ]
    assert not _fires(data, deps, "gemeente-verzamelt-stukken")


@pytest.mark.parametrize(
    ("name", "fires"),
    [
        ("afhandelen meldingen", True),
        ("verwerken aanvraag", True),
        ("Uitgifte parkeervergunning", True),
        ("Paspoortafgifte", True),
        ("Aanvraag kapvergunning", False),
        ("Kapvergunning", False),
        ("Uw paspoort aanvragen", False),
        ("n.v.t.", True),
    ],
)
def test_service_names(name: str, fires: bool, clean: Callable[[], dict], deps: AdviceDeps) -> None:
    data = clean()
    _service(data)["name"] = name
    assert _fires(data, deps, "naam-vanuit-klant") is fires
