"""Offline Dutch parsers: lists, actors, channels, yes/no, corrections, questions."""

from __future__ import annotations

import pytest

from assistant.interview import parse
from assistant.interview.patch import offline_patch
from assistant.model import (
    ActivityKind,
    Actor,
    Channel,
    CustomerType,
    Lane,
    RelationKind,
    TriggerKind,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sponsoring regelen, artiesten boeken en daarna de catering",
            ["sponsoring regelen", "artiesten boeken", "de catering"],
        ),
        (
            "eerst een locatie zoeken, dan vergunning aanvragen en tot slot flyers drukken",
            ["een locatie zoeken", "vergunning aanvragen", "flyers drukken"],
        ),
        ("- naam\n- adres\n- telefoonnummer", ["naam", "adres", "telefoonnummer"]),
        ("situatietekening; verzekeringsbewijs", ["situatietekening", "verzekeringsbewijs"]),
        (
            "advies (politie en brandweer) en besluiten",
            ["advies (politie en brandweer)", "besluiten"],
        ),
        ("bedrag van 1,50 euro", ["bedrag van 1,50 euro"]),
        ("geen", []),
        ("", []),
    ],
)
def test_split_list(text: str, expected: list[str]) -> None:
    assert parse.split_list(text) == expected


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("dat doet de gemeente zelf", Actor.GEMEENTE),
        ("de klant levert het aan", Actor.KLANT),
        ("de cateraar", Actor.DERDE),
        ("via de Kamer van Koophandel", Actor.DERDE),
        ("de organisator zelf", Actor.KLANT),
        ("zomaar iets", None),
    ],
)
def test_actor(text: str, actor: Actor | None) -> None:
    assert parse.parse_actor(text) is actor


def test_channels_in_order_without_duplicates() -> None:
    assert parse.parse_channels(
        "via de website, aan de balie of per e-mail en ook telefonisch"
    ) == [
        Channel.ONLINE,
        Channel.BALIE,
        Channel.EMAIL,
        Channel.TELEFOON,
    ]
    assert parse.parse_channels("per brief, in de app") == [Channel.POST, Channel.APP]
    assert parse.parse_channels("dat weet ik niet") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ja", True),
        ("Ja, graag.", True),
        ("klopt", True),
        ("nee", False),
        ("Nee hoor", False),
        ("weet ik niet", None),
        ("misschien", None),
    ],
)
def test_yes_no(text: str, value: bool | None) -> None:
    assert parse.yes_no(text) is value


@pytest.mark.parametrize(
    "text", ["weet ik niet", "Ik weet het niet.", "geen idee", "onbekend", "n.v.t."]
)
def test_dont_know(text: str) -> None:
    assert parse.is_dont_know(text)
    assert offline_patch(text).intent == "dont_know"


def test_questions_are_recognised_and_the_term_extracted() -> None:
    assert parse.is_question("wat is een deelservice?")
    assert parse.question_term("Wat is een deelservice?") == "deelservice"
    assert parse.question_term("wat betekent statusmelding") == "statusmelding"
    assert parse.is_question("Waarom vraag je dat?")
    assert not parse.is_question("online en aan de balie")
    assert not parse.is_question("weet ik niet?")


def test_correction_body() -> None:
    assert parse.correction_body("nee, dat doet de gemeente zelf") == "dat doet de gemeente zelf"
    assert (
        parse.correction_body("Correctie: het heet regelen vergunning")
        == "het heet regelen vergunning"
    )
    assert parse.correction_body("sponsoring regelen") is None


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        ("organisator van een straatfestival", CustomerType.ONDERNEMER),
        ("een bewoner van de wijk", CustomerType.INWONER),
        ("de afdeling Vergunningen", CustomerType.INTERNE_KLANT),
        ("de samenleving als geheel", CustomerType.MAATSCHAPPIJ),
        ("een sportvereniging", CustomerType.INSTELLING),
        ("Jan (inwoner)", CustomerType.INWONER),
    ],
)
def test_customer_type(text: str, ctype: CustomerType) -> None:
    assert parse.parse_customer_type(text) is ctype


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("een aanvraag van de organisator", TriggerKind.AANVRAAG),
        (
            "de gemeente heft jaarlijks belasting, niemand vraagt erom",
            TriggerKind.VERANTWOORDELIJKHEID,
        ),
        ("een melding van een bewoner over een kapotte lantaarnpaal", TriggerKind.MELDING),
        ("een afdeling draagt een dossier over", TriggerKind.INTERNE_BEHOEFTE),
        ("een vraag om informatie", TriggerKind.VRAAG),
    ],
)
def test_trigger_kind(text: str, kind: TriggerKind) -> None:
    assert parse.parse_trigger_kind(text) is kind


def test_items_carry_actor_lane_and_kind() -> None:
    patch = offline_patch(
        "intake door de frontoffice, beoordelen aanvraag (backoffice), catering regelen (derde), facturatie"
    )
    names = [i.name for i in patch.items]
    assert names == ["intake", "beoordelen aanvraag", "catering regelen", "facturatie"]
    assert patch.items[0].lane is Lane.FRONTOFFICE
    assert patch.items[1].kind is ActivityKind.BEHANDELING
    assert patch.items[2].actor is Actor.DERDE
    assert patch.items[3].kind is ActivityKind.AFSLUITEND


def test_clean_value_drops_preambles() -> None:
    assert (
        parse.clean_value("De klantreis heet 'organiseren straatfestival'.")
        == "organiseren straatfestival"
    )
    assert parse.clean_value("Die noemen we regelen vergunning") == "regelen vergunning"


def test_choice_index() -> None:
    assert parse.choice_index("2", 3) == 1
    assert parse.choice_index("de eerste", 3) == 0
    assert parse.choice_index("optie 3", 3) == 2
    assert parse.choice_index("7", 3) is None


def test_quoted_values_and_negative_answers() -> None:
    from assistant.interview.apply import says_none

    assert parse.clean_value("Het gaat om de klantreis 'Een kind krijgen'") == "Een kind krijgen"
    assert (
        parse.clean_value("auto's parkeren en baby's verzorgen")
        == "auto's parkeren en baby's verzorgen"
    )
    for text in [
        "geen",
        "Nee",
        "Nee, er is geen gerelateerd proces",
        "Die zijn er niet",
        "Er zijn geen stukken nodig",
        "nee, verder niets",
    ]:
        assert says_none(text), text
    for text in [
        "nee, dat doet de gemeente zelf en de klant levert de rest aan",
        "online",
        "geboorteakte",
    ]:
        assert not says_none(text), text


# --- phrasings from the held-out-style scenarios ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1. aanvraag registreren 2. boom beoordelen 3. besluiten",
            ["aanvraag registreren", "boom beoordelen", "besluiten"],
        ),
        (
            "Ontvangstbevestiging. Verder een bericht als er iets ontbreekt.",
            ["Ontvangstbevestiging", "een bericht als er iets ontbreekt"],
        ),
        # a pronoun that starts an item is not a remark about the list
        ("ze valt en de huisarts belt", ["ze valt", "de huisarts belt"]),
        ("situatietekening en KvK-uittreksel, die haalt de gemeente op", None),
        ("Dat zijn: naam, o.a. BSN en bijv. IBAN", ["naam", "BSN", "IBAN"]),
        ("ontvangstbevestiging: per mail", ["ontvangstbevestiging: per mail"]),
        ("verder met het eigen werk", ["verder met het eigen werk"]),
        ("evt. bezwaar indienen; Art. 5 lezen", ["evt. bezwaar indienen", "Art. 5 lezen"]),
    ],
)
def test_split_list_other_phrasings(text: str, expected: list[str] | None) -> None:
    if expected is None:
        patch = offline_patch(text)
        assert [i.name for i in patch.items] == ["situatietekening", "KvK-uittreksel"]
        assert {i.actor for i in patch.items} == {Actor.GEMEENTE}
    else:
        assert parse.split_list(text) == expected


def test_dont_know_only_when_nothing_follows() -> None:
    assert parse.is_dont_know("geen idee hoor")
    assert parse.is_dont_know("weet ik niet precies")
    assert not parse.is_dont_know("weet ik niet precies, maar waarschijnlijk online")
    assert parse.drop_hedge("weet ik niet precies, maar waarschijnlijk via de balie") == (
        "via de balie"
    )
    assert parse.drop_hedge("weet ik niet") == "weet ik niet"


def test_structured_text_starting_like_a_question_is_an_answer() -> None:
    assert parse.is_question("wat is een deelservice")
    assert parse.is_question("Waarom vraag je dat?")
    assert not parse.is_question("waarom het lang duurt: niemand weet wie het dossier heeft")


@pytest.mark.parametrize(
    ("text", "internal", "kind"),
    [
        ("de inwoner geeft de verhuizing door (verhuisaangifte)", False, TriggerKind.MELDING),
        ("een storing melden bij de servicedesk", True, TriggerKind.MELDING),
        ("een medewerker belt de servicedesk", True, TriggerKind.INTERNE_BEHOEFTE),
        ("de burger vraagt er niet om", False, TriggerKind.VERANTWOORDELIJKHEID),
        ("de gemeente start het zelf", False, TriggerKind.VERANTWOORDELIJKHEID),
        # "afdeling" alone does not make a citizen's request an internal need
        ("de dochter vraagt hulp aan bij de afdeling Zorg", False, TriggerKind.AANVRAAG),
        ("de afdeling draagt een dossier over", False, TriggerKind.INTERNE_BEHOEFTE),
    ],
)
def test_trigger_kinds(text: str, internal: bool, kind: TriggerKind) -> None:
    assert parse.parse_trigger_kind(text, internal=internal) is kind


def test_moment_relation_and_channels_in_other_words() -> None:
    assert parse.parse_moment("een beschikking, binnen acht weken") == "binnen acht weken"
    assert parse.parse_moment("na 5 werkdagen per post") == "na 5 werkdagen"
    assert parse.parse_relation("na de melding volgt de aanvraag") is RelationKind.VOLGEND
    assert parse.parse_relation("de aanvraag volgt op een vraag") is RelationKind.VOORAFGAAND
    assert parse.parse_channels("via het Omgevingsloket") == [Channel.ONLINE]
    assert parse.parse_channels("DigiD via Mijn Gemeente of per brief") == [
        Channel.ONLINE,
        Channel.POST,
    ]


def test_protocol_sources_have_exactly_the_protocol_keys() -> None:
    from assistant.interview.protocol import EVENT_KEYS, AnswerEvent, QuestionEvent

    odd = {"title": "T", "url": None, "score": float("nan"), "text": "lang", "extra": 1}
    question = QuestionEvent("customer", "Wie?", "Omdat.", [odd], float("nan")).to_dict()
    assert set(question) == EVENT_KEYS["question"] and question["progress"] == 0.0
    assert question["sources"] == [
        {"title": "T", "section": "", "url": "", "source": "", "element_id": ""}
    ]
    answer = AnswerEvent("x", [{**odd, "score": 0.51234567}]).to_dict()
    assert answer["sources"][0]["score"] == 0.5123 and "extra" not in answer["sources"][0]


def test_other_separators_and_named_values() -> None:
    assert parse.split_list("Naam + adres + geboortedatum") == ["Naam", "adres", "geboortedatum"]
    assert parse.split_list("naam/adres/telefoon") == ["naam", "adres", "telefoon"]
    assert parse.split_list("kopie paspoort en/of ID-kaart") == ["kopie paspoort en/of ID-kaart"]
    assert parse.clean_value("Intern noemen we het: behandelen aanvraag GPK") == (
        "behandelen aanvraag GPK"
    )
    assert parse.split_numbered("1) wachttijd 2) brieven") == "1) wachttijd\n2) brieven"


def test_dash_lists_and_internal_words() -> None:
    assert parse.split_list("locatie kiezen - getuigen vragen - ambtenaar uitzoeken") == [
        "locatie kiezen",
        "getuigen vragen",
        "ambtenaar uitzoeken",
    ]
    assert parse.split_list("catering regelen - derde") == ["catering regelen - derde"]
    assert parse.parse_customer_type("de budgethouders bij de vakafdelingen") is (
        CustomerType.INTERNE_KLANT
    )
    assert parse.parse_lane("melding controleren (burgerzaken)") is Lane.FRONTOFFICE
    assert parse.parse_channels("e-factuur via Peppol of per mail") == [
        Channel.ONLINE,
        Channel.EMAIL,
    ]
    assert parse.strip_lead("En de wachttijd is lang") == "de wachttijd is lang"


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        ("bewonerscommissie", CustomerType.INSTELLING),
        ("de wijkraad", CustomerType.INSTELLING),
        ("omwonenden en de buurt als geheel", CustomerType.MAATSCHAPPIJ),
        ("een bewoner uit de buurt", CustomerType.INWONER),
    ],
)
def test_customer_groups(text: str, ctype: CustomerType) -> None:
    assert parse.parse_customer_type(text) is ctype


def test_transport_and_care_providers_are_third_parties() -> None:
    assert parse.parse_actor("opgehaald door de taxi (vervoerder)") is Actor.DERDE
    assert parse.parse_actor("geleverd door de zorgaanbieder") is Actor.DERDE
