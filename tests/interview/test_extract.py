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
