"""Answers dictated with speech recognition, and answers typed like a chat message (the
twelfth and thirteenth rounds of unseen scenarios)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interview import Deps, normalise, parse
from assistant.interview.apply import says_none
from assistant.model import Channel, CustomerType


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        (
            "ehm de klantreis noem ik nieuwe bril nodig met een krappe beurs punt",
            "de klantreis noem ik nieuwe bril nodig met een krappe beurs.",
        ),
        (
            "eh een veiligheidsplan komma een verkeersplan en de constructieberekening punt",
            "een veiligheidsplan, een verkeersplan en de constructieberekening.",
        ),
        (
            "aanvragen via digi d of per e mail bij het k c c",
            "aanvragen via DigiD of per e-mail bij het KCC",
        ),
        ("de a p v artikel twee dubbele punt vijfentwintig", "de APV artikel twee: vijfentwintig"),
        ("eerst dit nieuwe regel dan dat", "eerst dit\ndan dat"),
        # typed text keeps its words: "het punt is", "kunt u", a single letter
        ("Het punt is dat we niets doen.", "Het punt is dat we niets doen."),
        ("kunt u dat sturen", "kunt u dat sturen"),
    ],
)
def test_dictated_text_reads_as_typed(said: str, typed: str) -> None:
    assert normalise.dictated(said) == typed


def test_a_spoken_restart_is_a_correction() -> None:
    text = normalise.dictated(
        "de stichting het is dus een ondernemer nee wacht het is een stichting dus een "
        "instelling punt"
    )
    settled, _ = parse.self_corrected(text)
    assert "ondernemer" not in settled
    assert parse.parse_customer_type(settled) is CustomerType.INSTELLING


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "de klant noemt het gewoon evenementenvergunning aanvragen.",
            "evenementenvergunning aanvragen",
        ),
        ("de klanten zeggen gewoon geld voor een bril aanvragen", "geld voor een bril aanvragen"),
        (
            "voor de klant is het gewoon registratie in het landelijk register aanvragen",
            "registratie in het landelijk register aanvragen",
        ),
        ("intern zeggen we behandelen aanvraag registratie", "behandelen aanvraag registratie"),
        (
            "die klantreis heet bij ons starten van een kinderdagverblijf.",
            "starten van een kinderdagverblijf",
        ),
        (
            "de klantreis is bezwaar maken nee dat is de dienst de klantreis is onterechte "
            "parkeerboete aanvechten",
            "onterechte parkeerboete aanvechten",
        ),
        (
            "nieuwe collega op dag 1 aan de slag (zo heet hij bij hr ook)",
            "nieuwe collega op dag 1 aan de slag",
        ),
        # one quoted word inside a longer answer is a label in it, not the value
        (
            "opgeruimde plek en een terugmelding 'afgehandeld' in de app",
            "opgeruimde plek en een terugmelding 'afgehandeld' in de app",
        ),
    ],
)
def test_a_name_after_how_people_introduce_it(text: str, name: str) -> None:
    assert parse.clean_value(text) == name


def test_a_pair_name_stays_whole_in_a_list_with_articles() -> None:
    text = (
        "een uittreksel van de kamer van koophandel, het pedagogisch beleidsplan, het beleid "
        "veiligheid en gezondheid en een plattegrond van het pand"
    )
    assert parse.split_list(text) == [
        "een uittreksel van de kamer van koophandel",
        "het pedagogisch beleidsplan",
        "het beleid veiligheid en gezondheid",
        "een plattegrond van het pand",
    ]
    # a short name before "en" keeps the two apart, and lists without articles split
    assert parse.split_list("een aanvraagformulier, een paspoort en pasfoto") == [
        "een aanvraagformulier",
        "een paspoort",
        "pasfoto",
    ]
    assert parse.split_list("sponsoring regelen, artiesten boeken en catering") == [
        "sponsoring regelen",
        "artiesten boeken",
        "catering",
    ]


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("nieuwe collega op dag 1 aan de slag 💻 👍", "nieuwe collega op dag 1 aan de slag"),
        ("idd, ivm de mdw ;-)", "inderdaad, in verband met de medewerker"),
        ("nvt :)", "niet van toepassing"),
        ("bedrag excl btw", "bedrag exclusief btw"),
        ("20 °C en © VNG, onleesbaar: \ufffd", "20 °C en © VNG, onleesbaar: \ufffd"),
        ("artikel 2:3) van de wet", "artikel 2:3) van de wet"),  # no emoticon
        ("a | b", "a\nb"),
        ("| a | b |", "| a | b |"),  # a Markdown table row stays for plain_text
        ("aanvraag registreren -> frontoffice", "aanvraag registreren → frontoffice"),
    ],
)
def test_chat_text_reads_as_plain_dutch(typed: str, plain: str) -> None:
    assert normalise.chat_text(typed) == plain


def test_rows_pasted_from_a_spreadsheet() -> None:
    text = "stuk\tverplicht\nbegroting komend jaar\tja\nactiviteitenplan\tja\nbankafschrift\tnee"
    assert normalise.tab_rows(text) == "begroting komend jaar\nactiviteitenplan\nbankafschrift"
    # a single tab is no table
    assert normalise.tab_rows("naam\tadres") == "naam\tadres"


def test_checklists_and_short_items_said_with_niet() -> None:
    text = (
        "even uit mijn checklist:\ndoc 1: kvk-uittreksel\ndoc 2: foto's van de truck\n"
        "1: melding registreren\nschaal 1:100 tekening"
    )
    assert parse.split_list(text) == [
        "kvk-uittreksel",
        "foto's van de truck",
        "melding registreren",
        "schaal 1:100 tekening",
    ]
    assert parse.split_list("een terrasvergunning, stroom niet, dat regelt de marktmeester") == [
        "een terrasvergunning",
        "dat regelt de marktmeester",
    ]
    assert not says_none("nee eigenlijk niet, behalve archiveren")
    assert says_none("nee eigenlijk niet")


def test_a_lead_time_counted_back_from_a_date_is_a_moment() -> None:
    moment = parse.parse_moment("op te halen uiterlijk 1 werkdag voor de startdatum")
    assert moment == "uiterlijk 1 werkdag voor de startdatum"
    assert parse.lead_time_days(moment) is None
    assert parse.parse_moment("binnen 8 weken na de aanvraag") == "binnen 8 weken"
    assert parse.lead_time_days("binnen 8 weken na de aanvraag") == 56


def test_a_chat_interview_keeps_its_facts(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "intake_channels",
        {
            "journey_name": "nieuwe collega op dag 1 aan de slag 💻 (zo heet ie bij hr ook)",
            "customer": "de teammanager -> interne klant dus",
            "service_name": "laptop aanvragen",
        },
    )
    assert conv.model.journey.name == "Nieuwe collega op dag 1 aan de slag"
    conv.say("via t selfserviceportaal, mail accepteren we niet 🙈")
    assert conv.model.service.intake.channels == [Channel.ONLINE]
    conv.answer_until("supporting_processes", {})
    conv.say("inkoop (raamcontract laptops) | assetmanagement")
    assert [p.name for p in conv.model.supporting_processes] == [
        "Inkoop (raamcontract laptops)",
        "Assetmanagement",
    ]
    conv.say(
        "inkoop -> interne klant: team werkplekbeheer, deelservice: laptops bestellen\n"
        "am -> interne klant: it-servicedesk, deelservice: overzicht uitgegeven apparaten"
    )
    assert [(p.internal_customer, p.deelservice) for p in conv.model.supporting_processes] == [
        ("Team werkplekbeheer", "Laptops bestellen"),
        ("It-servicedesk", "Overzicht uitgegeven apparaten"),
    ]
