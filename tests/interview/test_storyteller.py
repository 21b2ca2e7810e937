"""A storyteller who starts with an anecdote and gives the answer somewhere in it, and
plain answers: the twenty-sixth and twenty-seventh rounds of unseen scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.interview.apply import says_none
from assistant.model import Actor, Channel, TriggerKind

JOURNEY = {"klantreis", "reis", "naam", "journey", "titel"}


def test_the_anecdotes_around_an_answer_go() -> None:
    text = (
        "Vorige week kwam er iemand met een schoenendoos vol scherven aan de balie, maar dat is "
        "echt de uitzondering. Normaal gesproken bellen ze ons op. Er is ook een online formulier."
    )
    assert normalise.without_anecdotes(text) == (
        "Normaal gesproken bellen ze ons op. Er is ook een online formulier."
    )
    text = (
        "Soms beginnen we zelf, maar dat is het kleinste deel. De meeste wijzigingen beginnen "
        "met een verzoek van de afdeling."
    )
    assert normalise.without_anecdotes(text).startswith("De meeste wijzigingen")
    # a story that names the answer stays; an answer that is all story stays whole
    text = "Een vrouw zei toen dat ze op adem wilde komen, en daarom heet de reis 'Op adem komen'."
    assert normalise.without_anecdotes(text + " Mooi toch.") == text + " Mooi toch."
    assert normalise.without_anecdotes("Vorige week was het druk.") == "Vorige week was het druk."


def test_what_a_story_settles_on() -> None:
    text = (
        "Dat is een lastige. Ik denk aan de moeder die ernaar vroeg. Vanuit haar gezien heet de "
        "reis 'een veilige kinderopvang kiezen'."
    )
    assert normalise.quoted_name(text, JOURNEY) == "een veilige kinderopvang kiezen"
    # a quoted name of something else, or a short answer, is not the name asked for
    assert normalise.quoted_name("Opmaken akte. Op de website heet het 'X'.", {"proces"}) == ""
    assert normalise.quoted_name("De reis heet 'Y'", JOURNEY) == ""
    text = (
        "Die collega kwam gewoon langs, en er wordt weleens gebeld. De echte ingangen zijn het "
        "online formulier op intranet en e-mail naar de webredactie."
    )
    assert parse.parse_channels(text) == [Channel.ONLINE, Channel.EMAIL]
    assert parse.split_list("Wat we nodig hebben is de concepttekst, en het besluit") == [
        "de concepttekst",
        "het besluit",
    ]
    assert parse.split_list(
        "Eerst registreren we de aanvraag. Dan vragen we advies aan politie, brandweer en "
        "busvervoerder (ketenpartner), en nemen we het besluit."
    ) == [
        "de aanvraag registreren",
        "vragen we advies aan politie, brandweer en busvervoerder (ketenpartner)",
        "het besluit nemen",
    ]
    assert says_none("Geen, voor ouders niet. De houder krijgt wel het conceptrapport, " * 2)
    assert not says_none("Geen, behalve een ontvangstbevestiging. " * 4)


def test_a_long_answer_that_touches_two_other_questions_is_still_the_answer(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "steps_before", {"journey_name": "Iets ouds gevonden", "customer": "een inwoner"}
    )
    conv.say(
        "Het begint bijna altijd met een klus: ze graven een gat voor een vijver. De verstandigen "
        "leggen dan meteen het graafwerk stil. Daarna maken ze foto's en zoeken ze op internet "
        "wat het is. Pas dan bellen ze ons."
    )
    assert conv.slot != "steps_before"  # not asked again
    assert "steps_before" in conv.state.answered
    assert conv.model.journey.steps_before


def test_the_customer_named_by_its_own_word(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "documents",
        {
            "journey_name": "Graafwerk in de straat",
            "customer": "een aannemer die een kabel legt (ondernemer)",
            "aanleiding": "een aanvraag",
        },
    )
    conv.say("Een verkeersplan en een planning van het werk.")
    conv.answer_until("document_providers", {})
    conv.say("De aannemer levert ze allebei zelf aan.")
    assert [d.provided_by for d in conv.model.service.intake.documents] == [
        Actor.KLANT,
        Actor.KLANT,
    ]


def test_a_designer_playing_the_customer_and_a_manager_with_figures(
    deps: Deps, make_conversation: Any
) -> None:
    # the twenty-eighth and twenty-ninth rounds: "ik bel", a lane said after a step, a later
    # service of the journey, the kind named in so many words
    assert parse.parse_channels(
        "Ik bel het wijkteam, of ik meld het via het formulier op de website."
    ) == [
        Channel.TELEFOON,
        Channel.ONLINE,
    ]
    text = "Geen verzoek van buiten: een interne behoefte vanuit de P&C-kalender."
    assert parse.parse_trigger_kind(text) is TriggerKind.INTERNE_BEHOEFTE
    assert parse.parse_trigger_kind("geen interne behoefte, een aanvraag") is not (
        TriggerKind.INTERNE_BEHOEFTE
    )
    conv = make_conversation(deps)
    conv.answer_until("activities", {"journey_name": "Opvang", "customer": "een moeder (inwoner)"})
    conv.say(
        "Eerst het keukentafelgesprek; dat is onze frontoffice. Dan medisch advies vragen aan "
        "de GGD, die is ketenpartner."
    )
    assert [(a.name, a.lane.value) for a in conv.model.service.activities] == [
        ("Het keukentafelgesprek", "frontoffice"),
        ("Medisch advies vragen aan de GGD", "ketenpartner"),
    ]
    conv.answer_until("other_services", {})
    conv.say("Ja: huishoudelijke hulp, en straks een vervoersvoorziening voor mijn man.")
    assert len(conv.model.other_services) == 2


def test_a_conclusion_names_who_delivers(deps: Deps, make_conversation: Any) -> None:
    # the thirty-first round: "…, dus de gemeente" at the end of the answer is the answer
    conv = make_conversation(deps)
    conv.answer_until(
        "documents",
        {
            "journey_name": "Schone stoep",
            "customer": "de buurt (maatschappij)",
            "aanleiding": "een aanvraag",
        },
    )
    conv.say("het proces-verbaal en een foto van de situatie")
    conv.answer_until("document_providers", {})
    conv.say("de BOA maakt ze zelf op, dus de gemeente")
    assert {d.provided_by for d in conv.model.service.intake.documents} == {Actor.GEMEENTE}
