"""A talkative designer who answers ahead and then refers back ("Dat zei ik net al: …",
"Heb ik al gezegd."), and plain answers: the twenty-second and twenty-third rounds of
unseen scenarios."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, normalise, parse
from assistant.model import Actor, Channel, CustomerType, Lane, TriggerKind


def test_what_an_answer_that_refers_back_restates() -> None:
    said = normalise.said_before
    assert said("Zie hierboven, dus de naam van de school en een contactpersoon") == (
        "de naam van de school en een contactpersoon"
    )
    assert said("Dat zei ik net al: de ouder zelf.") == "de ouder zelf."
    assert said("zoals ik al zei, per post") == "per post"
    assert said("Heb ik al gezegd.") == ""
    assert said("Zie boven.") == ""
    assert said("de school zelf") is None
    assert said("Zien we dan wel") is None


def test_heb_ik_al_gezegd_takes_the_answer_from_before(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    facts = {
        "journey_name": "Sporten met een kleine beurs",
        "customer": "een ouder met een laag inkomen (inwoner)",
        "aanleiding": "een aanvraag",
        "activities": "1. aanvraag registreren (frontoffice), 2. inkomen toetsen, "
        "3. besluit nemen. Daarna archiveren we het dossier.",
    }
    conv.answer_until("closing_activities", facts)
    # the list keeps its three steps: the sentence after it tells what comes next
    assert [a.name for a in conv.model.service.activities] == [
        "Aanvraag registreren",
        "Inkomen toetsen",
        "Besluit nemen",
    ]
    result = conv.say("Heb ik al gezegd.")
    texts = [e.to_dict().get("text", "") for e in result.events]
    assert any(t.startswith("Uit je eerdere antwoord") for t in texts)
    assert [a.name for a in conv.model.service.closing_activities] == ["Het dossier archiveren"]


def test_heb_ik_al_gezegd_with_nothing_new_closes_the_question(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "closing_activities",
        {
            "journey_name": "Een zaal huren",
            "customer": "een vereniging (instelling)",
            "aanleiding": "een aanvraag",
            "activities": "registreren, toetsen en besluiten",
        },
    )
    before = conv.model.model_dump()
    result = conv.say("Heb ik al gezegd.")
    assert conv.model.model_dump() == before
    assert "closing_activities" in conv.state.answered
    assert any("er is niets nieuws bij" in e.to_dict().get("text", "") for e in result.events)
    assert conv.slot != "closing_activities"


def test_steps_as_a_designer_tells_them() -> None:
    assert parse.split_list("Daarna archiveren we het dossier.") == ["het dossier archiveren"]
    assert parse.split_list("Eerst toetsen wij de aanvraag, dan sturen we het besluit") == [
        "de aanvraag toetsen",
        "het besluit sturen",
    ]
    assert parse.split_list("we vragen de naam") == ["de naam"]
    text = "1. registreren (frontoffice), 2. borden plaatsen (ketenpartner). Na een jaar evalueren."
    assert parse.split_list(text) == ["registreren (frontoffice)", "borden plaatsen (ketenpartner)"]


def test_the_customer_organisation_hands_in_the_documents(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "documents",
        {
            "journey_name": "Een veilige schoolomgeving",
            "customer": "basisschool De Regenboog (instelling)",
            "aanleiding": "een aanvraag van de school",
        },
    )
    assert conv.model.journey.customer.type is CustomerType.INSTELLING
    conv.say(
        "Foto's van de verkeerssituatie en een kaartje. Die levert de school allemaal zelf aan."
    )
    docs = conv.model.service.intake.documents
    assert [d.provided_by for d in docs] == [Actor.KLANT, Actor.KLANT]
    # a lane the step names itself stands, even when it names the customer too
    conv.answer_until("activities", {})
    conv.say("schouw ter plaatse met de school (backoffice), en de school licht het verzoek toe")
    lanes = [a.lane for a in conv.model.service.activities]
    assert lanes == [Lane.BACKOFFICE, Lane.KLANT]


def test_a_process_the_municipality_starts_is_asked_what_comes_in(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "intake_channels",
        {
            "journey_name": "Een camping runnen",
            "customer": "een campinghouder (ondernemer)",
            "aanleiding": "De gemeente heft de belasting zelf, niemand vraagt erom.",
        },
    )
    assert conv.model.service.aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID
    questions = [e for e in conv.events if e["type"] == "question"]
    assert "Dit proces start de gemeente zelf" in questions[-1]["text"]
    conv.say("De ondernemer doet online aangifte, of op verzoek per post.")
    assert conv.model.service.intake.channels == [Channel.ONLINE, Channel.POST]


def test_geen_closes_the_intake_of_a_process_without_request(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until(
        "intake_channels",
        {
            "journey_name": "Stemmen",
            "customer": "de kiezer (inwoner)",
            "aanleiding": "Niemand vraagt erom: de gemeente verstuurt de stempassen zelf.",
        },
    )
    result = conv.say("geen, de kiezer hoeft niks aan te vragen")
    assert conv.model.service.intake.channels == []
    assert "intake_channels" in conv.state.answered
    assert any("Geen intake" in e.to_dict().get("text", "") for e in result.events)
