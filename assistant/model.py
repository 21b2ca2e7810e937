"""The process model: one klantreis and the klant-tot-klantproces behind it.

This pydantic model is the single source of truth: the interview fills it, advice reads
it, exports render it and the UI edits it. Field descriptions are Dutch, because they
become the JSON Schema that designers and other tools read. Identifiers are English,
GEMMA's terms (klantreis, bedrijfsservice, deelservice, intake, levering) are the
vocabulary.

Ids are assigned once (``new_id``) and never change, so exports and diffs stay stable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 2

NAME_MAX = 500
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


def new_id(prefix: str) -> str:
    """A short, stable, readable id such as ``act-3f9a1c2b``."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class _Base(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        use_enum_values=False,
        populate_by_name=True,
    )


# --- vocabularies -------------------------------------------------------------------------


class CustomerType(StrEnum):
    """Wie de klant is; 'klant' is in GEMMA ruim bedoeld."""

    INWONER = "inwoner"
    ONDERNEMER = "ondernemer"
    INSTELLING = "instelling"
    MAATSCHAPPIJ = "maatschappij"
    INTERNE_KLANT = "interne_klant"
    ONBEKEND = "onbekend"


class TriggerKind(StrEnum):
    """Soort aanleiding van het klant-tot-klantproces."""

    AANVRAAG = "aanvraag"
    MELDING = "melding"
    VRAAG = "vraag"
    VERANTWOORDELIJKHEID = "verantwoordelijkheid"
    VOORAFGAAND_PROCES = "voorafgaand_proces"
    INTERNE_BEHOEFTE = "interne_behoefte"
    ONBEKEND = "onbekend"


class Actor(StrEnum):
    """Wie een stap uitvoert of een stuk aanlevert."""

    KLANT = "klant"
    GEMEENTE = "gemeente"
    DERDE = "derde"


class Lane(StrEnum):
    """Zwembaan van een activiteit."""

    KLANT = "klant"
    FRONTOFFICE = "frontoffice"
    BACKOFFICE = "backoffice"
    KETENPARTNER = "ketenpartner"
    ONDERSTEUNEND = "ondersteunend"


class Channel(StrEnum):
    """Kanaal waarlangs klant en gemeente contact hebben."""

    ONLINE = "online"
    BALIE = "balie"
    TELEFOON = "telefoon"
    EMAIL = "email"
    POST = "post"
    APP = "app"
    CHAT = "chat"
    SOCIAL_MEDIA = "social_media"
    PERSOONLIJK = "persoonlijk"
    ANDERS = "anders"


class ActivityKind(StrEnum):
    """Rol van een activiteit in het klant-tot-klantproces."""

    TAAK = "taak"
    INTAKE = "intake"
    BEHANDELING = "behandeling"
    BESLUIT = "besluit"
    LEVERING = "levering"
    AFSLUITEND = "afsluitend"


class DeelserviceKind(StrEnum):
    INTAKE = "intake"
    BEHANDELING = "behandeling"
    LEVERING = "levering"
    ONDERSTEUNEND = "ondersteunend"
    OVERIG = "overig"


class RelationKind(StrEnum):
    """Hoe een gerelateerd proces zich verhoudt tot deze bedrijfsservice."""

    VOORAFGAAND = "voorafgaand"
    VOLGEND = "volgend"
    GELIJKTIJDIG = "gelijktijdig"


class SupportKind(StrEnum):
    ONDERSTEUNEND = "ondersteunend"
    STUREND = "sturend"


class VariantStatus(StrEnum):
    HUIDIG = "huidig"
    GEWENST = "gewenst"
    ALTERNATIEF = "alternatief"


class Severity(StrEnum):
    INFO = "info"
    SUGGESTIE = "suggestie"
    WAARSCHUWING = "waarschuwing"
    FOUT = "fout"


class ReferenceKind(StrEnum):
    BEDRIJFSPROCES = "bedrijfsproces"
    CLUSTER = "cluster"
    BEDRIJFSFUNCTIE = "bedrijfsfunctie"
    PROCESBOUWSTEEN = "procesbouwsteen"
    BEDRIJFSSERVICE = "bedrijfsservice"


# --- building blocks ----------------------------------------------------------------------


class SourceRef(_Base):
    """Een GEMMA-bron (passage) die een vraag, advies of keuze onderbouwt."""

    title: Name = Field(description="Titel van de bron (pagina of modelelement).")
    section: Name = Field(default="", description="Sectie binnen de bron.")
    url: Name = Field(default="", description="Adres van de pagina op GEMMA Online.")
    source: Name = Field(default="", description="Bestand of corpus waaruit de passage komt.")
    element_id: Name = Field(
        default="", description="Id van het GEMMA-modelelement, indien van toepassing."
    )
    excerpt: Text = Field(default="", description="Korte passage die als onderbouwing dient.")


class GemmaReference(_Base):
    """Verwijzing naar een element uit het GEMMA-referentiemodel dat dit element specialiseert."""

    element_id: Name = Field(default="", description="Id van het GEMMA-element (id-…).")
    name: Name = Field(
        description="Naam in GEMMA, bv. 'Behandelen aanvraag vergunning of ontheffing'."
    )
    kind: ReferenceKind = Field(
        default=ReferenceKind.BEDRIJFSPROCES, description="Soort GEMMA-element."
    )
    url: Name = Field(default="", description="Pagina op GEMMA Online.")
    score: float | None = Field(
        default=None, ge=0, description="Zekerheid van de koppeling (0–1), als die voorgesteld is."
    )


class Customer(_Base):
    """De klant in de klantreis."""

    name: Name = Field(
        default="",
        description="Omschrijving van de klant, bv. 'organisator van een straatfestival'.",
    )
    type: CustomerType = Field(default=CustomerType.ONBEKEND, description="Soort klant.")
    description: Text = Field(default="", description="Toelichting.")


class JourneyStep(_Base):
    """Een stap van de klant vóór of na het gemeentelijke deel van de klantreis."""

    id: str = Field(default_factory=lambda: new_id("stap"), description="Stabiele id.")
    name: Name = Field(description="Wat de klant (of een ander) doet, bv. 'sponsoring regelen'.")
    actor: Actor = Field(default=Actor.KLANT, description="Wie de stap uitvoert.")
    channel: Channel | None = Field(default=None, description="Kanaal, als er contact is.")
    description: Text = Field(default="", description="Toelichting.")
    pain_points: list[Name] = Field(
        default_factory=list, description="Knelpunten die de klant hier ervaart."
    )


class Journey(_Base):
    """De klantreis: de grotere reis van de klant waarvan het gemeentelijke proces een deel is."""

    name: Name = Field(
        default="", description="Naam van de klantreis, bv. 'organiseren straatfestival'."
    )
    customer: Customer = Field(default_factory=Customer, description="De klant.")
    customer_goal: Text = Field(
        default="", description="Het doel dat de klant met de reis wil bereiken."
    )
    steps_before: list[JourneyStep] = Field(
        default_factory=list,
        description="Stappen vóór het gemeentelijke deel (buiten het blikveld van de gemeente).",
    )
    steps_after: list[JourneyStep] = Field(
        default_factory=list, description="Stappen na het gemeentelijke deel."
    )
    pain_points: list[Name] = Field(
        default_factory=list, description="Knelpunten in de reis als geheel."
    )
    serviceformule: Name = Field(
        default="", description="Serviceformule: de belofte aan deze klantgroep, indien bekend."
    )


class Aanleiding(_Base):
    """De aanleiding (trigger) van het klant-tot-klantproces."""

    kind: TriggerKind = Field(
        default=TriggerKind.ONBEKEND,
        description="Soort aanleiding: verzoek van de klant of eigen verantwoordelijkheid van de gemeente.",
    )
    description: Text = Field(
        default="", description="Wat het proces start, bv. 'aanvraag evenementenvergunning'."
    )
    legal_basis: Name = Field(
        default="",
        description="Wettelijke taak of verordening, bij een aanleiding uit verantwoordelijkheid.",
    )
    from_related_process_id: str | None = Field(
        default=None, description="Id van het gerelateerde proces waaruit dit proces voortkomt."
    )


class DataItem(_Base):
    """Een gegeven dat bij de intake gevraagd of gebruikt wordt."""

    id: str = Field(default_factory=lambda: new_id("gegeven"), description="Stabiele id.")
    name: Name = Field(description="Naam van het gegeven, bv. 'adres van de locatie'.")
    provided_by: Actor = Field(default=Actor.KLANT, description="Wie het gegeven aanlevert.")
    source: Name = Field(
        default="", description="Bron waar het gegeven vandaan komt, bv. 'BRP' of 'eerder verzoek'."
    )
    reused_from: str | None = Field(
        default=None,
        description="Id van het gerelateerde proces waaruit het gegeven wordt hergebruikt.",
    )


class Document(_Base):
    """Een stuk (document) dat nodig is voor de behandeling."""

    id: str = Field(default_factory=lambda: new_id("stuk"), description="Stabiele id.")
    name: Name = Field(description="Naam van het stuk, bv. 'KvK-uittreksel'.")
    provided_by: Actor = Field(
        default=Actor.KLANT, description="Wie het stuk verzamelt en aanlevert."
    )
    source: Name = Field(
        default="",
        description="Wie het stuk in beheer heeft (bron), bv. 'Kamer van Koophandel' of 'politie'.",
    )
    basisregistratie: Name = Field(
        default="",
        description="Basisregistratie waaruit de gemeente het zelf kan halen (BRP, BAG, BRK, HR, BGT, WOZ …).",
    )
    required: bool = Field(default=True, description="Verplicht stuk.")


class Intake(_Base):
    """Hoe het proces start: kanalen, gevraagde gegevens en benodigde stukken."""

    description: Text = Field(default="", description="Toelichting op de intake.")
    channels: list[Channel] = Field(
        default_factory=list, description="Kanalen waarlangs de klant het verzoek indient."
    )
    form: Name = Field(
        default="", description="Formulier of ingang, bv. 'e-formulier evenementen'."
    )
    data_asked: list[DataItem] = Field(
        default_factory=list, description="Gegevens die bij de intake gevraagd worden."
    )
    documents: list[Document] = Field(
        default_factory=list, description="Benodigde stukken, met wie ze aanlevert en hun bron."
    )


class Levering(_Base):
    """Hoe en wat het proces levert aan de klant."""

    result: Name = Field(
        default="", description="Het resultaat voor de klant, bv. 'vergunning (besluit)'."
    )
    channels: list[Channel] = Field(
        default_factory=list, description="Kanalen waarlangs geleverd wordt."
    )
    moment: Name = Field(default="", description="Wanneer geleverd wordt, bv. 'binnen 8 weken'.")
    description: Text = Field(default="", description="Toelichting.")


class Activity(_Base):
    """Een activiteit in het klant-tot-klantproces, in een zwembaan."""

    id: str = Field(default_factory=lambda: new_id("act"), description="Stabiele id.")
    name: Name = Field(description="Naam van de activiteit (werkwoord + object).")
    lane: Lane = Field(
        default=Lane.BACKOFFICE,
        description="Zwembaan: klant, frontoffice, backoffice, ketenpartner of ondersteunend.",
    )
    kind: ActivityKind = Field(
        default=ActivityKind.TAAK,
        description="Rol: taak, intake, behandeling, besluit, levering of afsluitend (bv. facturatie, archivering).",
    )
    channel: Channel | None = Field(default=None, description="Kanaal bij klantcontact.")
    deelservice_id: str | None = Field(
        default=None, description="Id van de deelservice waaraan de activiteit bijdraagt."
    )
    gemma_reference: GemmaReference | None = Field(
        default=None, description="GEMMA-processtap of -bouwsteen die hier gespecialiseerd wordt."
    )
    duration_days: float | None = Field(
        default=None, ge=0, description="Doorlooptijd in dagen, indien bekend."
    )
    description: Text = Field(default="", description="Toelichting.")


class Deelservice(_Base):
    """Een deelservice: dienst aan een interne klant of onderdeel van de bedrijfsservice (Intake, Behandeling, Levering)."""

    id: str = Field(default_factory=lambda: new_id("ds"), description="Stabiele id.")
    name: Name = Field(description="Naam, bv. 'Deelservice Intake' of 'Bevestiging ontvangst'.")
    kind: DeelserviceKind = Field(default=DeelserviceKind.OVERIG, description="Soort deelservice.")
    realised_by: Name = Field(
        default="", description="Deelproces dat de deelservice realiseert, bv. 'Intaken'."
    )
    gemma_reference: GemmaReference | None = Field(
        default=None, description="Procesbouwsteen in GEMMA."
    )


class Statusmelding(_Base):
    """Een statusmelding aan de klant tussen intake en levering."""

    id: str = Field(default_factory=lambda: new_id("status"), description="Stabiele id.")
    name: Name = Field(description="Inhoud, bv. 'ontvangstbevestiging'.")
    after_activity_id: str | None = Field(
        default=None, description="Na welke activiteit de melding gaat."
    )
    channel: Channel | None = Field(default=None, description="Kanaal van de melding.")


class Bedrijfsproces(_Base):
    """Het bedrijfsproces dat een bedrijfsservice realiseert (de binnenkant)."""

    name: Name = Field(
        default="", description="Naam van binnenuit, bv. 'behandelen vergunningaanvraag'."
    )
    gemma_reference: GemmaReference | None = Field(
        default=None, description="GEMMA-referentieproces dat dit proces specialiseert."
    )
    bedrijfsfunctie: Name = Field(
        default="", description="GEMMA-bedrijfsfunctie waaronder het proces valt."
    )


class Bedrijfsservice(_Base):
    """Een bedrijfsservice: het gemeentelijke proces als black box, genoemd vanuit de klant."""

    id: str = Field(default_factory=lambda: new_id("bs"), description="Stabiele id.")
    name: Name = Field(default="", description="Naam vanuit de klant, bv. 'regelen vergunning'.")
    description: Text = Field(default="", description="Toelichting.")
    process: Bedrijfsproces = Field(
        default_factory=Bedrijfsproces, description="Het realiserende bedrijfsproces."
    )
    aanleiding: Aanleiding = Field(default_factory=Aanleiding, description="Wat het proces start.")
    intake: Intake = Field(default_factory=Intake, description="De intake.")
    levering: Levering = Field(default_factory=Levering, description="De levering.")
    activities: list[Activity] = Field(
        default_factory=list,
        description="Activiteiten in volgorde, in zwembanen; na de levering alleen afsluitende activiteiten.",
    )
    deelservices: list[Deelservice] = Field(
        default_factory=list, description="Deelservices (Intake, Behandeling, Levering, …)."
    )
    statusmeldingen: list[Statusmelding] = Field(
        default_factory=list, description="Statusmeldingen aan de klant."
    )
    lead_time_days: float | None = Field(
        default=None, ge=0, description="Totale doorlooptijd in dagen."
    )

    @property
    def closing_activities(self) -> list[Activity]:
        return [a for a in self.activities if a.kind is ActivityKind.AFSLUITEND]


class RelatedProcess(_Base):
    """Een ander proces dat met deze bedrijfsservice samenhangt, met hergebruik van gegevens."""

    id: str = Field(default_factory=lambda: new_id("rel"), description="Stabiele id.")
    name: Name = Field(description="Naam van het gerelateerde proces of de bedrijfsservice.")
    relation: RelationKind = Field(
        default=RelationKind.VOORAFGAAND, description="Voorafgaand, volgend of gelijktijdig."
    )
    service_id: str | None = Field(
        default=None, description="Bedrijfsservice in dit model waarop de relatie betrekking heeft."
    )
    related_service_id: str | None = Field(
        default=None, description="Id van het gerelateerde proces als bedrijfsservice in dit model."
    )
    reused_data: list[Name] = Field(
        default_factory=list,
        description="Gegevens uit het gerelateerde proces die hergebruikt kunnen worden.",
    )
    description: Text = Field(default="", description="Toelichting.")


class SupportingProcess(_Base):
    """Een ondersteunend of sturend proces dat aan een interne klant levert."""

    id: str = Field(default_factory=lambda: new_id("ond"), description="Stabiele id.")
    name: Name = Field(description="Naam, bv. 'Beheren archief en informatie'.")
    kind: SupportKind = Field(
        default=SupportKind.ONDERSTEUNEND, description="Ondersteunend of sturend."
    )
    internal_customer: Name = Field(
        default="", description="De interne klant (afdeling of proces)."
    )
    deelservice: Name = Field(
        default="", description="De deelservice die het proces aan de interne klant levert."
    )
    bedrijfsfunctie: Name = Field(
        default="", description="GEMMA-bedrijfsfunctie, bv. 'Archiefbeheer'."
    )
    gemma_reference: GemmaReference | None = Field(
        default=None, description="GEMMA-referentieproces."
    )
    serves_service_ids: list[str] = Field(
        default_factory=list, description="Bedrijfsservices in dit model die het ondersteunt."
    )
    description: Text = Field(default="", description="Toelichting.")


class Variant(_Base):
    """Een procesvariant (bv. huidig en gewenst), met eigen bedrijfsservices."""

    id: str = Field(default_factory=lambda: new_id("var"), description="Stabiele id.")
    name: Name = Field(default="Variant 1", description="Naam van de variant.")
    status: VariantStatus = Field(
        default=VariantStatus.HUIDIG, description="Huidig (as-is), gewenst (to-be) of alternatief."
    )
    description: Text = Field(default="", description="Wat deze variant onderscheidt.")
    derived_from: str | None = Field(
        default=None, description="Id van de variant waarvan deze is afgeleid."
    )
    applied_findings: list[str] = Field(
        default_factory=list, description="Ids van adviezen die in deze variant zijn toegepast."
    )
    services: list[Bedrijfsservice] = Field(
        default_factory=lambda: [Bedrijfsservice()],
        description="Bedrijfsservices in deze klantreis; meestal één, soms meer (vergunning, ontheffing, verkeersmaatregel …).",
    )
    measured_effort_hours: float | None = Field(
        default=None,
        ge=0,
        description="Gemeten klantinspanning in uren (bv. uit klanttevredenheidsonderzoek).",
    )
    satisfaction: float | None = Field(
        default=None, ge=0, le=10, description="Klanttevredenheid (0–10), indien gemeten."
    )


class Finding(_Base):
    """Een ontwerpadvies op basis van GEMMA."""

    id: str = Field(description="Stabiele id, afgeleid van de controle en de elementen.")
    check: Name = Field(description="Naam van de controle die het advies gaf.")
    severity: Severity = Field(default=Severity.SUGGESTIE, description="Ernst.")
    element_ids: list[str] = Field(default_factory=list, description="Betrokken modelelementen.")
    message: Text = Field(description="Uitleg in het Nederlands.")
    suggestion: Text = Field(default="", description="Concreet voorstel.")
    sources: list[SourceRef] = Field(
        default_factory=list, description="GEMMA-bronnen die het advies onderbouwen."
    )


class ImprovementIdea(_Base):
    """Een verbeteridee van de ontwerper of uit een advies."""

    id: str = Field(default_factory=lambda: new_id("idee"), description="Stabiele id.")
    text: Text = Field(description="Het idee.")
    finding_id: str | None = Field(default=None, description="Advies waaruit het idee voortkomt.")


class Metadata(_Base):
    id: str = Field(
        default_factory=lambda: new_id("model"), description="Stabiele id van het model."
    )
    version: int = Field(
        default=1, ge=1, description="Versienummer; elke opgeslagen wijziging verhoogt het."
    )
    created_at: datetime = Field(default_factory=utcnow, description="Aangemaakt (UTC).")
    updated_at: datetime = Field(default_factory=utcnow, description="Laatst gewijzigd (UTC).")
    author: Name = Field(default="", description="Auteur.")
    language: Name = Field(default="nl", description="Taal van de inhoud.")


class ProcessModel(_Base):
    """Een klantreis met het klant-tot-klantproces erachter, volgens de GEMMA-procesarchitectuur."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        json_schema_extra={"$id": "https://klantreis-assistent.nl/schema/process-model.json"},
    )

    schema_version: int = Field(
        default=SCHEMA_VERSION,
        description="Versie van dit schema; oudere versies worden bij het laden gemigreerd.",
    )
    metadata: Metadata = Field(
        default_factory=Metadata, description="Id, versie, tijden en auteur."
    )
    journey: Journey = Field(
        default_factory=Journey, description="De klantreis: klant, doel, stappen vóór en na."
    )
    variants: list[Variant] = Field(
        default_factory=lambda: [Variant()],
        min_length=1,
        description="Procesvarianten naast elkaar (huidig / gewenst).",
    )
    active_variant_id: str | None = Field(
        default=None, description="De variant waaraan nu gewerkt wordt; leeg = de eerste."
    )
    related_processes: list[RelatedProcess] = Field(
        default_factory=list, description="Gerelateerde processen en hergebruikte gegevens."
    )
    supporting_processes: list[SupportingProcess] = Field(
        default_factory=list,
        description="Ondersteunende en sturende processen met hun interne klant en deelservice.",
    )
    other_services: list[Name] = Field(
        default_factory=list,
        description="Andere gemeentelijke diensten in dezelfde reis die (nog) niet uitgewerkt zijn.",
    )
    findings: list[Finding] = Field(
        default_factory=list, description="Ontwerpadviezen met bronnen."
    )
    improvement_ideas: list[ImprovementIdea] = Field(
        default_factory=list, description="Verbeterideeën."
    )
    sources: list[SourceRef] = Field(
        default_factory=list, description="Alle GEMMA-bronnen die in dit model gebruikt zijn."
    )

    @model_validator(mode="after")
    def _check_references(self) -> ProcessModel:
        ids = [v.id for v in self.variants]
        if len(set(ids)) != len(ids):
            raise ValueError("variant-ids moeten uniek zijn")
        if self.active_variant_id is not None and self.active_variant_id not in ids:
            raise ValueError(f"active_variant_id '{self.active_variant_id}' bestaat niet")
        seen: set[str] = set()
        for element_id in self.iter_ids():
            if element_id in seen:
                # exports and advice address elements by id, so a duplicate is a real fault
                raise ValueError(f"id '{element_id}' komt meer dan eens voor")
            seen.add(element_id)
        return self

    # --- navigation helpers; they read, never mutate --------------------------------------

    @property
    def active(self) -> Variant:
        if self.active_variant_id:
            for variant in self.variants:
                if variant.id == self.active_variant_id:
                    return variant
        return self.variants[0]

    @property
    def service(self) -> Bedrijfsservice:
        """The first (main) bedrijfsservice of the active variant."""
        return self.active.services[0] if self.active.services else Bedrijfsservice()

    def variant(self, key: str) -> Variant | None:
        """A variant by id or (case-insensitive) name."""
        for variant in self.variants:
            if variant.id == key or variant.name.casefold() == key.casefold():
                return variant
        return None

    def iter_ids(self) -> Iterator[str]:
        """Every element id in the model, for reference checks."""
        for step in [*self.journey.steps_before, *self.journey.steps_after]:
            yield step.id
        for variant in self.variants:
            yield variant.id
            for service in variant.services:
                yield service.id
                yield from (a.id for a in service.activities)
                yield from (d.id for d in service.deelservices)
                yield from (s.id for s in service.statusmeldingen)
                yield from (d.id for d in service.intake.documents)
                yield from (d.id for d in service.intake.data_asked)
        yield from (r.id for r in self.related_processes)
        yield from (s.id for s in self.supporting_processes)

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, two-space indent, UTF-8 kept, trailing newline."""
        import json

        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def touched(self) -> ProcessModel:
        """A copy with the version raised and updated_at set, for storing a change."""
        meta = self.metadata.model_copy(
            update={"version": self.metadata.version + 1, "updated_at": utcnow()}
        )
        return self.model_copy(update={"metadata": meta}, deep=True)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the process model (committed under docs/)."""
    return ProcessModel.model_json_schema(mode="validation")
