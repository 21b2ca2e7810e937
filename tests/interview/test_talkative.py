"""Answers as people give them in a workshop: hedged, chatty, in note style.

From the fourth round of unseen scenarios (schuldhulpverlening, naturalisatie,
gehandicaptenparkeerkaart), where interjections, remarks about the question and words
like "volgens mij" ended up as items and names.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interview import Deps, parse
from assistant.interview.patch import offline_patch
from assistant.model import CustomerType


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Oei, dat is best veel. Loonstroken of een uitkeringsspecificatie, bankafschriften "
            "van de afgelopen drie maanden, en alle brieven van schuldeisers, dus aanmaningen "
            "en dergelijke. Dat moet eigenlijk allemaal netjes in een map.",
            [
                "Loonstroken of een uitkeringsspecificatie",
                "bankafschriften van de afgelopen drie maanden",
                "alle brieven van schuldeisers",
            ],
        ),
        (
            "Ze krijgen volgens mij een bevestiging van de afspraak per sms, en als er stukken "
            "missen sturen we een herinnering. Verder niet echt, eerlijk gezegd.",
            [
                "Ze krijgen een bevestiging van de afspraak per sms",
                "als er stukken missen sturen we een herinnering",
            ],
        ),
        (
            "Ja, vaak wel eigenlijk. Er gaat een vroegsignaleringstraject aan vooraf, waarbij "
            "de corporatie een achterstand doorgeeft en wij op huisbezoek gaan.",
            ["Er gaat een vroegsignaleringstraject aan vooraf"],
        ),
        ("Nou, hmm. Naam, adres en woonplaats", ["Naam", "adres", "woonplaats"]),
        ("vergunning, ontheffing, e.d.", ["vergunning", "ontheffing"]),
        # not filler: the words carry the item
        ("meer informatie, een gesprek", ["meer informatie", "gesprek"]),
        # a restatement is not an item of its own
        ("bellen, dus niet mailen", ["bellen"]),
    ],
)
def test_chatty_lists_keep_only_the_items(text: str, expected: list[str]) -> None:
    assert [item.name for item in offline_patch(text).items] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Meestal is dat eigenlijk een inwoner met schulden, vaak een gezin. Er zitten ook "
            "zzp'ers tussen, maar die laat ik buiten beschouwing.",
            "een inwoner met schulden, vaak een gezin",
        ),
        (
            "Volgens mij is dat vooral het beheren van de budgetbeheerrekeningen",
            "het beheren van de budgetbeheerrekeningen",
        ),
        ("Nou. Het heet gewoon 'hulp bij schulden'.", "hulp bij schulden"),
        ("Zoiets als vaste lasten doorbetalen", "vaste lasten doorbetalen"),
        ("Behandelen aanvraag", "Behandelen aanvraag"),
    ],
)
def test_values_lose_the_hedges_and_the_explanation(text: str, expected: str) -> None:
    assert parse.clean_value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPK-pasje (5 jr geldig), doorlooptijd max. 8 wkn", "doorlooptijd max. 8 wkn"),
        ("besluit binnen acht weken", "binnen acht weken"),
        ("binnen ongeveer 6 weken", "binnen ongeveer 6 weken"),
        ("uiterlijk 3 mnd na de aanvraag", "uiterlijk 3 mnd"),
        ("pas voor 5 jaar", ""),
        ("op maandag", ""),
    ],
)
def test_moments_in_note_style(text: str, expected: str) -> None:
    assert parse.parse_moment(text) == expected


def test_a_long_answer_that_only_answers_the_question_is_read_whole(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "steps_before",
        {
            "journey_name": "Grip op je geldzaken",
            "customer": "een inwoner",
            "customer_goal": "schuldenvrij worden",
        },
    )
    story = (
        "Nou, meestal gaat er heel wat aan vooraf. Eerst stapelen de rekeningen zich op en dan "
        "komen de aanmaningen, soms staat er al een deurwaarder op de stoep. Vaak proberen ze "
        "het eerst zelf of met familie op te lossen, en pas daarna zoeken ze hulp bij ons."
    )
    assert len(story) >= 250
    conv.say(story)
    steps = [s.name for s in conv.model.journey.steps_before]
    assert any("familie" in s for s in steps), steps
    assert any("aanmaningen" in s for s in steps), steps
    assert not any(s.casefold() in {"nou", "pas"} for s in steps), steps
    assert conv.slot != "steps_before"


def test_a_reference_process_named_inside_a_sentence_is_linked(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    facts = {
        "journey_name": "Organiseren straatfestival",
        "customer": "organisator (ondernemer)",
        "process_name": "behandelen vergunningaanvraag",
    }
    conv.answer_until("gemma_reference", facts)
    conv.say(
        "Hmm, ik zou zeggen dat het onder Behandelen aanvraag vergunning of ontheffing valt, "
        "net als de andere vergunningen."
    )
    reference = conv.model.service.process.gemma_reference
    assert reference is not None
    assert reference.name == "Behandelen aanvraag vergunning of ontheffing"
    assert reference.element_id == "id-1"


def test_document_sources_match_a_compound_and_leave_unknowns_open(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "document_sources",
        {
            "journey_name": "Nederlander worden",
            "customer": "een inwoner",
            "documents": "geldig paspoort en inburgeringsdiploma",
            "document_providers": "de klant",
        },
    )
    conv.say("diploma: DUO; paspoort: geen idee")
    sources = {d.name: d.source for d in conv.model.service.intake.documents}
    assert sources == {"Geldig paspoort": "", "Inburgeringsdiploma": "DUO"}
    assert conv.model.journey.customer.type is CustomerType.INWONER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leges innen / dossier archiveren", ["leges innen", "dossier archiveren"]),
        (
            "Eigenlijk vragen we in het begin alleen de basis: naam, adres en telefoonnummer",
            ["naam", "adres", "telefoonnummer"],
        ),
        ("in elk geval de nationaliteit bijwerken", ["de nationaliteit bijwerken"]),
        ("het inburgeringstraject, daar voeren wij de regie over", ["het inburgeringstraject"]),
    ],
)
def test_note_style_and_remarks(text: str, expected: list[str]) -> None:
    assert [item.name for item in offline_patch(text).items] == expected


@pytest.mark.parametrize(
    ("text", "name", "source"),
    [
        ("gezinssamenstelling komt uit de BRP", "gezinssamenstelling", "BRP"),
        ("BSN; adres en woonplaats komen uit de BRP", "adres en woonplaats", "BRP"),
        ("naam halen we gewoon uit de BRP", "naam", "BRP"),
        ("situatietekening uit de BGT", "situatietekening", "BGT"),
    ],
)
def test_a_source_named_with_a_verb_leaves_the_name_clean(
    text: str, name: str, source: str
) -> None:
    item = offline_patch(text).items[-1]
    assert (item.name, item.source) == (name, source)


def _related(deps: Deps, make_conversation: Any, answer: str) -> list[tuple[str, str]]:
    conv = make_conversation(deps)
    conv.answer_until(
        "related_processes",
        {
            "journey_name": "Nederlander worden",
            "customer": "een inwoner",
            "documents": "geen",
        },
    )
    conv.say(answer)
    return [(r.name, r.relation.value) for r in conv.model.related_processes]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            "ja, vaak komt hij eerder bij ons voor het inburgeringstraject, daar voeren wij de "
            "regie over",
            [("Inburgeringstraject", "voorafgaand")],
        ),
        (
            "Er gaat meestal een vroegsignaleringstraject aan vooraf. En na de schuldhulp volgt "
            "soms nog een aanvraag bijzondere bijstand.",
            [
                ("Vroegsignaleringstraject", "voorafgaand"),
                ("Aanvraag bijzondere bijstand", "volgend"),
            ],
        ),
        (
            "ja – Wmo-melding vervoersvoorziening, loopt vaak gelijktijdig",
            [("Wmo-melding vervoersvoorziening", "gelijktijdig")],
        ),
    ],
)
def test_related_processes_are_named_by_what_they_are(
    deps: Deps, make_conversation: Any, answer: str, expected: list[tuple[str, str]]
) -> None:
    assert _related(deps, make_conversation, answer) == expected


def test_a_data_item_mentioned_twice_gets_its_source_once(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until("data_asked", {"journey_name": "Hulp bij schulden", "customer": "inwoner"})
    conv.say("naam, adres en telefoonnummer. Adres halen we gewoon uit de BRP.")
    data = [(d.name, d.source) for d in conv.model.service.intake.data_asked]
    assert data == [("Naam", ""), ("Adres", "BRP"), ("Telefoonnummer", "")]


def test_headings_group_the_items_under_them() -> None:
    text = (
        "Ja. Volgend: opmaken proces-verbaal en overdracht aan het OM. "
        "Gelijktijdig: jeugdhulptraject via het wijkteam."
    )
    assert parse.split_list(text) == [
        "Opmaken proces-verbaal",
        "overdracht aan het OM",
        "Jeugdhulptraject via het wijkteam",
    ]
    groups = parse.labelled_groups(text)
    assert parse.label_for("overdracht aan het OM", groups) == "Volgend"
    assert parse.label_for("Jeugdhulptraject via het wijkteam", groups) == "Gelijktijdig"
    # a pair is no heading
    assert parse.split_list("naam: verplicht; adres: optioneel") == [
        "naam: verplicht",
        "adres: optioneel",
    ]


def test_headings_set_relation_kind_and_source(deps: Deps, make_conversation: Any) -> None:
    related = _related(
        deps,
        make_conversation,
        "Ja. Volgend: opmaken proces-verbaal en overdracht aan het OM. Gelijktijdig: "
        "jeugdhulptraject via het wijkteam.",
    )
    assert related == [
        ("Opmaken proces-verbaal", "volgend"),
        ("Overdracht aan het OM", "volgend"),
        ("Jeugdhulptraject via het wijkteam", "gelijktijdig"),
    ]
    conv = make_conversation(deps)
    conv.answer_until("data_asked", {"journey_name": "Naar school", "customer": "maatschappij"})
    conv.say("Uit de BRP: BSN en adres. Van DUO: verzuimde lesuren en verzuimperiode.")
    data = [(d.name, d.source) for d in conv.model.service.intake.data_asked]
    assert data == [
        ("BSN", "BRP"),
        ("Adres", "BRP"),
        ("Verzuimde lesuren", "DUO"),
        ("Verzuimperiode", "DUO"),
    ]


def test_a_legal_term_is_no_hedge() -> None:
    assert parse.drop_fillers("Natuurlijk persoon registreren") == "Natuurlijk persoon registreren"
    assert parse.drop_fillers("natuurlijk, de balie") == "de balie"
