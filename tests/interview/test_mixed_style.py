"""A designer whose style drifts from answer to answer: pasted policy text, "zie boven",
counts that do not match the items named, ranges (the fourteenth round of unseen
scenarios)."""

from __future__ import annotations

import pytest

from assistant.interview import parse
from assistant.interview.patch import offline_patch
from assistant.model import TriggerKind


def test_a_conclusion_after_a_quoted_passage_is_the_answer() -> None:
    text = (
        "Uit ons sjabloon: 'De leverancier neemt binnen vijf werkdagen contact op.' Dus: een "
        "beschikking, uiterlijk 2 weken na de aanvraag."
    )
    assert parse.self_corrected(text)[0] == "een beschikking, uiterlijk 2 weken na de aanvraag."


def test_dus_followed_by_a_place_is_no_conclusion() -> None:
    text = (
        "Op dezelfde manier als de aanvraag, dus weer aan de balie: hij haalt het persoonlijk op."
    )
    assert parse.self_corrected(text)[0] == text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the speaker's own words around a pasted passage decide
        (
            "Uit onze Verordening maatschappelijke ondersteuning, artikel 3: 'Een hulpvraag kan "
            "door of namens de cliënt bij het college worden gemeld en onderzocht.' Bij ons "
            "start het proces dus met een melding van de hulpvraag door de inwoner zelf.",
            TriggerKind.MELDING,
        ),
        ("Een vraag van de klant: hij wil stukken inzien.", TriggerKind.VRAAG),
        # a law named in passing does not make the municipality start by itself
        ("De inwoner meldt het zelf, op grond van de Wmo-verordening.", TriggerKind.MELDING),
        (
            "Wij leggen de aanslag zelf op, jaarlijks, op grond van de Gemeentewet.",
            TriggerKind.VERANTWOORDELIJKHEID,
        ),
    ],
)
def test_the_kind_of_trigger_in_mixed_answers(text: str, kind: TriggerKind) -> None:
    assert parse.parse_trigger_kind(text) is kind


def test_approximate_lead_times() -> None:
    assert (
        parse.parse_moment("Dat ligt na zo'n 5 à 7 werkdagen klaar.") == "na zo'n 5 a 7 werkdagen"
    )
    assert parse.lead_time_days("zo'n 5 a 7 werkdagen") == 10
    assert parse.parse_moment("ongeveer twee weken") == "ongeveer twee weken"


def test_counts_that_do_not_match_the_items_named() -> None:
    text = "Vier stappen: registreren; opzoeken; toetsen; aanleveren; klaarleggen."
    assert len(offline_patch(text).items) == 5
    # a count said up front still ends the list before its explanation
    text = "Er zijn twee stukken nodig: een zorgplan en een begroting. Het zorgplan laat zien wat."
    assert [i.name for i in offline_patch(text).items] == ["zorgplan", "begroting"]


def test_items_with_labels_and_next_steps() -> None:
    assert parse.split_list("Vooraf geen. Bij het bezoek: geldig identiteitsbewijs") == [
        "geldig identiteitsbewijs"
    ]
    assert parse.split_list("Twee: de Bibob-coördinatie, het archiefbeheer") == [
        "de Bibob-coördinatie",
        "het archiefbeheer",
    ]
    assert parse.split_list(
        "De consulent stelt de beschikking op, waarna de backoffice de leverancier opdracht geeft"
    ) == ["De consulent stelt de beschikking op", "de backoffice de leverancier opdracht geeft"]
    assert parse.split_list("idem als bij elke Wmo-voorziening: dossier archiveren") == [
        "dossier archiveren"
    ]


def test_a_pasted_passage_is_no_name() -> None:
    text = (
        "Dit is de tekst op onze productpagina: 'Is uw rijbewijs verlopen? U vraagt een nieuw "
        "rijbewijs aan.' De titel boven die pagina is 'Rijbewijs verlengen'."
    )
    assert parse.clean_value(text) == "Rijbewijs verlengen"
