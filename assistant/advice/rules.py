"""Data the checks use: word lists, a small fallback basisregistratie table and the fixed
GEMMA references every finding can fall back on.

The authoritative basisregistratie table lives in ``knowledge/``; the one here only keeps
advice useful when that package is absent, and is consulted after it. Word lists are
lower-case stems matched against whole words (see :func:`words`), because Dutch
compounds ("vergunningaanvraag", "aansprakelijkheidsverzekering") otherwise match too much.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.model import SourceRef

# --- text helpers ---------------------------------------------------------------------------

_STOPWORDS = frozenset(
    {
        *("de", "het", "een", "en", "of", "van", "voor", "bij", "aan", "in", "op", "met"),
        *("door", "naar", "om", "over", "uit", "te", "tot", "als", "per", "der", "des"),
        *("den", "zijn", "haar", "hun", "je", "uw", "mijn", "the"),
    }
)


def fold(text: str) -> str:
    """Lower case without accents, for tolerant comparison."""
    norm = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in norm if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text``, folded; hyphenated words stay whole ("kvk-nummer")."""
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", fold(text))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in words(text) if w not in _STOPWORDS and len(w) > 1)


def same_data(a: str, b: str) -> bool:
    """Whether two names of data or documents mean the same thing.

    Equal content words, or one name's content words a subset of the other's ("Adres" ~
    "Adres van de woning"), which is how designers shorten names between two processes.
    """
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def any_word_endswith(text: str, suffixes: tuple[str, ...]) -> bool:
    return any(w.endswith(suffixes) for w in words(text))


# --- the customer provides what the municipality could gather ----------------------------

# Documents the customer (or a party of their choosing) writes or signs: no register holds
# them, so even a tolerant lookup that maps "situatietekening" to the BGT must not fire.
CUSTOMER_AUTHORED_SUFFIXES: tuple[str, ...] = (
    "tekening",
    "schets",
    "plattegrond",
    "ontwerp",
    "plan",
    "begroting",
    "offerte",
    "foto",
    "foto-s",
    "fotos",
    "beschrijving",
    "omschrijving",
    "motivatie",
    "toelichting",
    "verzekering",
    "polis",
    "handtekening",
    "machtiging",
    "toestemming",
    "contract",
    "overeenkomst",
    "verklaring",
    "rapport",
    "onderzoek",
    "advies",
    "brief",
    "formulier",
    "factuur",
    "nota",
    "programma",
)

# Data only the customer can give: contact details and their own plans and choices.
# Matched as word endings ("bezoekersaantal") …
CUSTOMER_ONLY_DATA_SUFFIXES: tuple[str, ...] = (
    "contactgegevens",
    "telefoonnummer",
    "e-mailadres",
    "emailadres",
    "iban",
    "rekeningnummer",
    "omschrijving",
    "beschrijving",
    "motivatie",
    "toelichting",
    "aantal",
    "tijden",
    "tijdstip",
)
# … and as whole words, so that "geboortedatum" stays a BRP item while "datum" is a choice.
CUSTOMER_ONLY_DATA_WORDS = frozenset(
    {"datum", "telefoon", "mail", "e-mail", "email", "reden", "wens", "voorkeur", "periode"}
)

# Keys with which the customer says *which* object the request is about (the festival's
# location, the house, the car). A register can check them, not choose them for the customer.
KEY_DATA_WORDS = frozenset(
    {
        "adres",
        "locatie",
        "plek",
        "plaats",
        "kenteken",
        "perceel",
        "perceelnummer",
        "kadastrale",
        "bsn",
        "burgerservicenummer",
        "kvk-nummer",
        "kvknummer",
        "nummer",
        "postcode",
        "huisnummer",
    }
)

# Sources that are the customer or a private party, not a register.
PRIVATE_SOURCE_WORDS = frozenset(
    {
        "klant",
        "aanvrager",
        "organisator",
        "eigen",
        "zelf",
        "verzekeraar",
        "aannemer",
        "architect",
        "adviseur",
        "bank",
        "werkgever",
        "notaris",
        "huisarts",
        "buren",
        "leverancier",
        "getuige",
        "getuigen",
        "verhuurder",
        "huisbaas",
        "woningcorporatie",
        "accountant",
        "ouder",
        "ouders",
        "partner",
        "school",
        "arts",
        "specialist",
        "makelaar",
        "hovenier",
        "installateur",
    }
)

# A document the customer hands over as an object ("het oude paspoort inleveren") is not
# information the municipality could look up, whatever register issued it.
HANDED_IN_WORDS = frozenset(
    {"oud", "oude", "huidig", "huidige", "vorig", "vorige", "verlopen", "inleveren", "inlevering"}
)

# A small fallback table: whole-word patterns → basisregistratie (or another source the
# municipality can consult itself, such as Suwinet).
_REGISTRY_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\bbrp\b|basisregistratie personen|\bgba\b|bevolkingsregister|uittreksel persoonsgegevens"
        r"|\bgeboortedatum\b|\bgeboorteplaats\b|\bnationaliteit\b|burgerlijke staat"
        r"|gezinssamenstelling|samenstelling (van het )?huishouden|\bwoonadres\b|\bverblijfsadres\b"
        r"|bewijs van inschrijving|\bpersoonsgegevens\b",
        "BRP",
    ),
    (
        r"\bbag\b|basisregistratie adressen|\bbouwjaar\b|\bgebruiksdoel\b|\bverblijfsobject"
        r"|\bpandgegevens\b|\bnummeraanduiding",
        "BAG",
    ),
    (
        r"\bbrk\b|kadaster|kadastra|eigendomsbewijs|eigendomsakte|eigendomssituatie"
        r"|\bperceelgegevens\b|\beigendomsgegevens\b",
        "BRK",
    ),
    (
        r"\bhr\b|handelsregister|\bkvk\b|kamer van koophandel|uittreksel kvk|kvk-uittreksel"
        r"|\bvestigingsgegevens\b|\brechtsvorm\b",
        "HR",
    ),
    (
        r"\bbrv\b|\brdw\b|kentekenregister|kentekenbewijs|kentekenregistratie|voertuiggegevens"
        r"|registratie voertuigen|\bkentekencard\b",
        "BRV",
    ),
    (r"\bwoz\b|woz-waarde|waardebeschikking|woz-beschikking", "WOZ"),
    (r"\bbgt\b|grootschalige topografie", "BGT"),
    (r"\bbrt\b|basisregistratie topografie", "BRT"),
    (
        r"\bbri\b|basisregistratie inkomen|inkomensverklaring|\bib60\b|\bib 60\b"
        r"|verzamelinkomen|inkomensgegevens",
        "BRI",
    ),
    (r"\bbro\b|basisregistratie ondergrond", "BRO"),
    (r"paspoort|identiteitskaart|reisdocument", "Reisdocumenten"),
    (
        r"\bsuwinet\b|\buwv\b|uitkeringsspecificatie|polisadministratie|\bjaaropgaaf\b"
        r"|\bjaaropgave\b|loonstro|salarisstro",
        "Suwinet",
    ),
)
_REGISTRY_RES = tuple((re.compile(p), code) for p, code in _REGISTRY_PATTERNS)


def fallback_registry(text: str) -> str | None:
    """Which basisregistratie ``text`` names or comes from, by our own small table."""
    folded = fold(text)
    for pattern, code in _REGISTRY_RES:
        if pattern.search(folded):
            return code
    return None


# --- naming a service from the customer's side ----------------------------------------------

# Verbs (and their nouns) that describe the municipality's work, not the customer's goal.
INSIDE_VERBS = frozenset(
    {
        "behandelen",
        "afhandelen",
        "verwerken",
        "beoordelen",
        "toetsen",
        "registreren",
        "verlenen",
        "verstrekken",
        "heffen",
        "innen",
        "opleggen",
        "controleren",
        "uitvoeren",
        "vaststellen",
        "beslissen",
        "besluiten",
        "beschikken",
        "administreren",
        "beheren",
        "handhaven",
        "toekennen",
        "verwerking",
        "behandeling",
        "afhandeling",
        "beoordeling",
        "toetsing",
        "toewijzen",
        "toewijzing",
        "toekenning",
        "vaststelling",
        "registratie",
        "heffing",
        "inning",
        "invorderen",
        "invordering",
        "handhaving",
        "uitgifte",
        "afgifte",
        "verstrekking",
        "inname",
        "intake",
    }
)
INSIDE_NOUN_SUFFIXES = (
    "behandeling",
    "afhandeling",
    "verwerking",
    "beoordeling",
    "verlening",
    "verstrekking",
    "toekenning",
    "vaststelling",
    "uitgifte",
    "afgifte",
)

# The object of the service → how a customer says what they want done with it.
CUSTOMER_VERB_FOR_OBJECT: tuple[tuple[str, str], ...] = (
    ("melding", "{obj} doen"),
    ("klacht", "{obj} indienen"),
    ("bezwaar", "{obj} maken"),
    ("aangifte", "{obj} doen"),
    ("vraag", "antwoord krijgen op {obj}"),
    ("subsidie", "aanvragen {obj}"),
    ("uitkering", "aanvragen {obj}"),
    ("vergunning", "regelen {obj}"),
    ("ontheffing", "regelen {obj}"),
)

# --- closing activities ------------------------------------------------------------------------

# Closing work after the levering (GEMMA's example is facturatie), matched against the start
# of a word or, for the longer stems, anywhere in a compound ("zaakafsluiting",
# "dossierarchivering"). Short stems only at a word's start: "innen" is in "binnen".
CLOSING_INFIXES = (
    "factur",
    "archiv",
    "archief",
    "afsluit",
    "invorder",
    "evalu",
    "vernietig",
    "afrond",
    "afboek",
    "tevredenheid",
    "enquete",
    "nacalculatie",
)
CLOSING_PREFIXES = ("innen", "inning", "sluit", "bewaren", "betaling", "opbergen", "leges")
CLOSING_PHRASES = ("dossier sluiten", "zaak sluiten", "zaak beeindigen", "dossier beeindigen")


def looks_closing(name: str) -> bool:
    """Whether an activity's name says it is closing work (invoicing, archiving …)."""
    folded = fold(name)
    if any(p in folded for p in CLOSING_PHRASES):
        return True
    return any(
        any(stem in w for stem in CLOSING_INFIXES) or w.startswith(CLOSING_PREFIXES)
        for w in words(name)
    )


# --- intake and levering recognised by name (activities whose kind was left as taak) ----------

INTAKE_NAME_STEMS = ("intake", "inname", "aannemen", "aanmeld", "binnenkomst")
LEVERING_NAME_STEMS = (
    "lever",
    "uitreik",
    "afgifte",
    "afgeven",
    "terugkoppel",
    "bekendmak",
    "overhandig",
    "uitgeven",
    "aanbieden",
    "publiceer",
    "publiceren",
)
# Sending is a levering only with the result as object ("Besluit verzenden", "Pas per post
# sturen"); "stukken opsturen naar de adviseur" or "doorsturen naar de buitendienst" is not.
LEVERING_SEND_VERBS = (
    "verzend",
    "verzond",
    "verstuur",
    "verstur",
    "opstur",
    "toestur",
    "toezend",
    "terugstur",
    "stur",
    "mail",
    "e-mail",
    "post",
)
LEVERING_OBJECTS = (
    "besluit",
    "beschikking",
    "vergunning",
    "ontheffing",
    "pas",
    "kaart",
    "akte",
    "uitspraak",
    "reactie",
    "antwoord",
    "aanslag",
    "resultaat",
    "document",
    "brief",
    "uitslag",
    "bewijs",
    "verklaring",
    "toekenning",
    "afwijzing",
)
# "Ontvangen" is an intake only with what is received; "betaling ontvangen" is closing work.
RECEIVED_OBJECTS = (
    "aanvraag",
    "melding",
    "verzoek",
    "formulier",
    "klacht",
    "vraag",
    "aangifte",
    "bezwaar",
)
RECEIVING_VERBS = (
    "ontvang",
    "registr",
    "opnem",
    "opneem",
    "inschrijv",
    "vastleggen",
    "binnengekomen",
    "binnenkomen",
    "aangenomen",
    "innemen",
)
STATUS_WORDS = ("status", "bevestig", "ontvangstbericht", "tussenbericht", "voortgang")


def looks_intake(name: str) -> bool:
    ws = words(name)
    if any(w.startswith(INTAKE_NAME_STEMS) or "intake" in w for w in ws):
        return True
    return any(w.startswith(RECEIVING_VERBS) for w in ws) and any(
        any(o in w for o in RECEIVED_OBJECTS) for w in ws
    )


def looks_levering(name: str) -> bool:
    folded = fold(name)
    if any(s in folded for s in STATUS_WORDS):
        return False  # "bevestiging versturen" is a statusmelding, not the levering
    ws = words(name)
    if any(w.startswith(LEVERING_NAME_STEMS) or "lever" in w for w in ws):
        return True
    if any(w.startswith("door") for w in ws):
        return False
    return any(w.startswith(LEVERING_SEND_VERBS) for w in ws) and any(
        w.startswith(LEVERING_OBJECTS) or w.endswith(LEVERING_OBJECTS) for w in ws
    )


# --- what starts the process ------------------------------------------------------------------

# Words that say the customer asked (a request, report, question …).
REQUEST_STEMS = (
    "verzoek",
    "aanvraag",
    "aanvragen",
    "melding",
    "vraag",
    "klacht",
    "bezwaar",
    "aangifte",
    "aanmelding",
)
# Words that say the municipality starts from a responsibility or legal task.
RESPONSIBILITY_STEMS = (
    "wettelijk",
    "verordening",
    "verantwoordelijk",
    "taak",
    "toezicht",
    "heffing",
    "heffen",
    "belasting",
    "controleprogramma",
    "handhavingsprogramma",
    "beleid",
    "begroting",
    "jaarlijks",
    "periodiek",
    "verplicht",
    "grondslag",
)


def names_request(text: str) -> bool:
    return any(any(stem in w for stem in REQUEST_STEMS) for w in words(text))


def names_responsibility(text: str) -> bool:
    # "wet" as a word or the end of one ("Gemeentewet"), not the start ("wethouder")
    return any(w.startswith(RESPONSIBILITY_STEMS) or w.endswith("wet") for w in words(text))


# --- lead times -------------------------------------------------------------------------------

NUMBER_WORDS: dict[str, float] = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "twintig": 20,
    "zesentwintig": 26,
    "dertig": 30,
}

# Placeholders designers type where they do not know the answer yet.
PLACEHOLDERS = frozenset(
    {"", "-", "--", "?", "??", "n.v.t.", "nvt", "n.v.t", "onbekend", "geen", "tbd", "todo", "x"}
)


def is_placeholder(text: str) -> bool:
    """Whether a field is empty or holds only a placeholder ("n.v.t.", "?", "nog invullen")."""
    folded = fold(text).strip()
    return (
        folded in PLACEHOLDERS
        or folded.strip(".") in PLACEHOLDERS
        or folded.startswith(("nog invullen", "nog bepalen", "nader te bepalen", "..."))
    )


# --- fixed GEMMA references (the fallback sources) ---------------------------------------------

_K2K_URL = "https://www.gemmaonline.nl/index.php?title=Procesarchitectuur_Klant-tot-klantproces&oldid=445334"
_K2K = "Procesarchitectuur Klant-tot-klantproces"
_JOURNEY_URL = (
    "https://www.gemmaonline.nl/index.php?title=Procesarchitectuur_Klantreizen_en_serviceformules"
    "&diff=prev&oldid=807938"
)
_BOUWSTENEN_URL = (
    "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Procesbouwstenencatalogus"
)
_WAARDE_URL = "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Waarde_cre%C3%ABren"
_PA_URL = "https://www.gemmaonline.nl/index.php?title=GEMMA_Procesarchitectuur&oldid=456771"

# Excerpts are our own summaries; the passages retrieved at run time carry GEMMA's wording.
FALLBACK_SOURCES: dict[str, SourceRef] = {
    "gemeente-verzamelt-stukken": SourceRef(
        title=_K2K,
        section="Begin en eind van het klant-tot-klantproces",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "Procesvariant 2 van het straatfestival: na een klanttevredenheidsonderzoek "
            "verzamelt de gemeente de stukken zelf, zodat de klant dat werk niet meer hoeft te doen."
        ),
    ),
    "hergebruik-gegevens": SourceRef(
        title=_K2K,
        section="Begin en eind van het klant-tot-klantproces",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "Twee gerelateerde processen (eerst informatie, dan een aanvraag): gegevens die de "
            "klant in het eerste gaf, hergebruik je in het tweede in plaats van ze opnieuw te vragen."
        ),
    ),
    "intake-ontbreekt": SourceRef(
        title="Procesarchitectuur Procesbouwstenencatalogus",
        section="Deelservices Intake, Behandeling en Levering",
        url=_BOUWSTENEN_URL,
        source="gemma-online",
        excerpt=(
            "Een bedrijfsservice bestaat uit de deelservices Intake, Behandeling en Levering, "
            "gerealiseerd door Intaken, Behandelen inhoudelijk en Besluiten & leveren."
        ),
    ),
    "levering-ontbreekt": SourceRef(
        title="Procesarchitectuur Procesbouwstenencatalogus",
        section="Deelservices Intake, Behandeling en Levering",
        url=_BOUWSTENEN_URL,
        source="gemma-online",
        excerpt=(
            "Een klant-tot-klantproces eindigt met de levering van de dienst aan de klant "
            "(deelservice Levering, deelproces Besluiten & leveren)."
        ),
    ),
    "activiteit-na-levering": SourceRef(
        title=_K2K,
        section="Begin en eind van het klant-tot-klantproces",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "De levering hoeft niet de laatste activiteit te zijn: afsluitende activiteiten "
            "zoals facturatie kunnen erna komen."
        ),
    ),
    "naam-vanuit-klant": SourceRef(
        title=_K2K,
        section="Begin en eind van het klant-tot-klantproces",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "Voor de klant is het gemeentelijke proces een black box met een naam als "
            "'regelen vergunning': de bedrijfsservice, gezien vanaf de buitenkant."
        ),
    ),
    "aanleiding": SourceRef(
        title=_K2K,
        section="Van klant-tot-klant-proces",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "Meestal start een proces op verzoek van de klant; soms start de gemeente zelf vanuit "
            "een verantwoordelijkheid die de maatschappij haar gaf, zoals het heffen van belasting."
        ),
    ),
    "klantreis-context": SourceRef(
        title="Procesarchitectuur Klantreizen en serviceformules",
        section="Klantreizen",
        url=_JOURNEY_URL,
        source="gemma-online",
        excerpt=(
            "Het gemeentelijke proces is een deel van de grotere reis van de klant; wat ervoor "
            "en erna gebeurt bepaalt hoe intake en levering moeten aansluiten."
        ),
    ),
    "interne-klant-ontbreekt": SourceRef(
        title=_K2K,
        section="Sturende en ondersteunende processen",
        url=_K2K_URL,
        source="gemma-online",
        excerpt=(
            "Ondersteunende en sturende processen leveren aan een interne klant; die diensten "
            "worden als deelservices gemodelleerd, zoals bij 'Beheren archief en informatie'."
        ),
    ),
    "statusmelding-ontbreekt": SourceRef(
        title="Procesarchitectuur Waarde creëren",
        section="Klantwaarde",
        url=_WAARDE_URL,
        source="gemma-online",
        excerpt=(
            "Klantwaarde groeit als de klant weet waar zijn zaak staat; elk deelproces "
            "(Intaken, Behandelen, Besluiten & leveren) kan een statusmelding sturen."
        ),
    ),
    "gemma-referentie-ontbreekt": SourceRef(
        title="GEMMA Procesarchitectuur",
        section="Processenlandschap",
        url=_PA_URL,
        source="gemma-online",
        excerpt=(
            "Het processenlandschap van GEMMA bevat referentieprocessen (sturend, primair, "
            "ondersteunend); een gemeentelijk proces specialiseert er één."
        ),
    ),
}

DEFAULT_SOURCE = FALLBACK_SOURCES["aanleiding"].model_copy(
    update={"section": "", "excerpt": "De GEMMA-procesarchitectuur van het klant-tot-klantproces."}
)
