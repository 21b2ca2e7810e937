"""A tiny built-in knowledge source for when the GEMMA index is not available.

The cards are our own short wording of GEMMA concepts; the reference processes are GEMMA
names and ids. Matching is plain word overlap, which is enough to keep sources and
reference suggestions in the interview when ``knowledge/`` cannot be opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.interview.parse import norm

_WIKI = "https://www.gemmaonline.nl/index.php/"
_PAGE = "Procesarchitectuur Klant-tot-klantproces"


@dataclass(frozen=True)
class Card:
    title: str
    section: str
    url: str
    text: str
    source: str = "klantreis-assistent"
    element_id: str = ""
    score: float = 0.0
    keywords: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Reference:
    element_id: str
    name: str
    kind: str
    score: float
    url: str
    path: str
    bedrijfsfunctie: str
    keywords: tuple[str, ...] = field(default=())


_K2K = _WIKI + "Procesarchitectuur_Klant-tot-klantproces"

CARDS: tuple[Card, ...] = (
    Card(
        _PAGE,
        "Klantreis",
        _K2K,
        "Een klantreis is de grotere reis van de klant; het gemeentelijke proces is daar één "
        "stap in. Wat ervoor en erna gebeurt bepaalt hoe intake en levering moeten aansluiten.",
        keywords=("klantreis", "reis", "stappen", "voor", "na", "doel", "context"),
    ),
    Card(
        _PAGE,
        "Klant",
        _K2K,
        "De klant is ruim bedoeld: een inwoner, ondernemer, instelling, de maatschappij als "
        "geheel of een interne afdeling.",
        keywords=("klant", "inwoner", "ondernemer", "maatschappij", "intern", "soort"),
    ),
    Card(
        _PAGE,
        "Aanleiding",
        _K2K,
        "Meestal start een proces met een verzoek van buiten, zoals een aanvraag of melding. "
        "Soms start de gemeente zelf vanuit een verantwoordelijkheid, zoals het heffen van "
        "belastingen.",
        keywords=("aanleiding", "trigger", "verzoek", "aanvraag", "verantwoordelijkheid", "start"),
    ),
    Card(
        "Bedrijfsservice",
        "Begrip",
        _WIKI + "Bedrijfsservice",
        "Een bedrijfsservice is de dienst van de gemeente als zwarte doos, benoemd vanuit de "
        "klant (bijvoorbeeld 'regelen vergunning'); een bedrijfsproces realiseert die dienst.",
        keywords=("bedrijfsservice", "dienst", "service", "black", "box", "naam"),
    ),
    Card(
        "Deelservice",
        "Begrip",
        _WIKI + "Deelservice",
        "Een deelservice is een dienst aan een interne klant of een onderdeel van een "
        "bedrijfsservice, zoals Intake, Behandeling en Levering; ondersteunende processen "
        "leveren deelservices.",
        keywords=("deelservice", "deelservices", "intern", "intake", "behandeling", "levering"),
    ),
    Card(
        "Bedrijfsproces",
        "Begrip",
        _WIKI + "Bedrijfsproces",
        "Een bedrijfsproces loopt van de aanleiding bij de klant tot de levering van waarde "
        "aan die klant, en specialiseert bij voorkeur een GEMMA-referentieproces.",
        keywords=("bedrijfsproces", "proces", "referentieproces", "gemma", "specialiseert"),
    ),
    Card(
        _PAGE,
        "Intake",
        _K2K,
        "De intake bepaalt hoe het proces start: het kanaal, het formulier, de gevraagde "
        "gegevens en de stukken, en wie die verzamelt.",
        keywords=("intake", "kanaal", "kanalen", "formulier", "gegevens", "stukken", "documenten"),
    ),
    Card(
        _PAGE,
        "Stukken en bronnen",
        _K2K,
        "Stukken die de klant moet verzamelen kosten de klant tijd en geld; vaak kan de "
        "gemeente ze zelf bij de bron of uit een basisregistratie halen.",
        keywords=("stukken", "documenten", "bron", "basisregistratie", "verzamelen", "aanleveren"),
    ),
    Card(
        "Basisregistratie",
        "Begrip",
        _WIKI + "Basisregistraties",
        "Basisregistraties (zoals BRP, BAG, BRK, HR en WOZ) zijn wettelijk aangewezen "
        "bronnen die overheden verplicht gebruiken in plaats van de klant opnieuw te vragen.",
        keywords=("basisregistratie", "basisregistraties", "brp", "bag", "brk", "hr", "woz"),
    ),
    Card(
        _PAGE,
        "Levering",
        _K2K,
        "De levering is hoe en wat het proces aan de klant levert; daarna kunnen nog "
        "afsluitende activiteiten volgen, zoals facturatie of archiveren.",
        keywords=("levering", "resultaat", "leveren", "afsluitend", "facturatie", "archiveren"),
    ),
    Card(
        "Statusmelding",
        "Begrip",
        _WIKI + "Statusmelding",
        "Elk deelproces (intaken, behandelen, besluiten en leveren) kan de klant een "
        "statusmelding sturen, zoals een ontvangstbevestiging.",
        keywords=("statusmelding", "statusmeldingen", "status", "ontvangstbevestiging"),
    ),
    Card(
        _PAGE,
        "Gerelateerde processen",
        _K2K,
        "Soms volgt een proces uit een eerder proces, bijvoorbeeld eerst informatie vragen en "
        "dan aanvragen; gegevens uit het eerste proces horen dan hergebruikt te worden.",
        keywords=(
            "gerelateerd",
            "gerelateerde",
            "eerder",
            "hergebruik",
            "hergebruiken",
            "informatie",
        ),
    ),
    Card(
        _PAGE,
        "Sturende en ondersteunende processen",
        _K2K,
        "Ondersteunende en sturende processen leveren aan interne klanten; hun diensten "
        "heten deelservices, zoals het beheren van archief en informatie.",
        keywords=("ondersteunend", "ondersteunende", "sturend", "sturende", "archief", "interne"),
    ),
    Card(
        _PAGE,
        "Procesvarianten",
        _K2K,
        "Varianten zetten de huidige en gewenste werkwijze naast elkaar, bijvoorbeeld de "
        "klant die stukken verzamelt tegenover de gemeente die dat doet.",
        keywords=("variant", "varianten", "procesvariant", "huidig", "gewenst", "verbeterd"),
    ),
    Card(
        "Activiteiten en zwembanen",
        "Begrip",
        _WIKI + "Procesarchitectuur",
        "Activiteiten staan in zwembanen (klant, frontoffice, backoffice, ketenpartner) zodat "
        "zichtbaar is wie wat doet en waar overdrachten zitten.",
        keywords=(
            "activiteit",
            "activiteiten",
            "zwembaan",
            "zwembanen",
            "frontoffice",
            "backoffice",
        ),
    ),
    Card(
        "Knelpunten",
        "Begrip",
        _K2K,
        "Knelpunten van de klant, bijvoorbeeld uit klanttevredenheidsonderzoek, wijzen de "
        "verbeteringen aan die het proces voor de klant lichter maken.",
        keywords=("knelpunt", "knelpunten", "pijnpunt", "klanttevredenheid", "tevredenheid"),
    ),
)

_G = "https://gemmaonline.nl/index.php/GEMMA/"

REFERENCES: tuple[Reference, ...] = (
    Reference(
        "id-85fdb525-85a2-40d0-b90c-f4cfd4306ef7",
        "Behandelen aanvraag vergunning of ontheffing",
        "bedrijfsproces",
        0.0,
        _G + "id-85fdb525-85a2-40d0-b90c-f4cfd4306ef7",
        "",
        "Vergunningverlening",
        (
            "vergunning",
            "ontheffing",
            "aanvraag",
            "vergunningaanvraag",
            "evenement",
            "parkeervergunning",
            "omgevingsvergunning",
            "ontheffingen",
        ),
    ),
    Reference(
        "id-7bb7baa2-4bcf-47d0-955d-d7da15632680",
        "Beantwoorden vraag",
        "bedrijfsproces",
        0.0,
        _G + "id-7bb7baa2-4bcf-47d0-955d-d7da15632680",
        "",
        "Klantcontact",
        ("vraag", "informatie", "beantwoorden", "inlichting", "advies"),
    ),
    Reference(
        "id-fff3028a-3de4-4968-9298-460a863d7a58",
        "Heffen en innen",
        "bedrijfsproces",
        0.0,
        _G + "id-fff3028a-3de4-4968-9298-460a863d7a58",
        "",
        "Belastingen",
        (
            "heffen",
            "innen",
            "belasting",
            "heffing",
            "aanslag",
            "afvalstoffenheffing",
            "ozb",
            "leges",
        ),
    ),
    Reference(
        "id-9f6c99b6-3599-4488-971a-881eb090041c",
        "Beheren archief en informatie",
        "cluster",
        0.0,
        _G + "id-9f6c99b6-3599-4488-971a-881eb090041c",
        "",
        "Informatie- en archiefbeheer",
        ("archief", "archiveren", "informatie", "beheren", "dossier", "preservering"),
    ),
    Reference(
        "",
        "Behandelen melding",
        "bedrijfsproces",
        0.0,
        "",
        "",
        "Beheer openbare ruimte",
        ("melding", "meldingen", "openbare", "ruimte", "klacht", "afhandelen"),
    ),
    Reference(
        "",
        "Verstrekken subsidie",
        "bedrijfsproces",
        0.0,
        "",
        "",
        "Subsidieverlening",
        ("subsidie", "subsidies", "bijdrage", "regeling", "toekennen"),
    ),
)

# name fragments → basisregistratie (facts, not text)
_REGISTRIES: tuple[tuple[str, str], ...] = (
    (r"\b(?:kvk|kamer\s+van\s+koophandel|handelsregister|uittreksel\s+kvk|kvk-uittreksel)", "HR"),
    (
        r"\b(?:brp|uittreksel\s+brp|persoonsgegevens|inschrijving\s+adres|gba|uittreksel\s+uit\s+de\s+brp|verblijfsadres)",
        "BRP",
    ),
    (r"\b(?:kadaster|eigendomsbewijs|eigendom|kadastraal|brk|perceel)", "BRK"),
    (r"\b(?:bag|adres\s*gegevens|bouwjaar|gebruiksoppervlakte)", "BAG"),
    (r"\b(?:kenteken\w*|rdw|voertuig\w*|brv)", "BRV"),
    (r"\b(?:woz|waardebeschikking|woz-waarde)", "WOZ"),
    (r"\b(?:bgt|grootschalige\s+topografie|situatietekening\s+openbare\s+ruimte)", "BGT"),
    (r"\b(?:inkomen\w*|loonstrook\w*|brv|belastingdienst|inkomensverklaring)", "BRI"),
)


def lookup_basisregistratie(name: str) -> str | None:
    t = norm(name)
    for pattern, registry in _REGISTRIES:
        if re.search(pattern, t):
            return registry
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", norm(text)))


def _score(query: set[str], keywords: tuple[str, ...], text: str) -> float:
    words = set(keywords) | _words(text)
    hits = sum(
        1 for q in query if q in words or any(q[:6] == w[:6] and len(q) > 5 for w in keywords)
    )
    return hits / (len(query) or 1)


class FallbackRetriever:
    """Satisfies the ``Retriever`` protocol with the cards and references above."""

    notices: list[str]

    def __init__(self) -> None:
        self.notices = [
            "De GEMMA-index is niet beschikbaar; de assistent gebruikt ingebouwde uitleg."
        ]

    def _rank(self, query: str, k: int) -> list[Card]:
        q = _words(query)
        scored = [(c, _score(q, c.keywords, c.text + " " + c.section)) for c in CARDS]
        scored = [(c, s) for c, s in scored if s > 0]
        scored.sort(key=lambda cs: -cs[1])
        return [
            Card(c.title, c.section, c.url, c.text, c.source, c.element_id, round(s, 3), c.keywords)
            for c, s in scored[:k]
        ]

    def search(self, query: str, k: int = 5) -> list[Card]:
        return self._rank(query, k)

    def explain(self, term: str, k: int = 3) -> list[Card]:
        return self._rank(term, k)

    def suggest_references(self, text: str, k: int = 3) -> list[Reference]:
        q = _words(text)
        scored = []
        for r in REFERENCES:
            s = _score(q, r.keywords, r.name)
            if s > 0:
                scored.append(
                    Reference(
                        r.element_id,
                        r.name,
                        r.kind,
                        round(min(1.0, s), 3),
                        r.url,
                        r.path,
                        r.bedrijfsfunctie,
                        r.keywords,
                    )
                )
        scored.sort(key=lambda r: -r.score)
        return scored[:k]
