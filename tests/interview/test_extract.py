"""Offline extraction from a pasted description, in phrasings other than the rule writer's."""

from __future__ import annotations

from assistant.interview import Deps
from assistant.interview.extract import extract_into, offline_pairs
from assistant.model import Actor, Channel, CustomerType, ProcessModel, TriggerKind


def _pairs(text: str) -> dict[str, str]:
    return dict(offline_pairs(text))


def test_who_wants_what_gives_customer_and_goal() -> None:
    pairs = _pairs("Een startende horecaondernemer wil een café openen met een terras.")
    assert pairs == {
        "customer": "startende horecaondernemer",
        "customer_goal": "een café openen met een terras",
    }
    # a pronoun or the municipality is no customer
    assert "customer" not in _pairs("Hij wil op 1 mei open.")
    assert "customer" not in _pairs("De gemeente wil minder papier.")


def test_request_and_channel_in_one_sentence() -> None:
    pairs = _pairs("Hij vraagt de vergunning aan via het omgevingsloket met DigiD.")
    assert set(pairs) == {"aanleiding", "intake_channels"}


def test_data_documents_closing_and_pain_in_other_words() -> None:
    pairs = _pairs(
        "We vragen zijn KvK-nummer, het adres van de zaak en de afmetingen van het terras. "
        "Als bijlagen horen er foto's van de boom en een kaartje bij. "
        "Daarna volgt het innen, en zo nodig invorderen. "
        "Probleem is dat burgers het te laat doorgeven."
    )
    assert pairs["data_asked"].startswith("KvK-nummer")
    assert pairs["documents"] == "foto's van de boom en een kaartje"
    assert pairs["closing_activities"] == "innen, en zo nodig invorderen"
    assert pairs["pain_points"] == "burgers het te laat doorgeven"
    assert "steps_after" not in pairs


def test_rules_that_used_to_misfire() -> None:
    # "daarnaast" is no "daarna"; "aanvrager" is no request; a process name in quotes
    pairs = _pairs(
        "Daarnaast heeft hij ook nog een drank- en horecavergunning nodig. "
        "De aanvrager ontvangt een besluit per post. "
        "Het proces noemen we 'behandelen kapaanvraag'."
    )
    assert pairs["other_services"] == "een drank- en horecavergunning"
    assert "steps_after" not in pairs and "intake_channels" not in pairs
    assert pairs["levering_result"].startswith("een besluit")
    assert pairs["process_name"] == "behandelen kapaanvraag"


def test_extract_into_a_model(deps: Deps) -> None:
    story = (
        "Medewerkers van alle afdelingen willen snel weer aan het werk. "
        "Een medewerker belt de servicedesk of meldt het in het selfservice-portaal. "
        "Ze moet bankafschriften en een offerte uploaden. "
        "Stukken zijn niet nodig."
    )
    outcome = extract_into(ProcessModel(), story, deps)
    model = outcome.model
    assert model.journey.customer.type is CustomerType.INTERNE_KLANT
    service = model.service
    assert service.aanleiding.kind is TriggerKind.MELDING
    assert service.intake.channels == [Channel.TELEFOON, Channel.ONLINE]
    assert [d.name for d in service.intake.documents] == ["Bankafschriften", "Offerte"]
    assert all(d.provided_by is Actor.KLANT for d in service.intake.documents)
    assert not extract_into(
        ProcessModel(), "Stukken zijn niet nodig.", deps
    ).model.service.intake.documents


def test_a_customer_described_over_commas_and_a_journey_named_in_passing() -> None:
    pairs = dict(
        offline_pairs(
            "Een inwoner met een verblijfsvergunning die al jaren in de gemeente woont, wil "
            "Nederlander worden. Een starter met een foodtruck, dus een ondernemer, wil een vaste "
            "plek; de customer journey heet 'starten met een foodtruck'."
        )
    )
    assert pairs["customer"].startswith("inwoner met een verblijfsvergunning")
    assert pairs["customer_goal"] == "Nederlander worden"
    assert pairs["journey_name"] == "starten met een foodtruck"


def test_supporting_processes_named_with_the_deelservice_they_deliver(deps: Deps) -> None:
    text = (
        "De ondersteunende financiële administratie levert team Subsidies de deelservice "
        "'voorschot uitbetalen' en het sturende subsidieregister levert Concerncontrol de "
        "deelservice 'subsidieoverzicht leveren'; voor het toernooi is nog een vergunning nodig."
    )
    procs = extract_into(ProcessModel(), text, deps).model.supporting_processes
    assert [(p.name, p.kind.value, p.internal_customer, p.deelservice) for p in procs] == [
        ("Financiële administratie", "ondersteunend", "Team Subsidies", "Voorschot uitbetalen"),
        ("Subsidieregister", "sturend", "Concerncontrol", "Subsidieoverzicht leveren"),
    ]
    # the internal customer carries over to a process named without one
    pairs = _pairs(
        "Het beheer van het e-depot levert de studiezaal de deelservice 'digitale stukken "
        "beschikbaar stellen' en de restauratie de deelservice 'stukken geschikt maken'."
    )
    assert pairs["supporting_processes"] == "beheer van het e-depot; restauratie"
    assert "restauratie: interne klant de studiezaal" in pairs["supporting_details"]
    # a sentence that only mentions a deelservice in passing names no process
    assert "supporting_processes" not in _pairs("Wat een deelservice is, weet niet iedereen.")


def test_one_sentence_with_several_statements() -> None:
    pairs = _pairs(
        "We vragen haar BSN, rekeningnummer en woonsituatie, en zij levert zelf haar "
        "bankafschriften en haar huurcontract aan. "
        "Hij vraagt de vergunning online aan; de dienst heet 'vergunning regelen'."
    )
    assert pairs["data_asked"] == "BSN, rekeningnummer en woonsituatie"
    assert pairs["documents"] == "haar bankafschriften en haar huurcontract"
    assert pairs["document_providers"] == "de klant"
    assert pairs["service_name"] == "vergunning regelen"
    assert "levering_result" not in pairs  # handing in documents is no levering
    # a list after a colon stays one statement
    listed = _pairs("De stukken zijn: een pasfoto; een kopie van het rijbewijs; een advies.")
    assert listed["documents"] == "een pasfoto; een kopie van het rijbewijs; een advies"


def test_the_moment_before_the_verb_is_kept(deps: Deps) -> None:
    text = "Binnen zes weken krijgt ze een beschikking per post."
    assert _pairs(text)["levering_result"] == "een beschikking per post, binnen zes weken"
    levering = extract_into(ProcessModel(), text, deps).model.service.levering
    assert levering.moment == "binnen zes weken"
    assert levering.channels == [Channel.POST]


def test_a_paste_without_punctuation_is_read_sentence_by_bounded_sentence() -> None:
    # several rules look across the sentence from each verb: on one 100,000-character
    # "sentence" that took ~19 s before sentences were capped
    from assistant.interview.extract import MAX_SENTENCE

    text = "Hij vraagt de vergunning online aan" + " en vraagt het" * 7000
    pairs = offline_pairs(text)
    assert pairs and all(len(answer) <= MAX_SENTENCE for _, answer in pairs)
    # a sentence of ordinary length is read whole
    ordinary = "Hij vraagt de vergunning aan via het omgevingsloket met DigiD."
    assert _pairs(ordinary)["aanleiding"] == ordinary.rstrip(".")


def test_named_activities_are_activities_even_when_archiving_closes_them() -> None:
    pairs = _pairs(
        "De activiteiten zijn: aanvraag registreren, toetsen aan de verordening en besluit "
        "opstellen, en daarna het dossier archiveren."
    )
    assert pairs["activities"].startswith("aanvraag registreren")
    assert "closing_activities" not in pairs
