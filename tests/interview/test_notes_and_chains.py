"""Phone typing, notes over several lines, internal services in department names and chain
processes with partners by name only (the sixth round of unseen scenarios)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interview import Deps, parse
from assistant.interview.patch import offline_patch
from assistant.model import Actor, Channel, Lane, SupportKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typed without capitals: a full stop still ends a sentence, but not after "med."
        (
            "naam, bsn, startdatum. woonadres komt uit de brp",
            ["naam", "bsn", "startdatum", "woonadres"],
        ),
        (
            "pasfoto • kopie rijbewijs • med. advies keuringsarts",
            ["pasfoto", "kopie rijbewijs", "med. advies keuringsarts"],
        ),
        (
            "- adres\n- wel/niet een verlaagde trottoirband",
            ["adres", "wel/niet een verlaagde trottoirband"],
        ),
        (
            "1. situatietekening\n2. foto's\n3. toestemming verhuurder\n   - alleen bij huurders!",
            ["situatietekening", "foto's", "toestemming verhuurder"],
        ),
        (
            "het proces-verbaal en, als er kinderen zijn, de eerdere meldingen",
            ["het proces-verbaal", "de eerdere meldingen"],
        ),
    ],
)
def test_items_from_notes(text: str, expected: list[str]) -> None:
    assert [i.name for i in offline_patch(text).items] == expected


def test_sources_channels_moments_and_lanes_in_notes() -> None:
    (item,) = [i for i in offline_patch("woonadres komt uit de brp").items]
    assert item.source == "brp"
    assert parse.parse_channels("besluit per post en per emial") == [Channel.POST, Channel.EMAIL]
    assert parse.parse_channels("via het selfserviceportaal") == [Channel.ONLINE]
    assert parse.parse_moment("  - termijn: 8 weken (+ 6 weken verlenging)") == "termijn: 8 weken"
    assert parse.parse_moment("alles klaar op de eerste werkdag") == "op de eerste werkdag"
    assert parse.parse_lane("ggd advies beoordelen (backoffice)") is Lane.BACKOFFICE
    assert (
        parse.parse_lane("advies kabels en leidingen – netbeheerder (extern)") is Lane.KETENPARTNER
    )
    assert parse.parse_actor("de risico inventarisatie stuurt het gastouderbureau") is Actor.DERDE
    assert parse.parse_actor("Veilig Thuis de eerdere meldingen") is Actor.DERDE
    assert parse.clean_value("op de site heet het registratie gastouder aanvragen") == (
        "registratie gastouder aanvragen"
    )


def _answer(deps: Deps, make_conversation: Any, slot: str, facts: dict[str, str], text: str) -> Any:
    conv = make_conversation(deps)
    conv.answer_until(slot, facts)
    conv.say(text)
    return conv


def test_kinds_said_after_the_processes_and_details_in_prose(
    deps: Deps, make_conversation: Any
) -> None:
    conv = _answer(
        deps,
        make_conversation,
        "supporting_processes",
        {"journey_name": "Aan de slag bij de gemeente", "customer": "interne klant"},
        "Beheren automatisering door I&A en Beheren facilitaire voorzieningen door Facilitair, "
        "die twee zijn ondersteunend. En Sturen op informatiebeveiliging door het CIO-office, "
        "dat is sturend.",
    )
    kinds = [(p.name, p.kind) for p in conv.model.supporting_processes]
    assert kinds == [
        ("Beheren automatisering door I&A", SupportKind.ONDERSTEUNEND),
        ("Beheren facilitaire voorzieningen door Facilitair", SupportKind.ONDERSTEUNEND),
        ("Sturen op informatiebeveiliging door het CIO-office", SupportKind.STUREND),
    ]
    conv.say(
        "Voor alle drie is P&O degene die erom vraagt. I&A levert 'werkplek en accounts "
        "klaarzetten' en Facilitair 'toegangspas en bureau regelen'."
    )
    details = [(p.internal_customer, p.deelservice) for p in conv.model.supporting_processes]
    assert details[:2] == [
        ("P&O", "Werkplek en accounts klaarzetten"),
        ("P&O", "Toegangspas en bureau regelen"),
    ]
    assert details[2][0] == "P&O"


def test_documents_named_short_and_the_third_party_as_their_source(
    deps: Deps, make_conversation: Any
) -> None:
    facts = {
        "journey_name": "Gastouder worden",
        "customer": "een inwoner",
        "documents": "vog, kopie diploma, risico inventarisatie, proces-verbaal",
    }
    conv = _answer(
        deps,
        make_conversation,
        "document_providers",
        facts,
        "vog en diploma levert de gastouder zelf, het proces-verbaal levert de politie. "
        "De risico inventarisatie stuurt het gastouderbureau. Het gezin hoeft niets aan te leveren.",
    )
    docs = {d.name: (d.provided_by, d.source) for d in conv.model.service.intake.documents}
    assert docs["Proces-verbaal"] == (Actor.DERDE, "politie")
    assert docs["Risico inventarisatie"] == (Actor.DERDE, "gastouderbureau")
    assert docs["Vog"][0] is Actor.KLANT
    conv.say("vog van justis, diploma vd opleiding")
    docs = {d.name: d.source for d in conv.model.service.intake.documents}
    assert docs["Vog"] == "Justis"
    assert docs["Kopie diploma"] == "Opleiding"


def test_an_indented_item_that_starts_with_ook_is_still_an_item() -> None:
    text = "1. situatietekening\n   - ook foto's van de stoep\n   - alleen bij huurders"
    assert [i.name for i in offline_patch(text).items] == [
        "situatietekening",
        "foto's van de stoep",
    ]
