"""The slot vocabulary: what the interview asks, why, and which model fields it fills.

Slots are listed outside-in, the order a process designer walks a journey: the
customer's journey first, then the trigger and the service, intake, levering, the
inside of the process, and finally reflection (pain points, variants, other services).
A slot is asked when it ``applies`` to the model so far and is not yet ``filled``;
follow-up slots (``follows``) only apply once the answer they depend on opened them.
The functions that write answers into the model live in ``apply.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.model import Actor, Bedrijfsservice, CustomerType, ProcessModel, TriggerKind

if TYPE_CHECKING:
    from assistant.interview.state import InterviewState

Predicate = Callable[[ProcessModel, "InterviewState"], bool]


def main_service(model: ProcessModel) -> Bedrijfsservice:
    return model.active.services[0] if model.active.services else Bedrijfsservice()


def extra_services(model: ProcessModel) -> list[Bedrijfsservice]:
    return list(model.active.services[1:])


def _always(_m: ProcessModel, _s: InterviewState) -> bool:
    return True


@dataclass(frozen=True)
class Slot:
    id: str
    label: str
    question: str
    why: str
    fields: tuple[str, ...]
    phase: str
    query: str
    required: bool = True
    kind: str = "text"  # text | list | channels | yesno | choice
    filled: Predicate = _always
    applies: Predicate = _always
    follows: str | None = None
    examples: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "question": self.question,
            "why": self.why,
            "required": self.required,
            "fields": list(self.fields),
            "phase": self.phase,
            "kind": self.kind,
            "follows": self.follows,
        }


def _answered(slot_id: str) -> Predicate:
    return lambda _m, s: slot_id in s.answered


def _docs_without_actor(m: ProcessModel, s: InterviewState) -> bool:
    docs = main_service(m).intake.documents
    explicit = set(s.pending.get("docs_with_actor", []))
    return bool(docs) and any(d.id not in explicit for d in docs)


def _klant_docs_without_source(m: ProcessModel, _s: InterviewState) -> bool:
    return any(
        d.provided_by is Actor.KLANT and not d.source for d in main_service(m).intake.documents
    )


def _registry_candidates(m: ProcessModel, s: InterviewState) -> bool:
    return bool(s.pending.get("registry_candidates"))


def _related_without_reuse(m: ProcessModel, _s: InterviewState) -> bool:
    return any(not r.reused_data for r in m.related_processes)


def _supporting_open(m: ProcessModel, _s: InterviewState) -> bool:
    return any(not (p.internal_customer and p.deelservice) for p in m.supporting_processes)


def _has_other_services(m: ProcessModel, _s: InterviewState) -> bool:
    return bool(m.other_services)


def _extra_without_intake(m: ProcessModel, _s: InterviewState) -> bool:
    return any(not s.intake.channels for s in extra_services(m))


def _extra_without_levering(m: ProcessModel, _s: InterviewState) -> bool:
    return any(not s.levering.result for s in extra_services(m))


SLOTS: tuple[Slot, ...] = (
    # --- the journey ----------------------------------------------------------------------
    Slot(
        "journey_name",
        "Klantreis",
        "Hoe heet de klantreis waar deze dienst deel van uitmaakt, gezien vanuit de klant? "
        "Bijvoorbeeld 'organiseren straatfestival'.",
        "Het gemeentelijke proces is maar één stap in de reis van de klant; die reis bepaalt "
        "hoe het proces moet beginnen en eindigen.",
        ("journey.name",),
        "klantreis",
        "klantreis groter proces van de klant",
        filled=lambda m, s: bool(m.journey.name),
    ),
    Slot(
        "customer",
        "Klant",
        "Wie is de klant in deze reis? Beschrijf de klant en zeg erbij of het een inwoner, "
        "ondernemer, instelling, de maatschappij of een interne klant (afdeling) is.",
        "In GEMMA is 'klant' ruim: ook de maatschappij of een interne afdeling kan klant "
        "zijn, en dat bepaalt de hele insteek van het proces.",
        ("journey.customer.name", "journey.customer.type"),
        "klantreis",
        "klant ruim begrip maatschappij interne klant",
        filled=lambda m, s: bool(m.journey.customer.name),
    ),
    Slot(
        "customer_type",
        "Soort klant",
        "Wat voor klant is dat: een inwoner, ondernemer, instelling, de maatschappij of een "
        "interne klant?",
        "Het soort klant bepaalt kanalen, taal en welke basisregistraties over de klant gaan.",
        ("journey.customer.type",),
        "klantreis",
        "soort klant inwoner ondernemer",
        required=False,
        follows="customer",
        filled=lambda m, s: m.journey.customer.type is not CustomerType.ONBEKEND,
        applies=lambda m, s: "customer" in s.answered,
    ),
    Slot(
        "customer_goal",
        "Doel van de klant",
        "Wat wil de klant uiteindelijk bereiken met deze reis?",
        "Je bedient de klant pas goed als je het doel achter het product kent, niet alleen "
        "het product zelf.",
        ("journey.customer_goal",),
        "klantreis",
        "doel van de klant klantreis",
        filled=lambda m, s: bool(m.journey.customer_goal),
    ),
    Slot(
        "steps_before",
        "Stappen vooraf",
        "Wat doet de klant (of een ander) vóórdat hij bij de gemeente aanklopt? Noem de "
        "stappen in volgorde, bijvoorbeeld 'sponsoring regelen, artiesten boeken'.",
        "Wat vooraf gaat valt buiten het blikveld van de gemeente, maar bepaalt wat de klant "
        "al heeft en weet bij de intake.",
        ("journey.steps_before[].name", "journey.steps_before[].actor"),
        "klantreis",
        "stappen voorafgaand aan het gemeentelijke proces klantreis",
        kind="list",
        filled=lambda m, s: bool(m.journey.steps_before),
    ),
    Slot(
        "steps_after",
        "Stappen erna",
        "En wat doet de klant ná de levering door de gemeente? Noem de vervolgstappen.",
        "Wat erna komt bepaalt wanneer en in welke vorm de levering de klant echt helpt.",
        ("journey.steps_after[].name", "journey.steps_after[].actor"),
        "klantreis",
        "stappen na het gemeentelijke proces vervolg klantreis",
        kind="list",
        filled=lambda m, s: bool(m.journey.steps_after),
    ),
    # --- trigger and service --------------------------------------------------------------
    Slot(
        "aanleiding",
        "Aanleiding",
        "Wat zet het proces bij de gemeente in gang: een verzoek van de klant (een aanvraag, "
        "melding of vraag), of begint de gemeente zelf vanuit een verantwoordelijkheid, zoals "
        "bij het heffen van belasting?",
        "Een proces dat start op verzoek heeft een intake bij de klant; een proces uit eigen "
        "verantwoordelijkheid niet, en dat verandert het ontwerp.",
        ("variants[].services[].aanleiding.kind", "variants[].services[].aanleiding.description"),
        "aanleiding",
        "aanleiding verzoek verantwoordelijkheid gemeente",
        filled=lambda m, s: main_service(m).aanleiding.kind is not TriggerKind.ONBEKEND,
    ),
    Slot(
        "legal_basis",
        "Wettelijke grondslag",
        "Op welke wet, wettelijke taak of verordening rust dit, bijvoorbeeld de "
        "Participatiewet, de Omgevingswet of de APV? Zeg 'weet ik niet' als je het niet weet.",
        "Bij een proces zonder verzoek is de wettelijke grondslag de eigenlijke 'klantvraag'; "
        "bij een aanvraag bepaalt de wet de toets en de termijnen.",
        ("variants[].services[].aanleiding.legal_basis",),
        "aanleiding",
        "verantwoordelijkheid wettelijke taak belasting heffen",
        required=False,
        follows="aanleiding",
        filled=lambda m, s: bool(main_service(m).aanleiding.legal_basis),
    ),
    Slot(
        "service_name",
        "Bedrijfsservice",
        "Hoe noemt de klant deze dienst van de gemeente, gezien als een zwarte doos van "
        "buitenaf? Bijvoorbeeld 'regelen vergunning'.",
        "Een bedrijfsservice benoem je vanuit de klant; zo blijft het ontwerp gericht op wat "
        "de klant ervaart in plaats van op de interne organisatie.",
        ("variants[].services[].name",),
        "dienst",
        "bedrijfsservice dienst vanuit de klant",
        filled=lambda m, s: bool(main_service(m).name),
    ),
    # --- intake ---------------------------------------------------------------------------
    Slot(
        "intake_channels",
        "Kanalen intake",
        "Via welke kanalen dient de klant het verzoek in: online (e-formulier), balie, "
        "telefoon, e-mail, post of app?",
        "De intake moet aansluiten op waar de klant vandaan komt in zijn reis.",
        ("variants[].services[].intake.channels", "variants[].services[].intake.form"),
        "intake",
        "intake kanaal formulier",
        kind="channels",
        filled=lambda m, s: (
            bool(main_service(m).intake.channels) and not s.pending.get("channels_tentative")
        ),
    ),
    Slot(
        "data_asked",
        "Gevraagde gegevens",
        "Welke gegevens zijn nodig om te beginnen (bijvoorbeeld naam, adres, datum en "
        "locatie)? Zeg erbij als een gegeven uit een registratie komt.",
        "Elk gegeven dat je de klant vraagt kost hem moeite; wat de gemeente al heeft hoeft "
        "niet opnieuw gevraagd te worden.",
        ("variants[].services[].intake.data_asked[].name",),
        "intake",
        "gegevens intake hergebruik basisregistratie",
        kind="list",
        filled=lambda m, s: bool(main_service(m).intake.data_asked),
    ),
    Slot(
        "documents",
        "Benodigde stukken",
        "Welke stukken (documenten) zijn nodig voor de behandeling? Zeg 'geen' als er geen "
        "stukken nodig zijn.",
        "Stukken verzamelen kost de klant vaak veel tijd en geld; daar zit meestal de "
        "grootste winst voor de klant. Ook als de gemeente zelf begint, horen de stukken in "
        "het dossier (een rapport, een proces-verbaal).",
        ("variants[].services[].intake.documents[].name",),
        "intake",
        "stukken verzamelen door de klant documenten",
        kind="list",
        filled=lambda m, s: bool(main_service(m).intake.documents),
    ),
    Slot(
        "document_providers",
        "Wie levert de stukken",
        "Wie verzamelt en levert die stukken aan: de klant zelf, de gemeente of een derde?",
        "Als de klant de stukken zelf moet verzamelen, is dat werk dat de gemeente de klant "
        "misschien uit handen kan nemen.",
        ("variants[].services[].intake.documents[].provided_by",),
        "intake",
        "klant verzamelt stukken gemeente neemt verzamelen over",
        required=False,
        follows="documents",
        filled=lambda m, s: False,
        applies=_docs_without_actor,
    ),
    Slot(
        "document_sources",
        "Bron van de stukken",
        "Wie heeft die stukken nog meer in beheer (de bron)? Bijvoorbeeld 'de Kamer van "
        "Koophandel' of 'de politie'.",
        "Wat een ander al in beheer heeft, kan de gemeente vaak zelf opvragen in plaats van "
        "het de klant te laten halen.",
        ("variants[].services[].intake.documents[].source",),
        "intake",
        "bron stukken gemeente verzamelt zelf",
        required=False,
        follows="document_providers",
        filled=lambda m, s: False,
        applies=_klant_docs_without_source,
    ),
    Slot(
        "document_basisregistratie",
        "Basisregistratie",
        "Kan de gemeente dat zelf uit de basisregistratie halen? (ja/nee)",
        "Gegevens uit een basisregistratie hoeft de klant niet aan te leveren; de gemeente "
        "is zelfs verplicht ze daar te gebruiken.",
        ("variants[].services[].intake.documents[].basisregistratie",),
        "intake",
        "basisregistratie gegevens niet opnieuw vragen",
        required=False,
        kind="yesno",
        follows="document_sources",
        filled=lambda m, s: False,
        applies=_registry_candidates,
    ),
    Slot(
        "related_processes",
        "Gerelateerde processen",
        "Komt de klant hiervoor eerder bij de gemeente, bijvoorbeeld met een vraag om "
        "informatie, of volgt er een ander proces op? Noem die processen, of zeg 'nee'.",
        "Twee processen die op elkaar volgen moeten elk netjes worden afgerond, en gegevens "
        "uit het eerste kun je in het tweede hergebruiken.",
        ("related_processes[].name", "related_processes[].relation"),
        "intake",
        "gerelateerde processen informatie inwinnen hergebruik gegevens",
        kind="list",
        filled=lambda m, s: bool(m.related_processes),
    ),
    Slot(
        "reuse",
        "Hergebruik",
        "Welke gegevens uit dat eerdere proces kun je hergebruiken, zodat de klant ze niet "
        "opnieuw hoeft te geven?",
        "Hergebruik van gegevens uit een eerder proces spaart de klant werk en voorkomt "
        "tegenstrijdige gegevens.",
        (
            "related_processes[].reused_data",
            "variants[].services[].intake.data_asked[].reused_from",
        ),
        "intake",
        "hergebruik gegevens eerder proces",
        kind="list",
        required=False,
        follows="related_processes",
        filled=lambda m, s: False,
        applies=_related_without_reuse,
    ),
    # --- levering -------------------------------------------------------------------------
    Slot(
        "levering_result",
        "Resultaat",
        "Wat levert het proces de klant op? Bijvoorbeeld 'een vergunning (besluit)' of 'een "
        "aanslagbiljet'.",
        "De levering moet aansluiten op wat de klant daarna in zijn reis gaat doen.",
        ("variants[].services[].levering.result", "variants[].services[].levering.moment"),
        "levering",
        "levering resultaat aan de klant",
        filled=lambda m, s: bool(main_service(m).levering.result),
    ),
    Slot(
        "levering_channels",
        "Kanaal levering",
        "Via welk kanaal ontvangt de klant dat resultaat (online, post, e-mail, balie …)?",
        "Het leveringskanaal bepaalt of de klant direct verder kan met de volgende stap.",
        ("variants[].services[].levering.channels",),
        "levering",
        "levering kanaal",
        kind="channels",
        filled=lambda m, s: bool(main_service(m).levering.channels),
    ),
    Slot(
        "statusmeldingen",
        "Statusmeldingen",
        "Welke statusmeldingen krijgt de klant tussen intake en levering, bijvoorbeeld een "
        "ontvangstbevestiging? Zeg 'geen' als die er niet zijn.",
        "Elk deelproces kan de klant een statusmelding sturen; zo weet de klant waar hij aan "
        "toe is.",
        ("variants[].services[].statusmeldingen[].name",),
        "levering",
        "statusmelding deelproces ontvangstbevestiging",
        kind="list",
        filled=lambda m, s: bool(main_service(m).statusmeldingen),
    ),
    # --- the inside -----------------------------------------------------------------------
    Slot(
        "process_name",
        "Bedrijfsproces",
        "Hoe heet het bedrijfsproces dat deze dienst van binnenuit realiseert? Bijvoorbeeld "
        "'behandelen vergunningaanvraag'.",
        "Het bedrijfsproces is de binnenkant van de bedrijfsservice; met een naam kun je het "
        "koppelen aan het GEMMA-referentieproces.",
        ("variants[].services[].process.name",),
        "binnenkant",
        "bedrijfsproces realiseert bedrijfsservice",
        filled=lambda m, s: bool(main_service(m).process.name),
    ),
    Slot(
        "gemma_reference",
        "GEMMA-referentieproces",
        "Welk GEMMA-referentieproces specialiseert dit proces?",
        "Koppeling aan het referentieproces maakt GEMMA-bouwstenen, bedrijfsfunctie en "
        "applicaties herbruikbaar voor dit ontwerp.",
        (
            "variants[].services[].process.gemma_reference",
            "variants[].services[].process.bedrijfsfunctie",
        ),
        "binnenkant",
        "GEMMA referentieproces processenlandschap bedrijfsproces",
        kind="choice",
        filled=lambda m, s: main_service(m).process.gemma_reference is not None,
    ),
    Slot(
        "activities",
        "Activiteiten",
        "Welke activiteiten voert de gemeente uit tussen intake en levering, in volgorde? "
        "Zet er de zwembaan bij als je die weet (klant, frontoffice, backoffice, ketenpartner).",
        "Activiteiten in zwembanen laten zien wie wat doet en waar het werk van hand wisselt.",
        ("variants[].services[].activities[].name", "variants[].services[].activities[].lane"),
        "binnenkant",
        "activiteiten zwembanen deelprocessen intaken behandelen besluiten",
        kind="list",
        filled=lambda m, s: any(a.kind.value != "afsluitend" for a in main_service(m).activities),
    ),
    Slot(
        "closing_activities",
        "Afsluitende activiteiten",
        "Zijn er na de levering nog afsluitende activiteiten, zoals facturatie of "
        "archiveren? Noem ze, of zeg 'nee'.",
        "Levering is niet altijd de laatste stap: daarna kan nog gefactureerd of "
        "gearchiveerd worden.",
        ("variants[].services[].activities[kind=afsluitend].name",),
        "binnenkant",
        "afsluitende activiteiten facturatie na levering",
        kind="list",
        filled=lambda m, s: bool(main_service(m).closing_activities),
    ),
    Slot(
        "supporting_processes",
        "Ondersteunende processen",
        "Welke ondersteunende of sturende processen zijn nodig voor deze dienst, bijvoorbeeld "
        "'beheren archief en informatie'? Zeg 'geen' als je die niet wilt vastleggen.",
        "Ondersteunende processen leveren aan een interne klant; ook daar helpt het om te "
        "weten wat die klant nodig heeft.",
        ("supporting_processes[].name", "supporting_processes[].kind"),
        "binnenkant",
        "sturende en ondersteunende processen interne klant deelservice",
        kind="list",
        filled=lambda m, s: bool(m.supporting_processes),
    ),
    Slot(
        "supporting_details",
        "Interne klant en deelservice",
        "Wie is de interne klant van dat ondersteunende proces, en welke deelservice levert het "
        "die klant? Bijvoorbeeld 'afdeling Vergunningen; deelservice archiveren dossier'.",
        "Diensten aan interne klanten zijn deelservices; met klant en deelservice erbij is "
        "een ondersteunend proces net zo te verbeteren als een primair proces.",
        ("supporting_processes[].internal_customer", "supporting_processes[].deelservice"),
        "binnenkant",
        "deelservice interne klant ondersteunend proces",
        required=False,
        follows="supporting_processes",
        filled=lambda m, s: False,
        applies=_supporting_open,
    ),
    # --- reflection -----------------------------------------------------------------------
    Slot(
        "pain_points",
        "Knelpunten",
        "Waar loopt de klant nu tegenaan in deze reis (knelpunten)? Zeg 'geen' als die niet "
        "bekend zijn.",
        "Knelpunten van de klant wijzen de verbeteringen aan; zo ontstond in GEMMA's "
        "voorbeeld de verbeterde procesvariant.",
        ("journey.pain_points",),
        "reflectie",
        "knelpunten klanttevredenheid procesverbetering",
        kind="list",
        filled=lambda m, s: bool(m.journey.pain_points),
    ),
    Slot(
        "variants",
        "Procesvariant",
        "Is er naast de huidige werkwijze een gewenste variant, bijvoorbeeld dat de gemeente "
        "de stukken verzamelt in plaats van de klant? Beschrijf die kort, of zeg 'nee'.",
        "Varianten naast elkaar maken zichtbaar hoeveel moeite een ontwerp de klant kost.",
        ("variants[].name", "variants[].status", "variants[].description"),
        "reflectie",
        "procesvariant huidig gewenst verbeterd",
        kind="yesno",
        filled=lambda m, s: len(m.variants) > 1,
    ),
    Slot(
        "other_services",
        "Andere diensten in de reis",
        "Heeft de klant in deze reis nog andere diensten van de gemeente nodig, bijvoorbeeld "
        "een ontheffing of een verkeersmaatregel? Noem ze, of zeg 'nee'.",
        "Eén klantreis raakt vaak meerdere gemeentelijke diensten; samen bepalen ze hoeveel "
        "loketten de klant afloopt.",
        ("other_services",),
        "reflectie",
        "meerdere bedrijfsservices in een klantreis",
        kind="list",
        filled=lambda m, s: bool(m.other_services) or len(m.active.services) > 1,
    ),
    Slot(
        "detail_services",
        "Diensten uitwerken",
        "Wil je een of meer van die diensten uitwerken met een eigen intake en levering? Noem "
        "ze, zeg 'ja' voor allemaal, of 'nee'.",
        "Elke dienst heeft een eigen intake en levering; uitgewerkt zie je waar de klant "
        "dezelfde gegevens meermaals moet geven.",
        ("variants[].services[].name",),
        "reflectie",
        "bedrijfsservice intake levering",
        required=False,
        kind="yesno",
        follows="other_services",
        filled=lambda m, s: len(m.active.services) > 1,
        applies=_has_other_services,
    ),
    Slot(
        "service_intake",
        "Intake andere diensten",
        "Hoe vraagt de klant die andere dienst(en) aan: via welk kanaal? Noem het per dienst "
        "als het verschilt, bijvoorbeeld 'ontheffing: online; verkeersmaatregel: e-mail'.",
        "Ook een tweede dienst in dezelfde reis heeft een eigen intake die op de klant moet "
        "aansluiten.",
        ("variants[].services[1:].intake.channels",),
        "reflectie",
        "intake kanaal",
        required=False,
        kind="channels",
        follows="detail_services",
        filled=lambda m, s: False,
        applies=_extra_without_intake,
    ),
    Slot(
        "service_levering",
        "Levering andere diensten",
        "Wat leveren die andere dienst(en) de klant op, en via welk kanaal?",
        "De levering van elke dienst moet passen bij de volgende stap in de reis.",
        ("variants[].services[1:].levering.result", "variants[].services[1:].levering.channels"),
        "reflectie",
        "levering resultaat kanaal",
        required=False,
        follows="detail_services",
        filled=lambda m, s: False,
        applies=_extra_without_levering,
    ),
)

BY_ID: dict[str, Slot] = {slot.id: slot for slot in SLOTS}


def get_slot(slot_id: str) -> Slot:
    return BY_ID[slot_id]


def slot_vocabulary() -> list[dict[str, Any]]:
    """The vocabulary for ``klantreis slots --json`` and the UI."""
    return [slot.to_dict() for slot in SLOTS]
