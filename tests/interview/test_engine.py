"""Slot choice, applying answers, follow-ups, questions, corrections and commands."""

from __future__ import annotations

import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.interview import Deps, InterviewState, next_slot, start, turn
from assistant.interview.slots import SLOTS, slot_vocabulary
from assistant.model import Actor, Channel, CustomerType, ProcessModel, TriggerKind

FESTIVAL = {
    "journey_name": "Organiseren straatfestival",
    "customer": "organisator van een straatfestival",
    "customer_type": "ondernemer",
    "customer_goal": "een vergund festival in de wijk",
    "steps_before": "sponsoring regelen, artiesten boeken",
    "steps_after": "boekingen bevestigen en catering regelen (derde)",
    "aanleiding": "een aanvraag voor een evenementenvergunning",
    "service_name": "regelen vergunning",
    "intake_channels": "online",
    "data_asked": "naam, datum en locatie",
    "documents": "KvK-uittreksel en situatietekening",
    "document_providers": "de klant",
    "document_sources": "KvK-uittreksel: Kamer van Koophandel; situatietekening: de organisator",
    "document_basisregistratie": "ja",
}


def test_slot_vocabulary_is_complete_and_unique() -> None:
    ids = [s.id for s in SLOTS]
    assert len(ids) == len(set(ids))
    for needed in (
        "journey_name",
        "customer",
        "customer_goal",
        "steps_before",
        "steps_after",
        "aanleiding",
        "service_name",
        "gemma_reference",
        "intake_channels",
        "data_asked",
        "documents",
        "reuse",
        "activities",
        "levering_result",
        "levering_channels",
        "closing_activities",
        "statusmeldingen",
        "related_processes",
        "supporting_processes",
        "variants",
        "pain_points",
        "other_services",
    ):
        assert needed in ids
    for entry in slot_vocabulary():
        assert set(entry) >= {"id", "label", "question", "required", "fields"}
        assert entry["fields"]


def test_first_question_is_the_journey_with_why_and_sources(conversation: Any) -> None:
    (event,) = conversation.events
    assert event["type"] == "question" and event["slot"] == "journey_name"
    assert event["why"] and event["sources"] and event["sources"][0]["title"]
    assert event["progress"] == 0


def test_outside_in_order_and_no_repeats(conversation: Any) -> None:
    conversation.answer_until("levering_result", FESTIVAL)
    asked = conversation.state.asked
    assert asked[:6] == [
        "journey_name",
        "customer",
        "customer_goal",
        "steps_before",
        "steps_after",
        "aanleiding",
    ]
    assert asked.index("intake_channels") < asked.index("levering_result")
    assert len(asked) == len(set(asked))
    # the customer type was read from the customer answer, so it was never asked
    assert "customer_type" not in asked
    assert conversation.model.journey.customer.type is CustomerType.ONDERNEMER


def test_filled_slots_are_never_asked(deps: Deps) -> None:
    model = ProcessModel()
    model.journey.name = "Parkeren"
    model.journey.customer.name = "bewoner"
    model.journey.customer.type = CustomerType.INWONER
    state = InterviewState()
    slot = next_slot(model, state)
    assert slot is not None and slot.id == "customer_goal"


def test_document_follow_ups_lead_to_a_basisregistratie(conversation: Any) -> None:
    conversation.answer_until("document_basisregistratie", FESTIVAL)
    question = conversation.events[-1]
    assert "HR" in question["text"] and "KvK-uittreksel" in question["text"]
    conversation.say("ja")
    docs = {d.name: d for d in conversation.model.service.intake.documents}
    assert docs["KvK-uittreksel"].source == "Kamer van Koophandel"
    assert docs["KvK-uittreksel"].basisregistratie == "HR"
    assert docs["KvK-uittreksel"].provided_by is Actor.KLANT


def test_responsibility_asks_legal_basis_and_what_comes_in(conversation: Any) -> None:
    conversation.answer_until("aanleiding", FESTIVAL)
    conversation.say("De gemeente legt jaarlijks een aanslag op; niemand vraagt erom")
    assert conversation.model.service.aanleiding.kind is TriggerKind.VERANTWOORDELIJKHEID
    assert conversation.slot == "legal_basis"
    conversation.answer_until("levering_result", {"documents": "het proces-verbaal van de politie"})
    # no request, but something may still come in (a return, a report): asked as such
    asked = [e["text"] for e in conversation.all_events if e.get("slot") == "intake_channels"]
    assert asked and asked[0].startswith("Dit proces start de gemeente zelf.")
    # nobody asks for it, but the case file can still hold documents (a police report)
    assert "documents" in conversation.state.asked
    (doc,) = conversation.model.service.intake.documents
    assert doc.name == "Het proces-verbaal van de politie"


def test_answer_is_echoed(conversation: Any) -> None:
    conversation.say("Organiseren straatfestival")
    assert any("Organiseren straatfestival" in n for n in conversation.notices())


def test_user_question_is_answered_with_sources_then_resumed(conversation: Any) -> None:
    conversation.say("wat is een deelservice?")
    kinds = [e["type"] for e in conversation.events]
    assert kinds == ["answer", "question"]
    assert "interne klant" in conversation.events[0]["text"]
    assert conversation.events[0]["sources"][0]["title"] == "Deelservice"
    assert conversation.slot == "journey_name"
    assert conversation.state.asked == ["journey_name"]


def test_correction_of_an_actor(conversation: Any) -> None:
    conversation.answer_until("documents", FESTIVAL)
    conversation.say("KvK-uittreksel en situatietekening door de klant")
    conversation.say("nee, dat doet de gemeente zelf")
    assert any("Gecorrigeerd" in n for n in conversation.notices())
    assert all(d.provided_by is Actor.GEMEENTE for d in conversation.model.service.intake.documents)


def test_correction_of_a_value(conversation: Any) -> None:
    conversation.say("Organiseren straatfeest")
    conversation.say("correctie: organiseren straatfestival")
    assert conversation.model.journey.name == "Organiseren straatfestival"
    assert conversation.slot == "customer"


def test_undo_restores_model_and_question(conversation: Any) -> None:
    conversation.say("Organiseren straatfestival")
    conversation.say("organisator van een straatfestival")
    assert conversation.slot == "customer_goal"
    conversation.say("/terug")
    assert conversation.model.journey.customer.name == ""
    assert conversation.slot == "customer"
    conversation.say("een bewoner")
    assert conversation.model.journey.customer.type is CustomerType.INWONER


def test_commands(conversation: Any) -> None:
    conversation.say("/help")
    assert "/terug" in conversation.notices()[0] and conversation.slot == "journey_name"
    conversation.say("/overslaan")
    assert conversation.slot == "customer" and "journey_name" in conversation.state.skipped
    conversation.say("/model")
    assert "Klantreis" in conversation.notices()[0]
    conversation.say("/hint")
    conversation.say("/bestaatniet")
    assert conversation.events[0]["level"] == "warning"
    conversation.say("/terug")
    assert conversation.slot == "journey_name"
    conversation.say("/klaar")
    assert conversation.events[-1]["type"] == "done"
    assert conversation.state.done


def test_whole_interview_completes_within_budget(deps: Deps, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    answers = {
        **FESTIVAL,
        "related_processes": "nee",
        "levering_result": "een vergunning, per e-mail",
        "statusmeldingen": "ontvangstbevestiging",
        "process_name": "behandelen vergunningaanvraag",
        "gemma_reference": "1",
        "activities": "intake, beoordelen, besluiten",
        "closing_activities": "facturatie",
        "supporting_processes": "geen",
        "pain_points": "geen",
        "variants": "nee",
        "other_services": "ontheffing geluid",
        "detail_services": "ja",
        "service_intake": "online",
        "service_levering": "ontheffing per e-mail",
    }
    worst = 0.0
    for _ in range(40):
        if conv.state.done:
            break
        begin = time.perf_counter()
        conv.say(answers.get(conv.slot or "", "weet ik niet"))
        worst = max(worst, time.perf_counter() - begin)
    assert conv.state.done and conv.events[-1]["type"] == "done"
    assert len(conv.state.asked) <= 30
    assert len(conv.state.asked) == len(set(conv.state.asked))
    model = conv.model
    assert model.service.process.gemma_reference is not None
    assert model.service.process.gemma_reference.element_id == "id-1"
    assert model.service.levering.channels == [Channel.EMAIL]
    assert [s.name for s in model.active.services] == ["Regelen vergunning", "Ontheffing geluid"]
    assert model.active.services[1].levering.channels == [Channel.EMAIL]
    assert worst < 0.5


def test_sources_are_cached_per_slot(deps: Deps, retriever: Any, make_conversation: Any) -> None:
    conv = make_conversation(deps)
    conv.say("/help")
    conv.say("/model")
    assert sum(1 for c in retriever.calls if c.startswith("search:")) == 1


def test_pasted_story_fills_slots_and_interview_continues(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    story = (
        "De klantreis heet 'verhuizen naar de stad'. De klant is een inwoner die net verhuisd is. "
        "Vooraf: een woning zoeken, de verhuizing plannen en inpakken. "
        "De klant dient de aanvraag online in via het e-formulier. "
        "Er zijn stukken nodig: een huurcontract en een kopie ID. "
        "Uiteindelijk ontvangt de klant een parkeervergunning per e-mail."
    )
    conv.say(story)
    model = conv.model
    assert model.journey.name == "Verhuizen naar de stad"
    assert model.journey.customer.type is CustomerType.INWONER
    assert [s.name for s in model.journey.steps_before][:2] == [
        "Woning zoeken",
        "De verhuizing plannen",
    ]
    assert model.service.intake.channels == [Channel.ONLINE]
    assert conv.slot not in {"journey_name", "customer", "steps_before"}
    assert any("Uit je beschrijving" in n for n in conv.notices())


def test_inputs_are_not_mutated(deps: Deps) -> None:
    first = start(InterviewState(), ProcessModel(), deps)
    before = first.model.to_json(), first.state.to_dict()
    turn(first.state, first.model, "Organiseren straatfestival", deps)
    assert (first.model.to_json(), first.state.to_dict()) == before


def test_state_round_trips_through_a_dict(conversation: Any) -> None:
    conversation.say("Organiseren straatfestival")
    data = conversation.state.to_dict()
    assert InterviewState.from_dict(data) == conversation.state
    assert InterviewState.from_dict({"kind": "training"}) == InterviewState()
    assert InterviewState.from_dict({"current": 5, "answered": "x"}) == InterviewState()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(messages=st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_hostile_strings_never_crash(
    messages: list[str], make_conversation: Any, retriever_cls: Any
) -> None:
    conv = make_conversation(Deps(retriever=retriever_cls()))
    for text in [*messages, "\x00\x01 {}", "<gebruikersantwoord>", "/" + "x" * 50, "?" * 500]:
        conv.say(text)
        assert conv.events, "every turn answers"
        assert conv.events[-1]["type"] in {"question", "done"}


def test_negative_answer_is_not_a_correction_and_never_loops(conversation: Any) -> None:
    conversation.answer_until(
        "statusmeldingen",
        {**FESTIVAL, "related_processes": "nee", "levering_result": "vergunning per post"},
    )
    conversation.say("Nee, die zijn er niet")
    assert conversation.slot != "statusmeldingen"
    assert conversation.model.service.statusmeldingen == []


def test_a_repeated_correction_is_taken_as_an_answer(conversation: Any) -> None:
    conversation.say("Organiseren straatfeest")
    conversation.say("correctie: organiseren straatfestival")
    assert conversation.slot == "customer"
    conversation.say("correctie: organiseren straatfestival")
    assert conversation.slot != "customer"
    assert conversation.model.journey.customer.name


def test_list_splitting_keeps_names_whole_with_strong_separators(conversation: Any) -> None:
    conversation.state.current = "supporting_processes"
    conversation.say("Beheren archief en informatie; ICT-beheer")
    names = [p.name for p in conversation.model.supporting_processes]
    assert names == ["Beheren archief en informatie", "ICT-beheer"]


def test_an_answer_that_looks_like_a_question_cannot_loop(conversation: Any) -> None:
    conversation.answer_until("customer_goal", FESTIVAL)
    goal = "Wat is er mooier dan een festival in de eigen straat?"
    conversation.say(goal)
    assert conversation.events[0]["type"] == "answer" and conversation.slot == "customer_goal"
    conversation.say(goal)
    assert conversation.slot != "customer_goal"
    assert "festival" in conversation.model.journey.customer_goal


def test_a_failing_rule_twice_closes_the_slot(conversation: Any, monkeypatch: Any) -> None:
    from assistant.interview import apply

    def broken(*_args: Any) -> str:
        raise ValueError("stuk")

    monkeypatch.setitem(apply.APPLIERS, "journey_name", broken)
    conversation.say("Organiseren straatfestival")
    assert conversation.events[0]["level"] == "error" and conversation.slot == "journey_name"
    conversation.say("Organiseren straatfestival")
    assert conversation.slot == "customer" and "journey_name" in conversation.state.unknown


def test_sources_behind_answered_questions_are_cited_in_the_model(conversation: Any) -> None:
    conversation.say("Organiseren straatfestival")
    conversation.say("organisator (ondernemer)")
    titles = [s.title for s in conversation.model.sources]
    assert titles == ["Procesarchitectuur"]  # the fake returns one passage; no duplicates


def test_a_channel_named_in_the_trigger_is_a_first_guess(conversation: Any) -> None:
    conversation.answer_until("aanleiding", FESTIVAL)
    conversation.say("de dochter meldt een hulpvraag bij het Wmo-loket")
    assert conversation.model.service.intake.channels == [Channel.BALIE]
    conversation.answer_until("intake_channels", {"service_name": "hulp thuis"})
    assert "balie" in conversation.events[-1]["text"]
    conversation.say("telefonisch via het KCC of via het webformulier")
    assert conversation.model.service.intake.channels == [Channel.TELEFOON, Channel.ONLINE]
    assert conversation.slot == "data_asked"


def test_an_internal_customers_unnamed_trigger_is_an_internal_need(conversation: Any) -> None:
    conversation.answer_until("aanleiding", {**FESTIVAL, "customer": "medewerkers (intern)"})
    conversation.say("een medewerker heeft een probleem en belt de servicedesk")
    assert conversation.model.service.aanleiding.kind is TriggerKind.INTERNE_BEHOEFTE


LONG_PAIN = (
    "Mensen weten niet waar ze moeten beginnen. Ze bellen drie keer voordat ze bij de "
    "juiste afdeling uitkomen, en elke keer moeten ze hun verhaal opnieuw doen. Daarna "
    "duurt het wekenlang voordat er iets gebeurt, en niemand laat in de tussentijd iets "
    "horen over de stand van zaken. Dat geeft veel onrust bij de aanvragers."
)


def test_a_long_answer_is_an_answer_not_a_story(conversation: Any) -> None:
    conversation.state.current = "pain_points"
    assert len(LONG_PAIN) >= 250
    conversation.say(LONG_PAIN)
    assert conversation.slot != "pain_points"
    assert len(conversation.model.journey.pain_points) == 4
    assert conversation.model.journey.pain_points[0] == "Mensen weten niet waar ze moeten beginnen"


def test_the_same_story_twice_for_one_slot_is_taken_as_the_answer(
    deps: Deps, make_conversation: Any
) -> None:
    conv = make_conversation(deps)
    story = (
        "De klant is een inwoner. Vooraf: een woning zoeken en inpakken. "
        "De klant dient de aanvraag online in via het e-formulier. "
        "Uiteindelijk ontvangt de klant een parkeervergunning per e-mail, en dat gaat snel. "
        "Knelpunt: het formulier vraagt gegevens die de gemeente al heeft."
    )
    assert len(story) >= 250
    conv.say(story)
    assert conv.slot == "journey_name" and conv.model.journey.customer.name
    conv.say(story)
    assert conv.slot != "journey_name" and conv.model.journey.name


def test_no_after_a_question_that_invites_no_is_an_answer(conversation: Any) -> None:
    conversation.state.current = "variants"
    conversation.state.last_slot = "pain_points"
    conversation.say("nee, dat doen we al zo goed als het kan")
    assert conversation.slot != "variants"
    assert not any("Gecorrigeerd" in n for n in conversation.notices())
    assert len(conversation.model.variants) == 1


def test_a_follow_up_answered_with_nee_is_an_answer(conversation: Any) -> None:
    conversation.answer_until("documents", FESTIVAL)
    conversation.say("KvK-uittreksel en situatietekening")
    assert conversation.slot == "document_providers"
    conversation.say("nee, die haalt de gemeente zelf op")
    assert conversation.slot != "document_providers"
    assert all(d.provided_by is Actor.GEMEENTE for d in conversation.model.service.intake.documents)


def test_not_applicable_on_a_list_means_none_and_a_hedge_keeps_the_answer(
    conversation: Any,
) -> None:
    conversation.answer_until("intake_channels", FESTIVAL)
    conversation.say("weet ik niet precies, maar waarschijnlijk via de balie")
    assert conversation.model.service.intake.channels == [Channel.BALIE]
    conversation.answer_until("documents", FESTIVAL)
    conversation.say("n.v.t.")
    assert "documents" in conversation.state.answered
    assert "documents" not in conversation.state.unknown


def test_answers_told_as_sentences_keep_only_the_content(conversation: Any) -> None:
    conversation.state.current = "levering_result"
    conversation.say("Ze krijgen een besluit per post binnen zes weken")
    levering = conversation.model.service.levering
    assert (levering.result, levering.channels, levering.moment) == (
        "Besluit",
        [Channel.POST],
        "binnen zes weken",
    )
    conversation.state.current = "pain_points"
    conversation.say("1) lange wachttijd 2) onduidelijke brieven")
    assert conversation.model.journey.pain_points == ["Lange wachttijd", "Onduidelijke brieven"]


def test_a_moment_with_an_adverb_leaves_the_result_clean(conversation: Any) -> None:
    conversation.state.current = "levering_result"
    conversation.say("een beschikking (toe- of afwijzing), meestal binnen 8 weken")
    levering = conversation.model.service.levering
    assert (levering.result, levering.moment) == (
        "Beschikking (toe- of afwijzing)",
        "binnen 8 weken",
    )


def test_a_source_that_holds_its_own_papers_is_named(conversation: Any) -> None:
    conversation.answer_until("document_sources", FESTIVAL)
    conversation.say("de getuigen zelf")
    sources = {d.source for d in conversation.model.service.intake.documents if d.source}
    assert sources == {"De getuigen zelf"}


def test_values_a_script_writes_as_yaml_or_python(conversation: Any) -> None:
    conversation.answer_until("documents", FESTIVAL)
    conversation.say("['situatietekening', 'verzekeringsbewijs']")
    names = [d.name for d in conversation.model.service.intake.documents]
    assert names == ["Situatietekening", "Verzekeringsbewijs"]
    conversation.state.current = "related_processes"
    conversation.say("False")
    assert conversation.model.related_processes == []
    conversation.state.current = "variants"
    conversation.say("False")
    assert len(conversation.model.variants) == 1
    conversation.state.current = "pain_points"
    conversation.say("None")
    assert "pain_points" in conversation.state.unknown


def test_an_answer_labelled_with_what_was_asked_keeps_only_the_value(conversation: Any) -> None:
    conversation.say("Klantreis: Verhuizen")
    conversation.say("Klant: de inwoner")
    assert conversation.model.journey.name == "Verhuizen"
    assert conversation.model.journey.customer.name == "De inwoner"
    conversation.answer_until("document_sources", FESTIVAL)
    conversation.say("KvK-uittreksel: Kamer van Koophandel")
    docs = {d.name: d.source for d in conversation.model.service.intake.documents}
    assert docs["KvK-uittreksel"] == "Kamer van Koophandel"


def test_reference_search_gets_the_trigger_only_when_the_name_alone_fails(
    make_conversation: Any,
) -> None:
    from tests.interview.conftest import FakeReference, FakeRetriever

    class Picky(FakeRetriever):
        def suggest_references(self, text: str, k: int = 3) -> list[FakeReference]:
            self.calls.append(f"suggest:{text}")
            name = "Behandelen melding"
            if "klacht" in text and "(" not in text:
                name = "Behandelen klacht"
            elif "(aanvraag)" in text:
                name = "Behandelen aanvraag vergunning of ontheffing"
            return [FakeReference("id", name, "bedrijfsproces", 0.5, "u", "p", None)][:k]

    for process, trigger, expected in [
        ("Behandelen kapaanvraag", "een aanvraag om te kappen", "Behandelen aanvraag vergunning"),
        ("Behandelen klacht", "een klacht over een medewerker", "Behandelen klacht"),
    ]:
        conv = make_conversation(Deps(retriever=Picky()))
        conv.answer_until(
            "gemma_reference",
            {
                **FESTIVAL,
                "aanleiding": trigger,
                "process_name": process,
                "related_processes": "nee",
            },
        )
        assert expected in conv.events[-1]["text"]


def test_reused_data_matches_the_data_asked_by_whole_words(conversation: Any) -> None:
    conversation.answer_until("data_asked", FESTIVAL)
    conversation.say("Adres van de woning; Naam en telefoonnummer")
    conversation.answer_until("related_processes", FESTIVAL)
    conversation.say("eerst een informatievraag")
    assert conversation.slot == "reuse"
    conversation.say("adres, naam en telefoonnummer")
    data = conversation.model.service.intake.data_asked
    assert [d.name for d in data] == ["Adres van de woning", "Naam en telefoonnummer"]
    assert all(d.reused_from and d.provided_by is Actor.GEMEENTE for d in data)


def test_gathering_variant_moves_what_others_hold_not_what_only_the_customer_has(
    conversation: Any,
) -> None:
    conversation.answer_until("variants", FESTIVAL)
    assert conversation.slot == "variants"
    conversation.say("ja, de gemeente verzamelt de stukken zelf")
    assert len(conversation.model.variants) == 2
    docs = {
        d.name: d.provided_by.value
        for d in conversation.model.variants[1].services[0].intake.documents
    }
    assert docs == {"KvK-uittreksel": "gemeente", "Situatietekening": "klant"}
    # the current way of working is left as it was
    before = conversation.model.variants[0].services[0].intake.documents
    assert {d.provided_by.value for d in before} == {"klant"}


def test_gathering_variant_that_names_documents_moves_those(conversation: Any) -> None:
    conversation.answer_until("variants", FESTIVAL)
    conversation.say("ja: de gemeente vraagt de situatietekening zelf op")
    docs = {
        d.name: d.provided_by.value
        for d in conversation.model.variants[1].services[0].intake.documents
    }
    assert docs == {"KvK-uittreksel": "klant", "Situatietekening": "gemeente"}


def test_every_follow_up_at_once_stays_within_the_question_budget(
    deps: Deps, make_conversation: Any
) -> None:
    from assistant.interview.engine import QUESTION_BUDGET

    conv = make_conversation(deps)
    answers = {
        **FESTIVAL,
        "customer": "de initiatiefnemer",
        "customer_type": "inwoner",
        "documents": "KvK-uittreksel en situatietekening",
        "document_providers": "de klant",
        "document_sources": "KvK-uittreksel: Kamer van Koophandel",
        "document_basisregistratie": "ja",
        "related_processes": "ja, een informatievraag gaat eraan vooraf",
        "reuse": "naam en adres",
        "levering_result": "een vergunning",
        "levering_channels": "per e-mail",
        "statusmeldingen": "ontvangstbevestiging",
        "process_name": "behandelen vergunningaanvraag",
        "gemma_reference": "1",
        "activities": "intake, beoordelen, besluiten",
        "closing_activities": "archiveren",
        "supporting_processes": "beheren archief",
        "supporting_details": "interne klant: team Vergunningen; deelservice: dossier archiveren",
        "pain_points": "het duurt lang",
        "variants": "ja, de gemeente verzamelt de stukken",
        "other_services": "ontheffing geluid en een verkeersbesluit",
        "detail_services": "ja",
        "service_intake": "online",
        "service_levering": "per e-mail",
    }
    for _ in range(60):
        if conv.state.done:
            break
        conv.say(answers.get(conv.slot or "", "weet ik niet"))
    assert conv.state.done
    asked = conv.state.asked
    assert len(asked) <= QUESTION_BUDGET
    # the follow-ups came first until the budget ran short; every required question was asked
    required = {s.id for s in SLOTS if s.required} - {"intake_channels"}
    assert required <= set(asked) | set(conv.state.answered), required - set(asked)
    assert "customer_type" in asked and "reuse" in asked, " ".join(asked)
    # without the budget this interview asks 31 questions: the last optional one gives way
    assert "service_levering" not in asked
