"""Answers typed in a hurry (typos in the words the slot rules rely on) and answers of a
careful consultant (qualifiers, exceptions, closing remarks, English terms): the
eighteenth and nineteenth rounds of unseen scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.model import Channel, TriggerKind


def test_typed_keywords_are_put_right_and_other_words_stay() -> None:
    assert normalise.typos("aan de blaie, of onlnie") == "aan de balie, of online"
    assert normalise.typos("per posst naar zijn huisadres") == "per post naar zijn huisadres"
    assert normalise.typos("Inwonre") == "Inwoner"
    assert normalise.typos("aanvaag vd inwoner, de gemeetne stuurt het") == (
        "aanvraag vd inwoner, de gemeente stuurt het"
    )
    assert normalise.typos("jaa") == "ja"
    assert normalise.typos("neee") == "nee"
    assert normalise.typos("ne, eigenlijk niet") == "nee, eigenlijk niet"
    # real words one slip away from a keyword stay as they are
    assert normalise.typos("we sturen het aan de kant van de weg") == (
        "we sturen het aan de kant van de weg"
    )
    assert normalise.typos("e-mail, Bali, brie, hiernaast") == "e-mail, Bali, brie, hiernaast"
    # the answers read as their keywords say
    assert parse.parse_channels(normalise.typos("aan de blaie, of per posst")) == [
        Channel.BALIE,
        Channel.POST,
    ]


def test_the_typo_table_is_built_once_and_has_no_keyword_in_it() -> None:
    table = normalise._slip_table()
    assert normalise._slip_table() is table
    assert not set(normalise._KEYWORDS) & set(table)
    assert not normalise._REAL_WORDS & set(table)


def test_a_rare_exception_is_no_channel() -> None:
    text = (
        "Via het self-service portal, met een e-formulier. Een enkele vereniging mailt het "
        "nog, maar dat zetten we dan zelf in het portal (alleen in uitzonderingsgevallen dus)."
    )
    assert parse.parse_channels(text) == [Channel.ONLINE]
    assert parse.parse_channels("Online, en heel soms per post") == [Channel.ONLINE]
    # when the exception is all there is, it is the channel
    assert parse.parse_channels("Bij uitzondering per post.") == [Channel.POST]
    assert parse.parse_channels("formulier in topdesk op het intranet") == [Channel.ONLINE]


def test_a_consultants_qualifiers_are_no_items() -> None:
    text = (
        "Een ontvangstbevestiging, automatisch vanuit het portal. Daarna in juni het "
        "conceptrooster ter inzage. Verder in principe niets tot de overeenkomst, tenzij er "
        "iets verandert, maar dat is maatwerk en geen standaardmelding."
    )
    assert parse.split_list(text) == [
        "Een ontvangstbevestiging automatisch vanuit het portal",
        "in juni het conceptrooster ter inzage",
    ]
    text = "Een ontvangstbevestiging, en een status update. Dat is het, als ik het goed heb."
    assert parse.split_list(text) == ["Een ontvangstbevestiging", "een status update"]
    text = "Facturatie per kwartaal, en een evaluatie met de verenigingen. Dat is de follow-up."
    assert parse.split_list(text) == [
        "Facturatie per kwartaal",
        "een evaluatie met de verenigingen",
    ]


def test_lists_with_reasons_partners_counts_and_channels() -> None:
    # a reason clause ends where ", en" starts the next item
    text = (
        "Beheren huisvesting, want het vastgoedbeheer zorgt dat de zalen schoon zijn, en "
        "beheren financiën voor de debiteurenadministratie."
    )
    assert parse.split_list(text) == [
        "Beheren huisvesting",
        "beheren financiën voor de debiteurenadministratie",
    ]
    # who an item is done with stays in it
    assert parse.split_list(
        "De voorraad aanvullen, en evalueren met de buitendienst en de aannemer"
    ) == [
        "De voorraad aanvullen",
        "evalueren met de buitendienst en de aannemer",
    ]
    # a lead-in that counts the items after its colon; what there is not
    text = (
        "Geen persoonlijke. Wel twee updates op social media en de website: "
        "'de strooiwagens rijden uit' en 'alle hoofdroutes zijn gestrooid'."
    )
    assert parse.split_list(text) == [
        "de strooiwagens rijden uit",
        "alle hoofdroutes zijn gestrooid",
    ]
    # a part that only says how the item before comes belongs to it
    text = "Een bevestiging van de afspraak, per e-mail of sms, en later een notification."
    assert parse.split_list(text) == [
        "Een bevestiging van de afspraak, per e-mail of sms",
        "later een notification",
    ]


def test_kind_after_a_qualifier_and_an_article_is_no_choice() -> None:
    text = "In principe een aanvraag: de ouder vraagt zelf. Soms komt er een signaal van school."
    assert parse.parse_trigger_kind(text) is TriggerKind.AANVRAAG
    assert parse.choice_index("Een specifiek referentieproces is er niet.", 3) is None
    assert parse.choice_index("een", 3) == 0
    assert parse.choice_index("drie, die past beter", 3) == 2


def test_a_consultants_interview_keeps_its_facts(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "intake_channels",
        {
            "journey_name": "Een zaal voor het seizoen",
            "customer": "een sportvereniging (instelling)",
            "aanleiding": "In principe een aanvraag: de vereniging vraagt zelf zaaltijd aan.",
        },
    )
    assert conv.model.service.aanleiding.kind is TriggerKind.AANVRAAG
    conv.say(
        "Via het self-service portal, met een e-formulier. Bij uitzondering mailt iemand het, "
        "maar daar zou ik geen kanaal van maken."
    )
    assert conv.model.service.intake.channels == [Channel.ONLINE]
    conv.answer_until("levering_result", {})
    conv.say("een bewonersbrief en een nieuwsbericht op de website")
    # where the result is published is not how it reaches the customer: still asked
    assert conv.model.service.levering.channels == []
    assert conv.slot == "levering_channels"


def test_internet_is_not_internal_and_a_long_request_is_a_request() -> None:
    text = "Ze heeft op internet gezocht en vraagt zelf op grond van de Wmo respijtzorg aan, via de site"
    assert parse.parse_trigger_kind(text) is TriggerKind.AANVRAAG
    assert parse.parse_trigger_kind(text, internal=True) is TriggerKind.AANVRAAG
    assert (
        parse.parse_trigger_kind("een interne behoefte van de afdeling")
        is TriggerKind.INTERNE_BEHOEFTE
    )
    # asking for advice at the desk is no application
    assert parse.parse_trigger_kind("hij vraagt om advies aan de balie") is TriggerKind.VRAAG
