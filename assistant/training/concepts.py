"""The concepts a trainee's model is checked on, the learning goals they belong to, and
the GEMMA source that explains each goal.

A *learning goal* is a GEMMA concept (``klantreis``, ``bedrijfsservice`` …); a *checked
concept* is one thing in the model that shows whether the goal was met
(``intake.stukken``: the documents and who gathers them). Case files name learning goals;
check results name checked concepts and their goal.

The source of a goal is the concept card of ``knowledge.concepts`` when that package is
installed, otherwise the GEMMA Online page below (same title and url as the card).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_K2K = "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Klant-tot-klantproces"
_KLANTREIS = (
    "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Klantreizen_en_serviceformules"
)
_BOUWSTENEN = "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Procesbouwstenencatalogus"


@dataclass(frozen=True)
class Goal:
    id: str
    label: str
    term: str
    """Search term for ``knowledge.concepts.card``."""
    source_title: str
    source_url: str
    why: str
    """One Dutch sentence: why a designer models this (our own words)."""


@dataclass(frozen=True)
class Concept:
    id: str
    goal: str
    label: str
    question: str
    """A Socratic question the hint asks; it never contains the answer."""


GOALS: dict[str, Goal] = {
    g.id: g
    for g in (
        Goal(
            "klantreis",
            "Klantreis",
            "klantreis",
            "Procesarchitectuur Klant-tot-klantproces — Begin en eind",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "Wat de klant vóór en na het gemeentelijke deel doet, bepaalt hoe de intake moet "
            "beginnen en de levering moet eindigen.",
        ),
        Goal(
            "klant",
            "Klant in ruime zin",
            "klant",
            "Procesarchitectuur Klant-tot-klantproces",
            f"{_K2K}#Van_klant-tot-klant-proces",
            "Klant is ruim bedoeld: een inwoner, een bedrijf, de samenleving of een interne "
            "afdeling; wie de waarde ontvangt, bepaalt waarop je het proces ontwerpt.",
        ),
        Goal(
            "aanleiding",
            "Aanleiding",
            "aanleiding",
            "Procesarchitectuur Klant-tot-klantproces",
            f"{_K2K}#Van_klant-tot-klant-proces",
            "Een proces start op een verzoek van buiten of vanuit een verantwoordelijkheid "
            "van de gemeente zelf; dat bepaalt wie de eerste stap zet.",
        ),
        Goal(
            "bedrijfsservice",
            "Bedrijfsservice",
            "bedrijfsservice",
            "Procesarchitectuur Klant-tot-klantproces — Begin en eind",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "De klant ziet het gemeentelijke proces als een zwarte doos en noemt het naar "
            "wat hij ervan krijgt; zo heet ook de bedrijfsservice.",
        ),
        Goal(
            "intake",
            "Intake",
            "intake",
            "Procesarchitectuur Klant-tot-klantproces — Begin en eind",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "Bij de intake ligt de inspanning van de klant: welke kanalen, welke gegevens en "
            "welke stukken, en wie die verzamelt.",
        ),
        Goal(
            "levering",
            "Levering",
            "levering",
            "Procesarchitectuur Klant-tot-klantproces — Begin en eind",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "De levering is het moment waarop de klant de waarde krijgt waarvoor hij kwam; "
            "die moet aansluiten op zijn volgende stap.",
        ),
        Goal(
            "afsluitende-activiteiten",
            "Afsluitende activiteiten",
            "afsluitende activiteiten",
            "Procesarchitectuur Klant-tot-klantproces",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "Na de levering kan het proces nog doorlopen, bijvoorbeeld met facturatie of "
            "archivering; die stappen horen erbij maar raken de klant minder.",
        ),
        Goal(
            "gerelateerde-processen",
            "Gerelateerde processen en hergebruik",
            "gerelateerde processen",
            "Procesarchitectuur Klant-tot-klantproces",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "Twee processen die elkaar opvolgen moeten elk netjes af, en gegevens uit het "
            "eerste hoeft de klant in het tweede niet opnieuw te geven.",
        ),
        Goal(
            "ondersteunende-processen",
            "Ondersteunende processen en deelservices",
            "ondersteunende processen",
            "Procesarchitectuur Klant-tot-klantproces — Sturende en ondersteunende processen",
            f"{_K2K}#Sturende_en_ondersteunende_processen",
            "Een ondersteunend proces levert via een deelservice aan een interne klant; "
            "wie die klant is en wat hij krijgt, maakt het proces verbeterbaar.",
        ),
        Goal(
            "procesvarianten",
            "Procesvarianten",
            "procesvariant",
            "Procesarchitectuur Klant-tot-klantproces — Begin en eind",
            f"{_K2K}#Begin_en_eind_van_het_klant-tot-klantproces",
            "Door de huidige en de verbeterde variant naast elkaar te zetten, zie je wat een "
            "verbetering de klant aan inspanning bespaart.",
        ),
    )
}

# Checked concepts in the fixed order of the report (the order a designer works in).
CONCEPTS: dict[str, Concept] = {
    c.id: c
    for c in (
        Concept(
            "klantreis.voor",
            "klantreis",
            "Klantreis: stappen vóór het gemeentelijke deel",
            "Wat heeft de klant al gedaan voordat hij bij de gemeente aanklopt?",
        ),
        Concept(
            "klantreis.na",
            "klantreis",
            "Klantreis: stappen na het gemeentelijke deel",
            "Wat gaat de klant doen met wat hij van de gemeente krijgt?",
        ),
        Concept(
            "klant",
            "klant",
            "Soort klant",
            "Wie ontvangt hier uiteindelijk de waarde: een inwoner, een ondernemer, de "
            "samenleving of een afdeling van de gemeente zelf?",
        ),
        Concept(
            "aanleiding",
            "aanleiding",
            "Soort aanleiding",
            "Wie zet de eerste stap: vraagt de klant iets, meldt hij iets, of begint de "
            "gemeente vanuit een eigen taak?",
        ),
        Concept(
            "bedrijfsservice",
            "bedrijfsservice",
            "Bedrijfsservice, genoemd vanuit de klant",
            "Hoe zou de klant zelf zeggen wat hij bij de gemeente komt halen?",
        ),
        Concept(
            "intake.kanalen",
            "intake",
            "Intake: kanalen",
            "Langs welke wegen komt het verzoek of de informatie binnen?",
        ),
        Concept(
            "intake.gegevens",
            "intake",
            "Intake: gevraagde gegevens en wie ze geeft",
            "Welke gegevens zijn nodig, en welke heeft de gemeente eigenlijk al?",
        ),
        Concept(
            "intake.stukken",
            "intake",
            "Intake: benodigde stukken en wie ze verzamelt",
            "Welke stukken zijn nodig, en wie kan ze het makkelijkst verzamelen?",
        ),
        Concept(
            "levering",
            "levering",
            "Levering: resultaat en kanaal",
            "Wat krijgt de klant precies aan het eind, en langs welke weg?",
        ),
        Concept(
            "afsluitende_activiteiten",
            "afsluitende-activiteiten",
            "Afsluitende activiteiten na de levering",
            "Wat moet de gemeente nog doen nadat de klant zijn resultaat heeft?",
        ),
        Concept(
            "gerelateerde_processen",
            "gerelateerde-processen",
            "Gerelateerde processen en hergebruikte gegevens",
            "Had de klant al eerder contact met de gemeente over dit onderwerp, en wat "
            "weet de gemeente daardoor al?",
        ),
        Concept(
            "ondersteunende_processen",
            "ondersteunende-processen",
            "Ondersteunende processen: interne klant en deelservice",
            "Welk proces binnen de gemeente helpt hier, voor welke afdeling, en wat levert "
            "het die afdeling?",
        ),
        Concept(
            "procesvarianten",
            "procesvarianten",
            "Verbeterde procesvariant",
            "Wat zou de gemeente anders kunnen doen zodat de klant minder moeite heeft, en "
            "heb je dat als aparte variant uitgewerkt?",
        ),
    )
}


@dataclass(frozen=True)
class Source:
    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url}


def _card(term: str) -> Any:
    try:
        from knowledge.concepts import card  # type: ignore[import-not-found,unused-ignore]

        return card(term)
    except Exception:  # knowledge/ absent or broken: our own link and text still hold
        return None


def goal_source(goal_id: str) -> Source:
    """The concept card of a goal when knowledge/ has one, else our GEMMA page link."""
    goal = GOALS[goal_id]
    found = _card(goal.term)
    url = str(getattr(found, "url", "") or "")
    if url:
        return Source(f"Begrip: {getattr(found, 'term', '') or goal.label}", url)
    return Source(goal.source_title, goal.source_url)


def goal_explanation(goal_id: str) -> str:
    """The concept card's explanation, else our one-sentence why."""
    goal = GOALS[goal_id]
    found = _card(goal.term)
    text = str(getattr(found, "explanation", "") or "")
    return text or goal.why


def concept_source(concept_id: str) -> Source:
    return goal_source(CONCEPTS[concept_id].goal)
