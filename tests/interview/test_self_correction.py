"""A speaker who corrects themselves inside one answer, answers another question in passing,
or talks in one long run-on sentence (the fifth round of unseen scenarios)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interview import Deps, parse
from assistant.interview.patch import offline_patch
from assistant.model import Channel


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Een besluit: ontheffing of weigering. Binnen 2 weken... nee, de termijn is 4 weken.",
            "Een besluit: ontheffing of weigering. De termijn is 4 weken.",
        ),
        (
            "inhoudelijke toets (backoffice); advies van de politie, nee, schrap die maar, dat "
            "doen we niet meer; en dan het besluit",
            "inhoudelijke toets (backoffice); en dan het besluit",
        ),
        (
            "Ontvangstbevestiging per mail. Verder een bericht als het advies binnen is; nee, dat "
            "sturen we niet meer.",
            "Ontvangstbevestiging per mail.",
        ),
        (
            "Omwonenden informeren; nee wacht, moet dat niet vooraf? Nee, klopt wel: daarna het "
            "werk uitvoeren.",
            "Omwonenden informeren; daarna het werk uitvoeren.",
        ),
        (
            "Soms belt de politie, maar dat is handhaving. Voor deze reis: een aanvraag.",
            "een aanvraag.",
        ),
        (
            "Nee. O wacht, toch wel: gewenst is een kaart op de site.",
            "gewenst is een kaart op de site.",
        ),
        # no correction: nothing changes
        ("Ontvangstbevestiging. Nee, verder niets.", "Ontvangstbevestiging. Nee, verder niets."),
        ("ja of nee, dat weet ik niet", "ja of nee, dat weet ik niet"),
        ("APV art. 4:5", "APV art. 4:5"),
    ],
)
def test_what_the_speaker_settled_on(text: str, expected: str) -> None:
    assert parse.self_corrected(text) == (expected, [])


def test_an_aside_for_another_question_is_kept_apart() -> None:
    text = "KvK-nummer en locatie. O ja, en over de kanalen nog: per e-mail mag ook."
    assert parse.self_corrected(text) == (
        "KvK-nummer en locatie.",
        [parse.Aside("kanalen", "per e-mail mag ook.")],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Per mail als pdf, de post hebben we afgeschaft", [Channel.EMAIL]),
        (
            "online of per mail; walk-ins aan de balie doen we niet meer",
            [Channel.ONLINE, Channel.EMAIL],
        ),
        ("Via het e-formulier. Niet via het KCC, die verwijzen door.", [Channel.ONLINE]),
        ("online, of als dat niet lukt aan de balie", [Channel.ONLINE, Channel.BALIE]),
    ],
)
def test_channels_no_longer_used_are_left_out(text: str, expected: list[Channel]) -> None:
    assert parse.parse_channels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("akkoord per mail, 4 wkn", "4 wkn"),
        ("GPK-pasje (5 jr geldig)", ""),
        ("pas, 5 jaar geldig", ""),
        ("besluit, 2,5 weken", ""),
    ],
)
def test_a_bare_lead_time(text: str, expected: str) -> None:
    assert parse.bare_lead_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("na de begrafenis plaatst een steenhouwer het grafmonument", True),
        ("de arts geeft de verklaring af", True),
        ("een uitvaartondernemer bellen", False),
        ("catering regelen bij de cateraar", False),
    ],
)
def test_a_third_party_as_the_one_who_does_a_step(text: str, expected: bool) -> None:
    assert parse.third_party_subject(text) is expected


def test_run_on_names_and_channel_phrases() -> None:
    assert (
        parse.clean_value("afscheid nemen na een overlijden zo noemen wij dat en de rest")
        == "afscheid nemen na een overlijden"
    )
    assert parse.strip_channel("een update per mail als de check gedaan is") == (
        "een update als de check gedaan is"
    )
    assert [i.name for i in offline_patch("Leges factureren, ja, die ook.").items] == [
        "Leges factureren"
    ]


def test_a_corrected_interview_keeps_what_was_meant(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "intake_channels",
        {
            "journey_name": "Nachtwerk uitvoeren",
            "customer": "een aannemer (ondernemer)",
            "aanleiding": "Soms belt de politie, maar dat is handhaving. Voor deze reis: een "
            "aanvraag om ontheffing.",
            "service_name": "ontheffing aanvragen",
        },
    )
    assert conv.model.service.aanleiding.kind.value == "aanvraag"
    conv.say("Via het e-formulier. Niet via het KCC.")
    assert conv.model.service.intake.channels == [Channel.ONLINE]
    conv.say("KvK-nummer en locatie. O ja, en over de kanalen nog: per e-mail mag ook.")
    assert conv.model.service.intake.channels == [Channel.ONLINE, Channel.EMAIL]
    assert [d.name for d in conv.model.service.intake.data_asked] == ["KvK-nummer", "Locatie"]
    assert any("Ook vastgelegd — Kanalen intake: email" in n for n in conv.notices())
    conv.answer_until("levering_result", {})
    conv.say("Een besluit. Binnen 2 weken... nee, de termijn is 4 weken.")
    assert conv.model.service.levering.moment == "termijn is 4 weken"
    assert conv.model.service.levering.result == "Besluit"


def test_a_paste_full_of_corrections_is_read_as_it_is() -> None:
    text = "a; nee wacht, b? Nee, klopt wel: " * 5000
    assert parse.self_corrected(text) == (text, [])


def test_an_aside_in_a_pasted_description_is_kept(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    story = (
        "De klantreis heet 'verhuizen naar de stad'. De klant is een inwoner die net verhuisd "
        "is. Vooraf: een woning zoeken, de verhuizing plannen en inpakken. Er zijn stukken "
        "nodig: een huurcontract en een kopie ID. Uiteindelijk ontvangt de klant een "
        "parkeervergunning. O ja, en over de kanalen nog: aanvragen kan online of per e-mail."
    )
    conv.say(story)
    assert conv.model.journey.name == "Verhuizen naar de stad"
    assert conv.model.service.intake.channels == [Channel.ONLINE, Channel.EMAIL]
    assert any("Ook vastgelegd — Kanalen intake" in n for n in conv.notices())
