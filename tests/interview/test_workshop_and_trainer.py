"""A group answering together in a workshop ("Petra: … / Jan: nee, … Dus: …") and a trainer
who gives a rule of thumb before the answer ("In het algemeen … Hier: …"): the tenth and
eleventh rounds of unseen scenarios."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interview import Deps, normalise, parse
from assistant.interview.patch import offline_patch
from assistant.model import Channel, TriggerKind


def test_a_discussion_keeps_what_the_group_said_without_names_questions_or_assent() -> None:
    text = (
        "Bedoel je de indiener? De indiener dus.\n"
        "Jan: meestal een journalist van de regionale krant.\n"
        "Anouk: een freelance journalist is toch een ondernemer?\n"
        "Jan: nee, voor de Woo maakt dat niet uit.\n"
        "Petra: ja, die."
    )
    assert normalise.discussion(text) == (
        "Bedoel je de indiener? De indiener dus.\nmeestal een journalist van de regionale krant."
    )
    # " / " separates turns as a new line does
    assert normalise.discussion(
        "Karin: 'Bezwaar WOZ'? / Ahmed: dat is de dienst. / Wim: klopt."
    ) == ("dat is de dienst.")


@pytest.mark.parametrize(
    "text",
    [
        "Jan: de Wet WOZ.",  # one voice is no discussion
        "Volgend: de aanvraag. Gelijktijdig: de melding.",  # headings, not names
        "Nu: e-mail en post. Straks: alleen online.",
        "geen namen hier, gewoon een lijst: a, b en c",
    ],
)
def test_text_that_is_no_discussion_stays_as_it_is(text: str) -> None:
    assert normalise.discussion(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Woo-verzoek doen'? Nee. Dus: 'Uitzoeken hoe een besluit tot stand kwam'.", "'Uitzoeken"),
        ("a, b en c. Dus twee: ontvangstbevestiging en verdagingsbericht.", "ontvangstbevestiging"),
        ("Dat doen wij zelf. Karin: ja. Dus voor dit proces: een aanvraag.", "een aanvraag."),
        ("Let op: het kan andersom. Hier niet: de inwoner vraagt het aan.", "de inwoner"),
        ("Bij een kap zou het de boom zijn. Hier: de strook grond.", "de strook grond."),
        ("Hier zijn het er drie: a) x; b) y; c) z.", "a) x"),
        ("Levering, is dat de brief? Ja dan: het Woo-besluit.", "het Woo-besluit."),
        ("Per post, maar dat is straks. Nu: e-mail en post.", "e-mail en post."),
        ("Dus nu één: de bevestigingsmail.", "de bevestigingsmail."),
        ("Zo noemen we het. Dus: een aanvraag.", "een aanvraag."),
    ],
)
def test_a_conclusion_is_the_answer(text: str, expected: str) -> None:
    settled, _ = parse.self_corrected(text)
    assert settled.startswith(expected)


@pytest.mark.parametrize(
    "text",
    [
        # a conclusion that only counts what came before leaves it the answer
        "het rapport levert hij zelf; het verslag maken wij. Dus: twee van de klant, één van de gemeente.",
        "1. registreren 2. toetsen 3. besluiten. Dus: drie stappen.",
    ],
)
def test_a_count_is_no_conclusion(text: str) -> None:
    settled, _ = parse.self_corrected(text)
    assert settled.startswith(text.split(".")[0])


def test_a_counter_question_before_the_answer_goes() -> None:
    assert normalise.drop_counter_question(
        "Bedoel je wat de klant doet? Hij dient een verzoek in."
    ) == ("Hij dient een verzoek in.")
    # a question on its own is a question, and "(is dat X?)" inside an answer is no lead
    assert normalise.drop_counter_question("Wat bedoel je met levering?") == (
        "Wat bedoel je met levering?"
    )
    text = "Ja, de aangifte gaat eraan vooraf (is dat een deelservice?), en daarna de aanvraag."
    assert normalise.drop_counter_question(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "nu per e-mail en post, straks alleen nog het e-formulier.",
            "nu per e-mail en post",
        ),
        (
            "Telefonisch via het KCC. In de toekomst willen we ook de app.",
            "Telefonisch via het KCC.",
        ),
        ("Straks alleen digitaal.", "Straks alleen digitaal."),  # nothing else to keep
    ],
)
def test_the_future_is_left_to_the_variant(text: str, expected: str) -> None:
    assert normalise.current_only(text) == expected
    if expected != text:
        assert parse.parse_channels(normalise.current_only(text)) != parse.parse_channels(text)


@pytest.mark.parametrize(
    ("moment", "days"),
    [
        ("binnen 4 weken", 28),
        ("max. 10 werkdagen", 14),
        ("binnen 2 a 3 weken", 21),
        ("binnen acht weken", 56),
        ("4 wkn", 28),
        ("binnen 3 maanden", 90),
        ("eind februari", None),
        ("op de eerste werkdag", None),
        ("binnen 5 jaar", None),
    ],
)
def test_a_lead_time_in_days(moment: str, days: int | None) -> None:
    assert parse.lead_time_days(moment) == days


def test_lists_of_quoted_names_intros_and_items_left_out() -> None:
    assert parse.split_list("'beheren informatie en archief' en 'beheren website'.") == [
        "beheren informatie en archief",
        "beheren website",
    ]
    # apostrophes in words are no quotes
    assert parse.split_list("foto's en pdf's") == ["foto's", "pdf's"]
    text = (
        "Deze stappen zet hij niet zelf, dat is typisch voor deze doelgroep:\n"
        "• de IND verleent de verblijfsvergunning;\n"
        "• het COA koppelt hem aan onze gemeente."
    )
    assert parse.split_list(text) == [
        "de IND verleent de verblijfsvergunning",
        "het COA koppelt hem aan onze gemeente",
    ]
    # the intro's "zet hij niet zelf" makes nobody the customer of these steps
    assert [i.actor for i in offline_patch(text).items] == [None, None]
    assert parse.third_party_subject("de IND verleent de verblijfsvergunning")
    text = (
        "a) 'Beheren ligplaatsregister'\nb) 'Innen leges'\n"
        "Het nautisch beheer van de vaarwegen reken ik níet mee; dat is een primair proces."
    )
    assert parse.split_list(text) == ["Beheren ligplaatsregister", "Innen leges"]
    text = (
        "het conceptbesluit; het dossier. Een opdrachtbrief, zoals een advocatenkantoor die "
        "vraagt, is intern niet nodig."
    )
    assert parse.split_list(text) == ["het conceptbesluit", "het dossier"]


def test_a_step_keeps_its_places_when_cutting_the_channel_would_leave_a_verb() -> None:
    step = "zoeken op de website en in het raadsinformatiesysteem"
    assert parse.strip_channel(step) == step
    assert parse.strip_channel("een vergunning per e-mail") == "een vergunning"
    assert parse.strip_channel("aanvraag via het e-formulier") == "aanvraag"


def test_channels_and_kinds_the_answer_rules_out() -> None:
    text = "online via het e-formulier; per post. E-mail accepteren we niet, omdat we tekenen."
    assert parse.parse_channels(text) == [Channel.ONLINE, Channel.POST]
    text = (
        "Een aanvraag ligplaatsvergunning door de eigenaar. (Bij het opzeggen zou het een "
        "melding zijn, maar dat is een ander proces.)"
    )
    assert parse.parse_trigger_kind(text) is TriggerKind.AANVRAAG
    assert parse.parse_trigger_kind(
        "Bij opzeggen zou het een melding zijn. Hier een aanvraag."
    ) is (TriggerKind.AANVRAAG)


def test_a_workshop_interview_keeps_what_the_group_settled_on(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "legal_basis",
        {
            "journey_name": "Petra: 'Woo-verzoek doen'? / Jan: dat is de dienst, niet de reis. / "
            "Anouk: 'Uitzoeken hoe een besluit tot stand kwam'. / Petra: ja, die. Dus: de "
            "klantreis heet 'Uitzoeken hoe een besluit tot stand kwam'.",
            "customer": "Een journalist of een inwoner (inwoner).",
            "aanleiding": "Bedoel je wat de klant doet? Dan: hij dient een Woo-verzoek in. / "
            "Anouk: is dat niet gewoon een vraag? / Jan: nee, het is een aanvraag om een "
            "besluit. Dus: een aanvraag.",
        },
    )
    assert conv.model.journey.name == "Uitzoeken hoe een besluit tot stand kwam"
    assert conv.model.service.aanleiding.kind is TriggerKind.AANVRAAG
    conv.say(
        "Grondverkoop is privaatrecht, er is geen wet die ons verplicht. De toets doen we op "
        "basis van ons eigen beleid: het Snippergroenbeleid 2022."
    )
    assert "Snippergroenbeleid 2022" in conv.model.service.aanleiding.legal_basis
    conv.answer_until("intake_channels", {})
    conv.say(
        "Petra: nu per e-mail, per post en via het e-formulier. / Anouk: en straks? / Petra: "
        "straks alleen nog het e-formulier, de mailbox gaat dan dicht."
    )
    assert conv.model.service.intake.channels == [Channel.EMAIL, Channel.POST, Channel.ONLINE]
    conv.answer_until("levering_result", {})
    conv.say(
        "Levering, is dat de brief? Ja dan: het Woo-besluit. / Jan: binnen 4 weken. / Petra: "
        "klopt. Dus: het Woo-besluit met de documenten, binnen 4 weken."
    )
    assert conv.model.service.levering.result == "Het Woo-besluit met de documenten"
    assert conv.model.service.lead_time_days == 28


def test_a_name_the_group_decides_on_and_a_concluding_yes() -> None:
    text = "klanten zeggen 'bezwaar maken tegen mijn WOZ-waarde'.\nmaak er 'Bezwaar maken tegen de WOZ-waarde' van."
    assert parse.self_corrected(text)[0] == "Bezwaar maken tegen de WOZ-waarde"
    text = (
        "het taxatieverslag wel, uit de WOZ.\nde andere twee niet. Dus ja, voor het taxatieverslag."
    )
    settled = parse.self_corrected(text)[0]
    assert settled.startswith("ja") and parse.yes_no(settled) is True


def test_moments_and_channels_in_plain_words() -> None:
    assert parse.parse_moment("het verlof tot begraven, altijd dezelfde dag") == "dezelfde dag"
    assert parse.parse_moment("op te halen de volgende werkdag") == "de volgende werkdag"
    # a plan is personal, it is no channel; a conversation in person is
    assert parse.parse_channels("het persoonlijk plan inburgering (PIP)") == []
    assert parse.parse_channels("persoonlijk besproken, de beschikking per post") == [
        Channel.PERSOONLIJK,
        Channel.POST,
    ]


def test_where_a_document_is_kept_is_no_document_of_its_own() -> None:
    text = (
        "het B-formulier met de doodsoorzaak, in een gesloten envelop voor het CBS, en het paspoort"
    )
    assert parse.split_list(text) == [
        "het B-formulier met de doodsoorzaak in een gesloten envelop voor het CBS",
        "het paspoort",
    ]


def test_the_customer_s_own_future_stays(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until("steps_after", {"journey_name": "Verhuizen", "customer": "een inwoner"})
    conv.say("Hij tekent het huurcontract, en straks verhuist hij met het hele gezin.")
    names = [s.name for s in conv.model.journey.steps_after]
    assert any("verhuist" in n for n in names), names


def test_a_long_run_of_counts_is_read_in_linear_time() -> None:
    # one regex over the whole conclusion backtracked exponentially here (20 repeats: 8 s)
    text = "a en b. Dus: " + "twee van de a en twee van de " * 60 + ";"
    assert parse.self_corrected(text)[0] == text  # all counts: what came before stands
    assert parse.self_corrected("a. Dus: twee van de klant en één van de gemeente.")[0] == (
        "a. Dus: twee van de klant en één van de gemeente."
    )


def test_parts_labelled_by_department_are_no_discussion() -> None:
    text = "Burgerzaken: intake en identificatie. Vergunningen: inhoudelijke toets."
    assert normalise.discussion(text) == text
    # the same names in a talk: one speaks twice, or a turn answers the one before
    assert normalise.discussion("Petra: a. / Jan: b. / Petra: c.") == "a.\nb.\nc."


def test_for_the_variant_now_is_one_of_the_two_ways_of_working() -> None:
    text = "Ja. Gewenst: de gemeente haalt de stukken op. Nu: de klant levert alles."
    assert parse.self_corrected(text, now_decides=False)[0] == text
    assert parse.self_corrected(text)[0] == "de klant levert alles."
