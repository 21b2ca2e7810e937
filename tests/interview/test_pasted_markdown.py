"""Answers pasted from Teams or a wiki in Markdown, long wandering answers, back-references
and an organisation as customer (the eighth round of unseen scenarios)."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, parse
from assistant.interview.patch import offline_patch
from assistant.model import Actor, Channel, Lane, TriggerKind


def test_markdown_reads_as_plain_text() -> None:
    assert (
        parse.plain_text("### Klantreis\n**Wonen** in een _boerderij_") == "Wonen in een boerderij"
    )
    assert (
        parse.plain_text(
            "* **online** via het `Omgevingsloket`\n* ~~papieren formulier~~ → kan niet meer"
        )
        == "* online via het Omgevingsloket"
    )
    table = "| Gegeven | Toelichting |\n|---|---|\n| adres | checken we in de BAG |\n| kosten | in euro's, voor de leges |"
    assert parse.plain_text(table) == (
        "adres – checken we in de BAG\nkosten – in euro's en voor de leges"
    )
    items = offline_patch(parse.plain_text(table)).items
    assert [(i.name, i.source) for i in items] == [
        ("adres", "BAG"),
        ("kosten – in euro's en voor de leges", ""),
    ]
    # snake_case and arithmetic are no Markdown
    assert parse.plain_text("klant_naam; 3 * 4") == "klant_naam; 3 * 4"


def test_counts_said_up_front_and_things_no_longer_asked() -> None:
    text = (
        "Er zijn twee stukken nodig: het zorgplan en een machtiging. Het zorgplan laat zien "
        "hoeveel zorg er nodig is. Een medische verklaring vragen we niet meer."
    )
    assert parse.stated_count(text) == 2
    assert [i.name for i in offline_patch(text).items] == ["het zorgplan", "machtiging"]
    assert [i.name for i in offline_patch("bouwtekeningen bestaand + nieuw, foto's").items] == [
        "bouwtekeningen bestaand en nieuw",
        "foto's",
    ]


def test_a_kind_named_up_front_decides() -> None:
    text = "Een aanvraag: de eigenaar vraagt zelf, maar wij moeten adressen toekennen op grond van de wet"
    assert parse.parse_trigger_kind(text) is TriggerKind.AANVRAAG


def test_an_organisation_as_customer(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "documents",
        {
            "journey_name": "Meer lokalen",
            "customer": "de stichting, het schoolbestuur van drie scholen (instelling)",
        },
    )
    conv.say("de leerlingenprognose, de berekening van de ruimtebehoefte en de kostenraming")
    conv.say(
        "De leerlingenprognose leveren wij zelf, die laten we elk jaar opstellen. De berekening "
        "van de ruimtebehoefte en de kostenraming levert de stichting aan."
    )
    providers = {d.name: d.provided_by for d in conv.model.service.intake.documents}
    assert providers == {
        "De leerlingenprognose": Actor.GEMEENTE,
        "De berekening van de ruimtebehoefte": Actor.KLANT,
        "De kostenraming": Actor.KLANT,
    }
    conv.answer_until("activities", {})
    conv.say(
        "Eerst toetsen wij de aanvraag (backoffice). Het prognosebureau actualiseert de "
        "prognose, als ketenpartner. Dan licht de stichting zelf haar aanvraag toe."
    )
    lanes = [a.lane for a in conv.model.service.activities]
    assert lanes == [Lane.BACKOFFICE, Lane.KETENPARTNER, Lane.KLANT]


def test_a_letter_mentioned_is_no_delivery_channel(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until("levering_result", {"journey_name": "Respijtzorg", "customer": "inwoner"})
    conv.say("Een beschikking respijtzorg. Bij een afwijzing staat in de brief welke hulp er is.")
    assert conv.model.service.levering.channels == []
    assert conv.slot == "levering_channels"
    conv.say("per post en een kopie per e-mail")
    assert conv.model.service.levering.channels == [Channel.POST, Channel.EMAIL]


def test_arrows_a_sequence_or_a_pair() -> None:
    assert parse.split_list(parse.plain_text("aanvraag → toets → besluit")) == [
        "aanvraag",
        "toets",
        "besluit",
    ]
    assert parse.plain_text("* tekeningen → _architect_") == "* tekeningen: architect"


def test_a_moment_in_the_year_is_a_lead_time(deps: Deps, make_conversation: Any) -> None:
    assert parse.parse_moment("de aanslag komt eind februari per post") == "eind februari"
    assert parse.parse_moment("uiterlijk 1 april") == "uiterlijk 1 april"
    assert parse.parse_moment("mei") == ""
    conv = make_conversation(deps)
    conv.answer_until("levering_result", {"journey_name": "OZB", "customer": "inwoner"})
    conv.say("een aanslagbiljet met de WOZ-beschikking, eind februari")
    assert conv.model.service.levering.moment == "eind februari"
    assert conv.model.service.levering.result == "Aanslagbiljet met de WOZ-beschikking"
