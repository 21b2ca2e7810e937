"""Personas, numbered references, legal bases and a novice's GEMMA terms (the seventh round
of unseen scenarios)."""

from __future__ import annotations

from typing import Any

from assistant.interview import Deps, parse
from assistant.interview.patch import offline_patch
from assistant.model import Actor, SupportKind


def test_numbered_documents_and_references_by_number(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until("documents", {"journey_name": "Jubileumfeest", "customer": "een vereniging"})
    conv.say(
        "drie stukken: (1) kopie Verklaring Sociale Hygiëne, (2) plattegrond van de tent, "
        "schaal 1:100, (3) IVA-certificaten"
    )
    names = [d.name for d in conv.model.service.intake.documents]
    assert names == [
        "Kopie Verklaring Sociale Hygiëne",
        "Plattegrond van de tent, schaal 1:100",
        "IVA-certificaten",
    ]
    conv.say("1 en 3 levert de vereniging zelf, 2 stuurt de tentverhuurder rechtstreeks")
    providers = [d.provided_by for d in conv.model.service.intake.documents]
    assert providers == [Actor.KLANT, Actor.DERDE, Actor.KLANT]
    conv.say("1: de SVH; 3: het e-learningplatform")
    sources = [d.source for d in conv.model.service.intake.documents]
    assert sources[0] == "De SVH" and sources[2] == "Het e-learningplatform"


def test_the_legal_basis_is_asked_for_a_request_unless_already_said(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    conv.answer_until("aanleiding", {"journey_name": "Bijstand", "customer": "een inwoner"})
    conv.say("Zij vraagt zelf bijstand aan.")
    assert conv.slot == "legal_basis"
    conv.say("De Participatiewet")
    assert conv.model.service.aanleiding.legal_basis == "De Participatiewet"
    conv = make_conversation(deps)
    conv.answer_until("aanleiding", {"journey_name": "Feest", "customer": "een vereniging"})
    conv.say("aanvraag ontheffing art. 35 Alcoholwet door de secretaris")
    assert conv.model.service.aanleiding.legal_basis == "art. 35 Alcoholwet"
    assert conv.slot != "legal_basis"


def test_a_novice_s_labels_do_not_decide_where_facts_go(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.answer_until("service_name", {"journey_name": "Paspoort kwijt", "customer": "inwoner"})
    conv.say(
        "De bedrijfsservice is het proces 'behandelen verklaring van vermissing', denk ik. Op "
        "de website staat het als 'paspoort kwijt of gestolen melden'."
    )
    assert conv.model.service.name == "Paspoort kwijt of gestolen melden"
    items = offline_patch(
        "Een pasfoto en een ander identiteitsbewijs. Dat is eigenlijk het ondersteunende proces."
    ).items
    assert [i.name for i in items] == ["pasfoto", "ander identiteitsbewijs"]
    conv.answer_until("supporting_processes", {})
    conv.say(
        "Ondersteunend proces: de klant zelf, want die levert alles aan. Verder intern: het "
        "beheer van de blanco documenten, en Financiën voor de kasafstemming."
    )
    procs = [(p.name, p.kind) for p in conv.model.supporting_processes]
    assert procs == [
        ("Het beheer van de blanco documenten", SupportKind.ONDERSTEUNEND),
        ("Financiën voor de kasafstemming", SupportKind.ONDERSTEUNEND),
    ]
    conv.say(
        "De interne klant van allebei is het baliteam Burgerzaken. Het kluisbeheer levert de "
        "deelservice 'blanco documenten beschikbaar hebben', Financiën de deelservice 'kas "
        "afstemmen'."
    )
    details = [(p.internal_customer, p.deelservice) for p in conv.model.supporting_processes]
    assert details == [
        ("Het baliteam Burgerzaken", "Blanco documenten beschikbaar hebben"),
        ("Het baliteam Burgerzaken", "Kas afstemmen"),
    ]


def test_a_persona_s_steps_are_steps() -> None:
    items = offline_patch(
        "Zij zoekt eerst op internet of ze recht heeft op bijstand, dan schrijft ze zich in "
        "als werkzoekende"
    ).items
    assert items[0].name == "Zij zoekt eerst op internet of ze recht heeft op bijstand"
    assert parse.is_remark("die haalt de gemeente zelf op")
