"""Answers that refer back, add to an earlier answer or correct it, and answers in an
architect's shorthand (FO/BO/KP, ticks and crosses, arrows): the twentieth and
twenty-first rounds of unseen scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.interview.parse import Aside
from assistant.interview.patch import offline_patch
from assistant.model import Actor, Channel, Lane, TriggerKind


def test_additions_and_corrections_told_in_passing() -> None:
    kept, asides = parse.self_corrected(
        "Wat het oplevert? Ingerichte werkplekken. O ja, bij de stukken vergat ik nog de "
        "plattegrond met de werkplekindeling; die maakt Facilitair zelf."
    )
    assert kept == "Wat het oplevert? Ingerichte werkplekken."
    assert asides == [
        Aside("stukken", "de plattegrond met de werkplekindeling; die maakt Facilitair zelf.")
    ]
    _, asides = parse.self_corrected(
        "Opmaken akte. Eigenlijk moet ik mijn antwoord over de bedrijfsservice corrigeren: "
        "op de website heet het 'erkenning ongeboren kind'."
    )
    assert asides == [
        Aside("bedrijfsservice", "op de website heet het 'erkenning ongeboren kind'.", True)
    ]
    _, asides = parse.self_corrected(
        "Lang wachten. O ja, bij de gegevens vergat ik nog: het adres van de moeder."
    )
    assert asides == [Aside("gegevens", "het adres van de moeder.")]
    _, asides = parse.self_corrected("online. o ja, en over de kanalen nog: per e-mail mag ook")
    assert asides == [Aside("kanalen", "per e-mail mag ook")]
    # "aanvullen" adds; at the very start there is no other answer to keep apart
    _, asides = parse.self_corrected("Klaar. Ik wil mijn antwoord over de stukken aanvullen: X")
    assert asides == [Aside("stukken", "X")]
    assert parse.self_corrected("O ja, bij de stukken vergat ik nog X")[1] == []


def test_an_interview_takes_late_additions_and_corrections(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "statusmeldingen",
        {
            "journey_name": "Een werkplek op een nieuwe verdieping",
            "customer": "een team van de gemeente (interne klant)",
            "aanleiding": "Een interne behoefte: het team vraagt de verhuizing aan.",
            "service_name": "verhuizing regelen",
            "intake_channels": "via het portaal of telefonisch",
            "documents": "een inventarislijst",
            "levering_result": "ingerichte werkplekken",
            "levering_channels": "persoonlijk",
        },
    )
    assert [c.value for c in conv.model.service.intake.channels] == ["online", "telefoon"]
    result = conv.say(
        "Een ontvangstbevestiging. O ja, bij de stukken vergat ik nog de plattegrond."
    )
    texts = [e.to_dict().get("text", "") for e in result.events]
    assert any(t.startswith("Ook vastgelegd — Stukken: De plattegrond") for t in texts)
    assert [d.name for d in conv.model.service.intake.documents] == [
        "Inventarislijst",
        "De plattegrond",
    ]
    assert [s.name for s in conv.model.service.statusmeldingen] == ["Ontvangstbevestiging"]
    conv.answer_until("pain_points", {})
    conv.say(
        "Teams vragen te laat aan. Eigenlijk moet ik mijn antwoord over de kanalen "
        "corrigeren: telefonisch kan sinds januari niet meer, alleen via het portaal."
    )
    assert conv.model.service.intake.channels == [Channel.ONLINE]
    assert conv.model.journey.pain_points == ["Teams vragen te laat aan"]
    # /terug takes back the answer and what it corrected in passing
    conv.say("/terug")
    assert [c.value for c in conv.model.service.intake.channels] == ["online", "telefoon"]


def test_an_aside_about_a_question_not_yet_asked_is_only_named(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until("customer", {"journey_name": "Een boom kappen"})
    result = conv.say(
        "een inwoner met een tuin. O ja, bij de stukken vergat ik nog een foto van de boom."
    )
    warnings = [e.to_dict()["text"] for e in result.events if e.to_dict().get("level") == "warning"]
    assert any("Terloops genoemd over 'stukken'" in w for w in warnings)
    assert conv.model.service.intake.documents == []


def test_remarks_about_the_item_before_are_no_items() -> None:
    assert parse.split_list(
        "Een bevestiging per e-mail en een herinnering. Verder niets, de rest gebeurt aan de balie."
    ) == ["Een bevestiging per e-mail", "een herinnering"]
    assert parse.split_list(
        "Ja, de naamskeuze. Dat is een eigen akte, de akte van naamskeuze."
    ) == ["de naamskeuze"]
    assert parse.split_list("Alleen de aankondiging van de controle, een week van tevoren.") == [
        "de aankondiging van de controle, een week van tevoren"
    ]
    patch = offline_patch(
        "een kopie van de exploitatievergunning, die hij van de Kansspelautoriteit heeft. "
        "Die vragen we ook."
    )
    assert [(i.name, i.actor) for i in patch.items] == [
        ("kopie van de exploitatievergunning, die hij van de Kansspelautoriteit heeft", None)
    ]
    assert patch.items[0].actor is not Actor.GEMEENTE


def test_a_lead_in_before_a_numbered_list_and_its_shared_lane(
    deps: Deps, make_conversation: Any
) -> None:
    text = (
        "Allemaal in de frontoffice, door de ambtenaar: 1. identiteit vaststellen; 2. akte opmaken"
    )
    assert parse.split_list(text) == ["identiteit vaststellen", "akte opmaken"]
    conv = make_conversation(deps)
    conv.answer_until("activities", {"journey_name": "Erkennen", "customer": "een inwoner"})
    conv.say(text + "; 3. afschrift meegeven (backoffice)")
    assert [(a.name, a.lane) for a in conv.model.service.activities] == [
        ("Identiteit vaststellen", Lane.FRONTOFFICE),
        ("Akte opmaken", Lane.FRONTOFFICE),
        ("Afschrift meegeven", Lane.BACKOFFICE),
    ]


def test_the_same_as_before(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    facts = {
        "journey_name": "Een kind erkennen",
        "customer": "een inwoner",
        "aanleiding": "een aanvraag",
        "intake_channels": "aan de balie",
        "levering_result": "een akte van erkenning",
        "levering_channels": "zelfde als bij de intake",
        "other_services": "de naamskeuze",
        "detail_services": "ja",
    }
    conv.answer_until("service_intake", facts)
    assert conv.model.service.levering.channels == [Channel.BALIE]
    conv.say("Zelfde als bij de erkenning.")
    second = conv.model.variants[0].services[1]
    assert second.intake.channels == [Channel.BALIE]


def test_an_architects_shorthand() -> None:
    patch = offline_patch(
        "FO (KCC): aanvraag registreren\nBO: volledigheid toetsen\nKP (urgentiecommissie): advies"
    )
    assert [(i.name, i.lane) for i in patch.items] == [
        ("aanvraag registreren", Lane.FRONTOFFICE),  # (the KCC is the front office)
        ("volledigheid toetsen", Lane.BACKOFFICE),
        ("advies (urgentiecommissie)", Lane.KETENPARTNER),
    ]
    assert parse.split_list("besluiten go/no-go, contracteren") == [
        "besluiten go/no-go",
        "contracteren",
    ]
    text = "E-formulier Mijn Loket (DigiD) ✓; papieren formulier, retour per post. Balie x."
    assert parse.parse_channels(normalise.chat_text(text)) == [Channel.ONLINE, Channel.POST]
    assert parse.parse_channels("aan het loket") == [Channel.BALIE]
    assert "✓" in normalise.chat_text("Opleggen sanctie ✓ 👍")
    assert "👍" not in normalise.chat_text("Opleggen sanctie ✓ 👍")
    kind = parse.parse_trigger_kind("Aanvraag inwoner (verzoek). Ambtshalve route n.v.t.")
    assert kind is TriggerKind.AANVRAAG
