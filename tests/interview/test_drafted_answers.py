"""Answers drafted with an AI chat assistant (bold labels, bullets with a bold lead word,
"Goede vraag!", "Samengevat: …") and plain answers: the sixteenth and seventeenth rounds
of unseen scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.interview.apply import says_none
from assistant.model import Channel, RelationKind, TriggerKind


def test_the_wrapping_of_a_drafted_answer_goes() -> None:
    text = (
        "Goede vraag! Hieronder de stukken:\n\n"
        "- **Geboorteverklaring** – opgesteld door de verloskundige\n"
        "- **Geldig identiteitsbewijs** van de aangever – paspoort of ID-kaart\n\n"
        "Samengevat: de geboorteverklaring is het belangrijkste.\n"
        "Let op: dit kan per gemeente verschillen."
    )
    drafted = normalise.drafted_text(text)
    assert "Goede vraag" not in drafted and "Samengevat" not in drafted
    assert "Let op" not in drafted
    assert parse.split_list(parse.plain_text(drafted)) == [
        "Geboorteverklaring (opgesteld door de verloskundige)",
        "Geldig identiteitsbewijs van de aangever (paspoort of ID-kaart)",
    ]


def test_the_part_under_the_label_that_was_asked() -> None:
    names = {"klantreis", "reis", "naam", "journey"}
    text = "Vanuit de ouders zou ik zeggen:\n\nKlantreis: Een kind krijgen\n\nDat sluit aan bij …"
    assert normalise.labelled_line(text, names) == "Een kind krijgen"
    names = {"wettelijke", "grondslag", "wettelijk", "verordening", "legal", "basis"}
    text = "Wettelijke grondslag:\n- Burgerlijk Wetboek, Boek 1 (art. 1:19e)\n- Wet BRP"
    assert (
        normalise.labelled_line(text, names)
        == "- Burgerlijk Wetboek, Boek 1 (art. 1:19e)\n- Wet BRP"
    )
    # a definition, a data item or an answer of labelled lines is left as it is
    text = "Ondersteunend betekent: het levert aan een interne klant.\na) 'Beheren register'"
    assert normalise.labelled_line(text, {"ondersteunende", "processen"}) == text
    text = "naam: komt uit kvk\ngevraagd bedrag: vereniging"
    assert normalise.labelled_line(text, {"gevraagde", "gegevens"}) == text
    text = "Resultaat: een beschikking\nTermijn: binnen 2 weken"
    assert normalise.labelled_line(text, {"resultaat", "levering"}) == text


def test_the_one_bold_phrase_of_a_name_answer() -> None:
    assert normalise.bold_name(
        "Vanuit de ouders heet het **Geboorte aangeven**. Zo staat het er."
    ) == ("Geboorte aangeven")
    assert normalise.bold_name("**Klantreis:** *Een kind krijgen*") == ""  # a label
    assert normalise.bold_name("**Geboorte aangeven** of **Aangifte doen**") == ""  # two: no choice


def test_headings_asides_and_channels_in_drafted_answers() -> None:
    text = "Resultaat voor de ouders:\n- een geboorteakte in de registers\n- inschrijving in de BRP"
    assert parse.clean_value(text) == "een geboorteakte in de registers"
    text = "- Online – het e-formulier\n- E-mail – alleen als het formulier het niet doet\n\nPer post kan het niet meer."
    assert parse.parse_channels(text) == [Channel.ONLINE, Channel.EMAIL]
    assert parse.parse_channels("Let op: per e-mail of telefoon kan het niet. Online wel.") == [
        Channel.ONLINE
    ]
    assert says_none(
        "Niet in deze reis. (Soms volgt later een scootmobiel, maar die laat ik buiten.)"
    )
    assert parse.split_list("Ja, één: een ontheffing voor de zero-emissiezone") == [
        "een ontheffing voor de zero-emissiezone"
    ]


def test_kinds_and_relations_said_plainly() -> None:
    text = "Het is een interne behoefte. De teamleider dient bij HR een verzoek in."
    assert parse.parse_trigger_kind(text) is TriggerKind.INTERNE_BEHOEFTE
    assert parse.relation_cue("de handhaving met de jaarlijkse inspectie") is None
    assert parse.relation_cue("voorafgaand de omgevingsvergunning") is RelationKind.VOORAFGAAND
    assert parse.relation_cue("erna volgt het toezicht") is RelationKind.VOLGEND


def test_a_drafted_interview_keeps_its_facts(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "related_processes",
        {
            "journey_name": "Goede vraag! Ik zou de klantreis zo noemen:\n\n**Klantreis:** "
            "*Een kind krijgen*\n\nDat sluit aan bij de levensgebeurtenis.",
            "customer": "**Klant:** de ouders (inwoner)",
            "service_name": "Vanuit de ouders heet de dienst gewoon **Geboorte aangeven**.",
        },
    )
    assert conv.model.journey.name == "Een kind krijgen"
    assert conv.model.service.name == "Geboorte aangeven"
    conv.say("Ja, hierna volgt het proces 'werven en selecteren', en daarna de indiensttreding.")
    assert [r.relation for r in conv.model.related_processes] == [
        RelationKind.VOLGEND,
        RelationKind.VOLGEND,
    ]
