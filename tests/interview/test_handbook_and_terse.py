"""Answers pasted from a process handbook (tables with a header, field lists, headings) and
answers in as few words as possible: the twenty-fourth and twenty-fifth rounds of unseen
scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.model import Lane, RelationKind, TriggerKind

PROCESS = {"proces", "naam", "procesnaam", "bedrijfsproces"}
JOURNEY = {"klantreis", "reis", "naam", "journey", "titel"}
SERVICE = {"dienst", "service", "naam", "titel", "product", "bedrijfsservice"}


def test_the_field_that_names_what_was_asked() -> None:
    field = normalise.named_field
    text = "Naam proces: Uitvoeren adresonderzoek; Eigenaar: teamleider; Zaaktype: ZT-BZ-012"
    assert field(text, PROCESS) == "Uitvoeren adresonderzoek"
    text = "Uit ons procesboek, par. 3.4:\nKlantreis: Betrouwbare adresgegevens\nDomein: BRP"
    assert field(text, JOURNEY) == "Betrouwbare adresgegevens"
    text = "Productencatalogus, titel: Onderzoek naar een onjuist adres\nSynoniemen: adrescontrole"
    assert field(text, SERVICE) == "Onderzoek naar een onjuist adres"
    assert field("HR-handboek, employee journey: Afscheid nemen", JOURNEY) == "Afscheid nemen"
    # a name without a label, or a label that names something else, is no field
    assert field("Organiseren straatfestival", JOURNEY) == ""
    assert field("Verhuizen: adres doorgeven", JOURNEY) == ""


def test_a_table_with_a_header_gives_its_items_and_who_does_them() -> None:
    steps = (
        "| Nr | Processtap | Uitvoerder | Systeem |\n|---|---|---|---|\n"
        "| 1 | Signaal registreren | Backoffice BRP | BRP-applicatie |\n"
        "| 2 | Huisbezoek afleggen | adresonderzoeker | mobiele app |"
    )
    assert parse.plain_text(steps) == (
        "Signaal registreren (Backoffice BRP)\nHuisbezoek afleggen (adresonderzoeker)"
    )
    # a step number stands in its own column whatever its header says; a term goes
    steps = "| Stap | Activiteit | Termijn |\n|---|---|---|\n| 1 | Aanvraag registreren | 2 dagen |"
    assert parse.plain_text(steps) == "Aanvraag registreren"
    data = "| Gegeven | Bron |\n|---|---|\n| BSN | BRP |\n| telefoonnummer | aanvrager |"
    assert parse.plain_text(data) == "BSN (bron: BRP)\ntelefoonnummer (bron: aanvrager)"
    notes = "| Gegeven | Toelichting |\n|---|---|\n| adres | checken we in de BAG |"
    assert parse.plain_text(notes) == "adres – checken we in de BAG"
    journey = "| Klantreis | Doelgroep | Eigenaar |\n|---|---|---|\n| Zorgen voor een ouder | bewoners | team Wonen |"
    assert parse.plain_text(journey) == "Zorgen voor een ouder"
    # without a header a row stays as it was
    assert parse.plain_text("| adres | bron BAG |\n| naam | klant |") == (
        "adres – bron BAG\nnaam – klant"
    )


def test_a_pasted_handbook_interview(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "activities",
        {
            "journey_name": "Uit het procesboek:\nKlantreis: Afscheid nemen en vertrekken\nDomein: HR",
            "customer": "een medewerker die vertrekt (interne klant)",
            "aanleiding": "Trigger: aanvraag ontslag op eigen verzoek, ingediend door de medewerker.",
            "service_name": "Titel op intranet: Uit dienst gaan",
        },
    )
    assert conv.model.journey.name == "Afscheid nemen en vertrekken"
    assert conv.model.service.name == "Uit dienst gaan"
    assert conv.model.service.aanleiding.kind is TriggerKind.AANVRAAG
    conv.say(
        "| # | Activiteit | Wie |\n|---|---|---|\n| 1 | ontslag bevestigen | HR-adviseur (backoffice) |\n"
        "| 2 | laptop innemen | servicedesk (frontoffice) |"
    )
    assert [(a.name, a.lane) for a in conv.model.service.activities] == [
        ("Ontslag bevestigen (HR-adviseur, backoffice)", Lane.BACKOFFICE),
        ("Laptop innemen (servicedesk, frontoffice)", Lane.FRONTOFFICE),
    ]


def test_a_heading_says_the_relation_of_the_processes_under_it(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until("related_processes", {"journey_name": "Adres", "customer": "de maatschappij"})
    conv.say(
        "Vervolgprocessen:\n- Behandelen bezwaar (als de betrokkene het niet eens is)\n"
        "- Opleggen bestuurlijke boete\nVoorafgaand: geen."
    )
    assert [r.relation for r in conv.model.related_processes] == [
        RelationKind.VOLGEND,
        RelationKind.VOLGEND,
    ]


def test_answers_in_as_few_words_as_possible(deps: Deps, make_conversation: Any) -> None:
    assert parse.parse_trigger_kind("gemeente zelf") is TriggerKind.VERANTWOORDELIJKHEID
    # (inside a longer answer "de gemeente zelf" names no start)
    assert parse.parse_trigger_kind("een aanvraag; de gemeente zelf toetst") is (
        TriggerKind.AANVRAAG
    )
    conv = make_conversation(deps)
    conv.answer_until("pain_points", {"journey_name": "Dood dier", "customer": "inwoner"})
    conv.say("geen terugkoppeling, weekend lang liggen")
    assert conv.model.journey.pain_points == ["Geen terugkoppeling, weekend lang liggen"]
    conv2 = make_conversation(deps)
    conv2.answer_until("pain_points", {"journey_name": "Dood dier", "customer": "inwoner"})
    conv2.say("geen knelpunten")
    assert conv2.model.journey.pain_points == []
