"""Offline Dutch understanding of interview answers.

Small, deterministic rules: no model, no I/O. Each function takes the user's text and
returns plain values; the slots decide what to do with them. The rules favour recall on
the phrasing designers actually use ("eerst X, daarna Y en tot slot Z") over elegance.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from assistant.model import (
    ActivityKind,
    Actor,
    Channel,
    CustomerType,
    Lane,
    RelationKind,
    TriggerKind,
)

MAX_ITEM = 300

# --- normalising --------------------------------------------------------------------------


def norm(text: str) -> str:
    """Casefolded, accent-free, single-spaced text for matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.casefold()).strip()


def clean_text(text: str) -> str:
    """Strip control characters (NUL and friends) and surrounding whitespace."""
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return re.sub(r"[ \t]+", " ", text).strip()


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", norm(text)))


# --- yes / no / don't know / question -----------------------------------------------------

_DONT_KNOW = re.compile(
    r"^(?:ik\s+)?(?:weet\s+(?:ik\s+)?(?:het\s+)?niet|geen\s+idee|onbekend|nvt|n\.v\.t\.?|"
    r"niet\s+van\s+toepassing|geen\s+flauw\s+idee|dat\s+weet\s+ik\s+niet|"
    r"weet\s+niet|geen\s+antwoord|none|null|\?+|-+)\b"
)
_YES = re.compile(
    r"^(?:ja|jawel|jazeker|zeker|klopt|correct|prima|goed|akkoord|oke|ok|okay|yes|"
    r"graag|doe\s+maar|dat\s+klopt|inderdaad|precies|true)\b"
)
_NO = re.compile(r"^(?:nee|neen|nope|niet|geen|no|liever\s+niet|nooit|false)\b")


_HEDGE_REST = re.compile(
    r"^[\s,.;:!-]*(?:(?:precies|zeker|eigenlijk|hoor|echt|helaas|nog|nu|niet|ook|"
    r"(?:nog\s+)?niet\s+bekend|geen\s+idee|sorry)[\s,.;:!-]*)*$"
)


def is_dont_know(text: str) -> bool:
    """ "weet ik niet", "geen idee hoor"; not "weet ik niet precies, maar via de balie"."""
    t = norm(text).strip(" .!")
    m = _DONT_KNOW.match(t)
    return m is not None and len(t) < 60 and bool(_HEDGE_REST.match(t[m.end() :]))


_HEDGE = re.compile(
    r"^(?:ik\s+)?(?:weet\s+(?:ik\s+)?(?:het\s+)?niet\s+(?:precies|zeker|helemaal)|"
    r"geen\s+idee|niet\s+zeker)\s*[,;:.-]\s*(?:maar\s+)?(?:(?:misschien|waarschijnlijk|"
    r"ik\s+denk|denk\s+ik|volgens\s+mij)\s*,?\s+)?",
    re.I,
)


def drop_label(text: str, names: set[str]) -> str:
    """ "Klant: de inwoner" → "de inwoner" when the part before the only colon is a short
    label naming what was asked (``names``: the slot's own words, such as "klant", "doel",
    "proces"); "KvK-uittreksel: Kamer van Koophandel" stays as it is."""
    m = re.match(r"^([^:\n]{2,40}):\s*(\S.*)$", text, flags=re.S)
    if m is None or text.count(":") != 1 or len(m.group(1).split()) > 3:
        return text
    words = {w for w in re.findall(r"[a-z]+", norm(m.group(1))) if len(w) >= 4}
    if any(w in n or n in w for w in words for n in names if len(n) >= 4):
        return m.group(2).strip()
    return text


def drop_hedge(text: str) -> str:
    """ "weet ik niet precies, maar waarschijnlijk online" → "online" (the answer part)."""
    m = _HEDGE.match(text)
    if m and not is_dont_know(text) and text[m.end() :].strip():
        return text[m.end() :].strip()
    return text


def yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither (or don't know)."""
    t = norm(text).strip(" .!")
    if is_dont_know(t):
        return None
    if _YES.match(t):
        return True
    if _NO.match(t):
        return False
    return None


_QUESTION_START = re.compile(
    r"^(?:wat\s+(?:is|zijn|betekent|betekenen|bedoel\s+je|houdt)|waarom|hoe\s+(?:zit|werkt|bedoel)|"
    r"wie\s+is|kun\s+je\s+uitleggen|kan\s+je\s+uitleggen|leg\s+(?:eens\s+)?uit|uitleg\s+over|"
    r"wat\s+wordt\s+bedoeld|welke\s+voorbeelden|geef\s+een\s+voorbeeld)\b"
)


def is_question(text: str) -> bool:
    """A question from the user instead of an answer ("wat is een deelservice?")."""
    t = norm(text)
    if not t or is_dont_know(t):
        return False
    if _QUESTION_START.match(t) and (
        t.endswith("?") or (len(t) <= 80 and not re.search(r"[:;\n]", t))
    ):
        return True
    # a short line ending in "?" that starts with a question word
    return t.endswith("?") and bool(
        re.match(r"^(?:wat|wie|waarom|hoe|welke|wanneer|is|zijn|moet)\b", t)
    )


def question_term(text: str) -> str:
    """The concept the user asks about: "wat is een deelservice?" → "deelservice"."""
    t = norm(text).rstrip(" ?!.")
    t = re.sub(
        r"^(?:wat\s+(?:is|zijn|betekent|betekenen|bedoel\s+je\s+met|houdt)\s+|"
        r"kun\s+je\s+uitleggen\s+wat\s+|kan\s+je\s+uitleggen\s+wat\s+|leg\s+(?:eens\s+)?uit\s+wat\s+|"
        r"uitleg\s+over\s+|wat\s+wordt\s+bedoeld\s+met\s+)",
        "",
        t,
    )
    t = re.sub(r"\s+(?:is|zijn|in\s+wordt|precies|eigenlijk|in|inhoudt)$", "", t)
    t = re.sub(r"^(?:een|de|het)\s+", "", t)
    return t.strip() or norm(text)


def asks_why(text: str) -> bool:
    t = norm(text)
    return bool(re.match(r"^(?:waarom|waar\s+is\s+dat\s+voor|waarvoor)\b", t)) and len(t) < 80


# --- corrections --------------------------------------------------------------------------

_CORRECTION = re.compile(
    r"^(?:nee|neen|niet|correctie|sorry|oeps|fout|verkeerd|dat\s+klopt\s+niet|"
    r"ik\s+bedoel(?:de)?|dat\s+is\s+niet\s+goed)\b[\s,:;!.-]*"
)


def correction_body(text: str) -> str | None:
    """For a correction ("nee, dat doet de gemeente zelf") the corrected part, else None."""
    t = clean_text(text)
    m = _CORRECTION.match(norm(t))
    if not m:
        return None
    body = t[m.end() :].strip(" ,:;-")
    # "nee, ik bedoel X" → X
    body = re.sub(
        r"^(?:ik\s+bedoel(?:de)?|het\s+moet\s+zijn|moet\s+zijn)\s*[:,]?\s*", "", body, flags=re.I
    )
    return body


# --- lists --------------------------------------------------------------------------------

_CONNECTORS = (
    r"(?:en\s+)?(?:daarna|daarop|vervolgens|dan|eerst|ook|tot\s+slot|ten\s+slotte|"
    r"uiteindelijk|als\s+laatste|als\s+eerste|tenslotte|nog|bovendien|plus|"
    r"verder(?!\s+(?:met|gaan|gaat|werken|naar|op|in)\b)|o\.\s?a\.?|onder\s+andere|"
    r"bijvoorbeeld|bijv\.?|zoals|namelijk|"
    r"en\s+dan|en\s+ook|na\s+afloop|daarnaast|om\s+te\s+beginnen)"
)
_LEAD = re.compile(rf"^(?:(?:en|of|maar)\s+)?(?:{_CONNECTORS}\s*[,:]?\s+)+", re.I)
# "- ", "1. ", "(2) ", "a) ", and as a checklist is typed: "1: ", "doc 3: ", "stap 2: "
_BULLET = re.compile(
    r"^\s*(?:[-*•·]|\(?\d+[.):]|[a-z][.)]|(?:doc(?:ument)?|stuk|stap|item)\s*\d{1,2}\s*[:.)])\s+",
    re.I,
)


# Words a talker wraps an answer in ("volgens mij", "eigenlijk", "meestal"): they say how
# sure the speaker is, not what the item is, so they do not belong in a name.
_FILLER_LEAD = re.compile(
    r"^(?:(?:nou(?:\s+ja)?|ja|maar|hmm+|tja|oei|dan|uiteindelijk|eigenlijk|volgens\s+mij|ik\s+denk(?:\s+dat)?|"
    r"ik\s+geloof(?:\s+dat)?|ik\s+zou\s+zeggen(?:\s+dat)?|in\s+principe|meestal|vaak|"
    # ("natuurlijk persoon" is a legal term, not a hedge)
    r"gewoon|eerlijk\s+gezegd|zeg\s+maar|natuurlijk(?!\s+perso)|zoiets\s+als|"
    r"een\s+soort(?:\s+van)?|"
    r"in\s+(?:elk|ieder)\s+geval|sowieso|alleen|(?:dat\s+)?zei\s+ik\s+al|zoals\s+ik\s+(?:al\s+)?zei|"
    r"(?:we|wij)\s+vragen(?:\s+om)?|"
    r"wat\s+(?:we|wij)\s+(?:nodig\s+hebben|vragen|willen\s+hebben)\s+(?:is|zijn)|"
    r"zoals\s+gezegd)"
    r"\s*[,:]?\s+)+",
    re.I,
)
_FILLER_INNER = re.compile(
    r"(?<=\S)\s*,?\s+(?:eigenlijk|volgens\s+mij|eerlijk\s+gezegd|zeg\s+maar|denk\s+ik|"
    r"geloof\s+ik|zoals\s+gezegd)\b\s*,?(?=\s|$)",
    re.I,
)
# "is dat een inwoner", "zijn dat vooral …" once the filler in front has gone
_COPULA_LEAD = re.compile(
    r"^(?:dan\s+)?(?:is|zijn)\s+(?:dat|het|die|dit|er)\s+(?:dan\s+)?(?:vooral\s+|met\s+name\s+)?",
    re.I,
)


def drop_fillers(text: str) -> str:
    """ "Volgens mij is dat eigenlijk een inwoner" → "een inwoner"; the content stays."""
    out = _FILLER_LEAD.sub("", text.strip())
    out = _FILLER_INNER.sub("", out)
    out = _COPULA_LEAD.sub("", _FILLER_LEAD.sub("", out)).strip()
    return out if re.search(r"\w", out) else text.strip()


def _balance(item: str) -> str:
    """Drop a stray bracket at either end, keep a balanced "(…)"."""
    while item.endswith(")") and item.count(")") > item.count("("):
        item = item[:-1].rstrip()
    while item.startswith("(") and item.count("(") > item.count(")"):
        item = item[1:].lstrip()
    if item.startswith("(") and item.endswith(")") and item.count("(") == 1:
        item = item[1:-1]
    return item


def strip_lead(text: str) -> str:
    """ "En de wachttijd is lang" → "de wachttijd is lang": connectors at the start go."""
    out = _LEAD.sub("", text).strip()
    return re.sub(r"^(?:en|of|maar|ook)\s+", "", out, flags=re.I) or text


def _strip_item(item: str) -> str:
    item = _BULLET.sub("", item.strip())
    # "Twee: het beheer van de kluis": a count said before the first item; "Bij het
    # bezoek: geldig identiteitsbewijs": when it is needed
    item = re.sub(r"^(?:één|een|twee|drie|vier|vijf|zes|[1-9])\s*:\s*", "", item, flags=re.I)
    item = re.sub(r"^bij\s+(?:\w+\s+){0,3}\w+\s*:\s*(?=\S)", "", item, flags=re.I)
    # "idem als bij elke Wmo-voorziening: dossier archiveren"
    item = re.sub(
        r"^(?:idem|hetzelfde|zelfde|net\s+zo)\s+als\s+[^:]{1,60}:\s*(?=\S)", "", item, flags=re.I
    )
    item = _balance(item.strip(" \t.;:,!\"'“”‘’"))
    for _ in range(3):
        new = _LEAD.sub("", item).strip(" ,.;:")
        new = re.sub(r"^(?:en|of)\s+", "", new, flags=re.I)
        if new == item:
            break
        item = new
    item = re.sub(r"\s+(?:en\s+zo|enzovoort|enz|etc|e\.d)\.?$", "", item, flags=re.I)
    item = drop_fillers(item.strip(" \t.;:,!\"'“”‘’"))
    # "(daarna) archiveren we het dossier" → "het dossier archiveren": the step as a step
    inverted = re.fullmatch(
        r"(\w+en)\s+(?:we|wij)\s+((?:de|het|een|zijn|haar|hun|alle|onze?)\s+[^,;]{2,80})",
        item.strip(" \t.;:,!"),
        flags=re.I,
    )
    if inverted:
        item = f"{inverted.group(2)} {inverted.group(1).lower()}"
    return item.strip(" \t.;:,!\"'“”‘’")[:MAX_ITEM]


_NOT_ITEMS = {
    "ja",
    "jazeker",
    "klopt",
    "zeker",
    "inderdaad",
    "geen",
    "niets",
    "nee",
    "niks",
    "daarvoor",
    "daarna",
    "ervoor",
    "erna",
    "eerst",
    "vooraf",
    "later",
    "achteraf",
    "dan",
    "ook",
    "enz",
    "etc",
    "enzovoort",
    "dergelijke",
    "zo",
    # "en pas daarna": what is left of it once "daarna" has separated the items
    "pas",
    # interjections a talker starts with: "Nou, …", "Oei, dat is best veel."
    "nou",
    "nou ja",
    "hm",
    "hmm",
    "oei",
    "tja",
    "ach",
    "goh",
    "oh",
    "eh",
    "ehm",
    "uhm",
    "pff",
    "ok",
    "oke",
    "wel",
}

# "… vragen we niet meer", "dat sturen we niet meer": something the municipality stopped doing
_NO_LONGER_DONE = r"(?:vragen|doen|sturen|hebben|maken|gebruiken)\s+(?:we|wij)\s+niet\s+meer"

# A remark about the question rather than an answer to it: "dat is best veel", "er gaat
# heel wat aan vooraf", "goede vraag".
_COMMENTARY = re.compile(
    r"^(?:(?:nou|meestal|vaak|eigenlijk|tja|ja|oei)\s*,?\s+)*(?:"
    r"(?:dat|dit|het)\s+(?:is|zijn|wordt|worden)\s+(?:er\s+)?(?:best|heel|nogal|erg|vrij|echt|"
    r"wel|ook)?\s*(?:veel|wat|een\s+hoop|een\s+boel|lastig|moeilijk|ingewikkeld|"
    r"een\s+(?:goede|lastige|moeilijke)\s+vraag|een\s+heel\s+verhaal)|"
    r"(?:er\s+)?(?:gaat|komt)\s+(?:er\s+)?(?:best|heel|nogal|vrij)?\s*(?:wat|veel)\s+"
    r"(?:aan\s+vooraf|bij\s+kijken|achteraan)|"
    r"(?:goede|lastige)\s+vraag|(?:laat\s+me\s+)?even\s+denken|"
    r"(?:maar\s+)?dat\s+is\s+(?:weer\s+)?een\s+ander\s+verhaal|(?:verder\s+)?niet\s+echt|"
    r"eerlijk\s+gezegd|(?:ja\s*,?\s*)?(?:vaak|meestal|soms|zeker)\s+wel(?:\s+eigenlijk)?|"
    r"(?:ja\s*,?\s*)?(?:die|dat|deze)\s+ook(?:\s+nog)?|"
    r"(?:dat|dit)\s+(?:is|zijn)\s+(?:\w+\s+){0,3}(?:proces|deelservice|bedrijfsservice|dienst)|"
    # a consultant's qualifiers: "dat is het, als ik het goed heb", "verder in principe
    # niets tot …", "tenzij er iets verandert", "dat is maatwerk", "dat is de follow-up"
    r"(?:dat|dit)\s+(?:is|was)\s+(?:het|alles)|meer\s+niet|"
    r"verder\s+(?:in\s+principe\s+|eigenlijk\s+|ook\s+)?(?:niets|niks|geen)\b.*|"
    r"als\s+ik\s+(?:het\s+)?goed\s+(?:heb|ben|weet)|als\s+ik\s+me\s+niet\s+vergis|"
    r"als\s+het\s+goed\s+is|tenzij\s.*|geen\s+standaard\w*|"
    # "Die vragen we ook.": the item is asked for, nobody is named who provides it
    r"(?:die|dat|deze)\s+(?:vragen|eisen|willen|verlangen)\s+(?:we|wij)(?:\s+ook)?(?:\s+nog)?|"
    r"(?:maar\s+)?(?:dat|dit)\s+(?:is|zijn)\s+(?:\w+\s+){0,2}(?:maatwerk|follow-?up|nazorg|"
    r"uitzondering\w*)|"
    rf".{{0,60}}\b{_NO_LONGER_DONE}|"
    r"(?:dat\s+)?(?:is|zijn)|(?:dat\s+)?verschilt)\s*[.!]*$",
    re.I,
)
# "loonstroken, bankafschriften en brieven, dus aanmaningen": a short part that only
# restates the one before it
_ELABORATION = re.compile(
    r"^(?:dus|oftewel|ofwel|met\s+andere\s+woorden|dat\s+wil\s+zeggen)\s", re.I
)


_NUMBER_VALUES = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "twintig": 20, "dertig": 30,
}  # fmt: skip


def _number(word: str) -> int | None:
    """ "4" → 4, "vier" → 4; None for a word that is no number."""
    return int(word) if word.isdigit() else _NUMBER_VALUES.get(word)


def stated_count(text: str) -> int | None:
    """ "Er zijn twee stukken nodig: …", "3 activiteiten: …" → how many items the speaker
    announced at the start of the answer, or None."""
    m = re.match(
        r"^\W*(?:(?:er\s+zijn|we\s+vragen|het\s+zijn|dat\s+zijn)\s+)?(twee|drie|vier|vijf|zes|"
        r"zeven|acht|[2-9])\s+(?:stukken|documenten|gegevens|activiteiten|stappen|stuks|"
        r"meldingen|statusmeldingen|processen|diensten|dingen)\b[^:.\n]{0,20}:",
        norm(text),
    )
    if m is None:
        return None
    word = m.group(1)
    return _number(word)


def is_commentary(item: str) -> bool:
    """ "Dat is best veel", "meestal gaat er heel wat aan vooraf": talk about the question,
    not an item of the answer."""
    return bool(_COMMENTARY.match(norm(item)))


def split_numbered(text: str) -> str:
    """ "1. registreren 2. toetsen 3. besluiten" (or "(1) … (2) …") on one line → one
    numbered item per line."""
    if len(re.findall(r"(?:^|\s)\(?\d{1,2}[.)]\s+\D", text)) >= 2:
        return re.sub(r"[\s,;]+(?=\(?\d{1,2}[.)]\s+\D)", "\n", text)
    return text


_ABBREVIATIONS = {
    "bijv",
    "evt",
    "ca",
    "nr",
    "art",
    "bv",
    "incl",
    "excl",
    "max",
    "min",
    "mr",
    "dr",
    "mw",
    "dhr",
    "mevr",
    "st",
    "tel",
    "vs",
    "etc",
    "enz",
    "resp",
    "zgn",
    "jl",
    "mrt",
    "okt",
    "sept",
}


def split_sentences(text: str) -> list[str]:
    """Sentences within one line: split at ". " before a capital, not after "bijv." or "o.a.";
    in text typed without capitals at all ("startdatum. woonadres komt uit de brp") before
    any letter."""
    out: list[str] = []
    start = 0
    lower = not re.search(r"[A-Z]", text)
    starts = r"[a-z\"'“‘(]" if lower else r"[A-Z\u00C0-\u00DD\"'“‘(]"
    for m in re.finditer(rf"[.!?]\s+(?={starts})", text):
        token = (
            text[start : m.start()].rsplit(None, 1)[-1] if text[start : m.start()].strip() else ""
        )
        if "\n" in text or "." in token or token.casefold() in _ABBREVIATIONS or len(token) < 2:
            continue
        if lower and len(token) <= 4:
            continue  # without capitals "med. advies" is an abbreviation, not two sentences
        out.append(text[start : m.start() + 1].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


_INTRO = re.compile(
    r"\b(?:dat|die|dit|deze|zijn|is|we|wij|ja|namelijk|volgende|onder\s+andere|bijvoorbeeld|"
    r"o\.\s?a|stukken|documenten|gegevens|activiteiten|stappen|meldingen|processen|diensten|"
    r"bijlagen|knelpunten|stuks?)\b",
    re.I,
)


# Headings that group the items of an answer: "Volgend: a en b. Gelijktijdig: c",
# "Sturend: x. Ondersteunend: y", "Uit de BRP: naam, adres. Van DUO: …", "Intaken: …".
# Only these words: "naam: verplicht" is a pair, not a heading.
_GROUP_WORDS = (
    r"(?:volgend\w*|vervolg\w*|voorafgaand\w*|vooraf|gelijktijdig\w*|tegelijk\w*|parallel|daarvoor|"
    r"daarna|erna|achteraf|sturend\w*|ondersteunend\w*|primair\w*|uitvoerend\w*|"
    r"(?:uit|van|via|bron)\s[^:;,.\n]{1,30}|bron|intake\w*|behandel\w*(?:\s+\w+)?|"
    r"besluit\w*(?:\s*(?:&|en)\s*\w+)?|lever\w*|afsluit\w*|frontoffice|backoffice|"
    r"ketenpartners?|derden?|(?:verder\s+)?intern)"
)
_GROUP_LABEL = re.compile(
    rf"(^|\n|[.;]\s+)(\s*(?:[-*•]\s+|\d{{1,2}}[.)]\s+)?)({_GROUP_WORDS})\s*:\s+", re.I
)


_GROUP_HEADING = re.compile(_GROUP_LABEL.pattern + r"(\S)", re.I)
_SUB_NOTE = re.compile(
    r"\n[ \t]+(?:[-*•]|\d{1,2}[.)])?[ \t]*(?:alleen|vooral|let\s+op|bijv\w*|niet|meestal|"
    r"soms|als|indien|zie|n\.?b\.?|behalve|mits)\b[^\n]*",
    re.I,
)


def labelled_groups(text: str) -> list[tuple[str, str]]:
    """The parts of an answer with the heading each stands under ("" for none):
    "Ja. Volgend: a en b. Gelijktijdig: c" → [("", "Ja."), ("Volgend", "a en b."),
    ("Gelijktijdig", "c")]."""
    text = clean_text(text)
    marks = list(_GROUP_LABEL.finditer(text))
    if not marks:
        return [("", text)]
    out: list[tuple[str, str]] = []
    head = text[: marks[0].start() + len(marks[0].group(1))].strip()
    if head:
        out.append(("", head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() + len(marks[i + 1].group(1)) if i + 1 < len(marks) else None
        out.append((m.group(3).strip(), text[m.end() : end].strip()))
    return out


def label_for(item: str, groups: list[tuple[str, str]]) -> str:
    """The heading of the part an item was taken from, or ""."""
    key = norm(item)
    return next((label for label, part in groups if key and key in norm(part)), "")


def _drop_intro(text: str) -> str:
    """ "Dat zijn: a, b en c" → "a, b en c"; "ontvangstbevestiging: per mail" stays."""
    # "Allemaal in de frontoffice, door de ambtenaar: 1. … 2. …": whatever comes before a
    # numbered list is its lead-in
    numbered = re.match(r"^([^:\n]{3,200}?):\s+(\(?1[.)]\s.+)$", text, flags=re.S)
    if numbered and len(numbered.group(1).split()) <= 25:
        return numbered.group(2)
    m = re.match(r"^([^,;:\n()]{1,80}):\s+(.+)$", text, flags=re.S)
    # only a colon before a space counts: "schaal 1:100" is no second lead-in
    if m is None or len(re.findall(r":\s", text)) != 1:
        return text
    # a longer lead-in ("we vragen in het begin alleen de basis: naam, adres") only before
    # a list
    words = len(m.group(1).split())
    if words > 10 or (words > 4 and not re.search(r"[,;]|\sen\s", m.group(2))):
        return text
    return m.group(2) if _INTRO.search(m.group(1)) else text


_ARTICLE = re.compile(r"(?:de|het|een|zijn|haar|hun|onze?)\s", re.I)


def _rejoin_pairs(pieces: list[str], with_articles: bool) -> list[str]:
    """ "het beleid veiligheid", "gezondheid", "een plattegrond" → "het beleid veiligheid en
    gezondheid", "een plattegrond": in a list whose items carry articles, one bare word
    after a name of three words or more is the second half of that name ("een paspoort en
    pasfoto" stays two: the name before is short)."""
    if not with_articles or len(pieces) < 2:
        return pieces
    out: list[str] = []
    for piece in pieces:
        bare = piece.strip()
        if (
            out
            and len(bare.split()) == 1
            and not _ARTICLE.match(bare + " ")
            and len(out[-1].split()) >= 3
            and _ARTICLE.match(out[-1].strip())
        ):
            out[-1] = f"{out[-1]} en {bare}"
        else:
            out.append(piece)
    return out


# what the speaker names only to leave it out of the list
_LEFT_OUT = re.compile(
    # "stroom niet, dat regelt de marktmeester": a short item said with "niet"; "vooraf geen"
    r"^(?:\w+\s+){0,2}\w+\s+niet\W*$|^(?:\w+\s+){1,2}geen\W*$|"
    r"\b(?:reken(?:en)?\s+(?:ik|we|wij)\s+(?:\w+\s+)?niet\s+mee|"
    r"(?:hoort|horen|valt|vallen)\s+(?:er|hier)\s+niet\s+(?:bij|onder)|telt\s+niet\s+mee|"
    r"(?:is|zijn)\s+(?:\w+\s+)?niet\s+(?:meer\s+)?nodig|"
    r"laat\s+ik\s+(?:\w+\s+){0,2}buiten)\b|"
    # "een verzekeringspolis vragen sommige buurgemeenten wel; wij niet."
    r"[;,]\s*(?:wij|we)\s+niet\W*$"
)


_WHEN_ONLY = re.compile(
    r"(?:(?:binnen|na|uiterlijk|ongeveer|zo'?n)\s+)?(?:een|één|\d{1,3}|twee|drie|vier|vijf|zes|"
    r"zeven|acht|negen|tien)\s+(?:werk)?(?:dag|dagen|week|weken|maand|maanden|uur)"
    r"(?:\s+(?:van\s+tevoren|vooraf|ervoor|erna|later|eerder|daarna|na\s+\w+))?"
)
_CHANNEL_ONLY = re.compile(
    r"(?:per|via|op|in)\s+(?:de\s+|het\s+)?(?:e-?mail|mail|sms|post|brief|telefoon|app|"
    r"website|portaal|portal|berichtenbox)(?:\s+(?:of|en)\s+(?:per\s+|via\s+)?(?:de\s+|het\s+)?"
    r"(?:e-?mail|mail|sms|post|brief|telefoon|app|website|portaal|portal|berichtenbox))?"
)


def split_list(text: str) -> list[str]:
    """Split a Dutch enumeration into items.

    "sponsoring regelen, artiesten boeken en daarna de catering" → three items. Splits on
    new lines, bullets, semicolons, commas, " en ", " daarna ", " en dan "… but keeps an
    "en" inside a parenthesis (e.g. "(klant en gemeente)") together.
    """
    text = clean_text(text)
    if not text:
        return []
    # "Deze stappen zet hij niet zelf, dat is typisch:\n• a\n• b": the line that
    # announces a bulleted list is no item (and says nothing about who does them)
    intro = re.match(
        r"[^\n]{3,200}:[ \t]*\n(?:[ \t]*\n)*(?=[ \t]*(?:[-*•]|\d{1,2}[.):]|[a-z]\)|"
        r"(?:doc(?:ument)?|stuk|stap|item)\s*\d{1,2}\s*[:.)])\s)",
        text,
        flags=re.I,
    )
    if intro:
        text = text[intro.end() :]
    # a list written as a list ("['a', 'b']", from a script or a fact sheet)
    listed = re.fullmatch(r"\[(.*)\]", text, flags=re.S)
    if listed:
        text = listed.group(1)
    # the heading goes; a capital keeps the sentence after it a sentence of its own
    text = _GROUP_HEADING.sub(lambda m: m.group(1) + m.group(2) + m.group(4).upper(), text)
    # an indented note under an item ("3. toestemming verhuurder\n   - alleen bij
    # huurders!") says something about that item; it is not one of its own
    text = _SUB_NOTE.sub("", text)
    one_line = "\n" not in text
    text = split_numbered(_drop_intro(text))
    # "(1) a, (2) b, schaal 1:100, (3) c" on one line: the numbers separate the items, so a
    # comma inside one does not (numbered lines written as such may each hold a list)
    numbered_lines = [ln for ln in text.split("\n") if ln.strip()]
    numbered = (
        one_line
        and len(numbered_lines) > 1
        and all(re.match(r"\s*\(?\d{1,2}[.)]\s", ln) for ln in numbered_lines)
    )
    # "het proces-verbaal en, als er kinderen zijn, de eerdere meldingen": a condition
    # between commas belongs to the item after it
    text = re.sub(
        r",\s*(?:als|indien|wanneer|zo\s+nodig|voor\s+zover)\s[^,;.\n]{1,60},\s*",
        " ",
        text,
        flags=re.I,
    )
    # ", waarbij de corporatie een achterstand doorgeeft en wij op huisbezoek gaan": a
    # clause that explains the item before it, up to the end of its sentence or a ", en"
    # that starts the next item
    text = re.sub(
        r",\s*(?:waarbij|waardoor|omdat|doordat|zodat|want|wat\s+betekent)\s"
        r"(?:(?!,\s*(?:en|of)\s)[^.;\n])*",
        "",
        text,
        flags=re.I,
    )
    # "…, waarna de backoffice de leverancier opdracht geeft": the next step
    text = re.sub(r",\s*waarna\s+", "; ", text, flags=re.I)
    # "aanmaningen en dergelijke": the tail says "and so on", it is not an item of its own
    text = re.sub(
        r"\s+(?:en\s+(?:dergelijke|zo(?:voort|voorts)?|zo\s+verder|meer)|e\.d\.?)"
        r"(?=\s*(?:[.,;!?)\n]|$))",
        "",
        text,
        flags=re.I,
    )
    # "naam + adres", "naam/adres/telefoon": the writer's own separators (not "en/of");
    # "a - b - c" when the dashes are the only separators ("intake - klant" keeps its role)
    # ("tekeningen bestaand + nieuw (schaal 1:100)" is one item: one word after the plus
    # that only qualifies the words before it)
    text = re.sub(
        r"(?<=\w\s)(\w+)\s+\+\s+(?=\w+(?:\s*\([^()]*\))?\s*(?:[\n,;]|$))", r"\1 en ", text
    )
    text = re.sub(r"\s+\+\s+", "; ", text)
    # "leges innen / dossier archiveren", "a | b": a slash or bar between spaces separates
    # whole items
    text = re.sub(r"\s+[/|]\s+", "; ", text)
    if len(re.findall(r"\s[-–]\s", text)) >= 2 and not re.search(r"[,;\n]", text):
        text = re.sub(r"\s+[-–]\s+", "; ", text)
    if "://" not in text:
        # "wel/niet", "ja/nee" and "en/of" are one choice, not two items
        text = re.sub(
            r"(?<=[^\W\d])(?<!\bwel)(?<!\bja)/(?!of\b|niet\b|nee\b|no-|non-|niet-)(?=[^\W\d])",
            "; ",
            text,
        )
    # separate sentences are separate items: "Ontvangstbevestiging. Verder een bericht …"
    sentences = split_sentences(text)
    if len(sentences) > 1:
        found: list[str] = []
        for sentence in sentences:
            # "… Dus alleen de ontvangstbevestiging.": a short summary of what was said
            if found and _ELABORATION.match(sentence) and len(sentence.split()) <= 5:
                continue
            if found and _LEFT_OUT.search(norm(sentence)):
                continue  # "Een opdrachtbrief, zoals …, is intern niet nodig."
            if re.fullmatch(r"geen(?:\s+\w+){1,2}\W*", norm(sentence)):
                continue  # "Geen persoonlijke. Wel …": what there is not
            if found and re.match(
                r"(?:verder|daarnaast|meer)\s+(?:in\s+principe\s+|eigenlijk\s+|ook\s+)?"
                r"(?:niets|niks|geen|niet)\b",
                norm(sentence),
            ):
                continue  # "Verder niets, de rest gebeurt direct aan de balie."
            if found and re.match(r"(?:dat|dit|die)\s+is\s", norm(sentence)):
                continue  # "De naamskeuze. Dat is een eigen akte, …": about the item before
            found.extend(split_list(sentence))
        return found
    # "Wel twee publieke updates op de website: 'a' en 'b'": a lead-in that counts the
    # items after its colon announces them
    lead = re.match(r"^([^:\n]{3,160}):\s+(\S.*)$", text.strip(), flags=re.S)
    if lead and text.count(":") == 1:
        counted = re.search(r"\b(twee|drie|vier|vijf|zes|zeven|acht|[2-9])\b", norm(lead.group(1)))
        announced = split_list(lead.group(2)) if counted else []
        if counted and len(announced) == _number(counted.group(1)):
            return announced
    # protect parentheses from splitting
    protected: list[str] = []

    def _keep(m: re.Match[str]) -> str:
        protected.append(m.group(0))
        return f"\x00{len(protected) - 1}\x00"

    text = re.sub(r"\([^()]*\)", _keep, text)
    # "'beheren informatie en archief' en 'beheren website'": a name between quotes is one
    # item ("pdf's" and "foto's" hold no quotes: a quote mark opens after a space)
    text = re.sub(r"(?<!\w)['‘\"“](?=\S)[^'‘’\"“”\n]{2,120}?(?<=\S)['’\"”](?!\w)", _keep, text)
    # "drank- en horecavergunning": a hyphen before "en" shares the word's tail, one item
    # (only from the start of a word: otherwise a long run of letters without a hyphen
    # costs quadratic time, and a 100 000-character paste would stall the turn)
    text = re.sub(r"(?<![\w-])\w+-\s+(?:en|of)\s+\w+", _keep, text)
    # "evalueren met de buitendienst en de aannemer": both are who it is done with, at the
    # end of one item
    text = re.sub(
        r"\b(?:samen\s+)?met\s+(?:de|het|een|zijn|haar)\s+\w+\s+en\s+(?:de|het|een)\s+\w+"
        r"(?=\s*(?:[.,;\n]|$))",
        _keep,
        text,
        flags=re.I,
    )
    strong = bool(re.search(r"\n|;|\s•\s", text))
    if numbered:
        # a numbered list: the numbers separate the items, a comma inside one does not;
        # a sentence after the last item ("6. borden plaatsen. Na een jaar evalueren we
        # nog.") is no part of it: it tells what comes after the list
        parts = [ln for ln in text.split("\n") if ln.strip()]
        if parts:
            # (a bracket is protected by now: "\x00" closes it)
            parts[-1] = re.split(r"(?<=[a-z)\x00])\.\s+(?=[A-Z])", parts[-1], maxsplit=1)[0]
    else:
        # "het B-formulier, in een gesloten envelop voor het CBS": a comma before "in een …"
        # adds where the item is, it starts no item of its own
        text = re.sub(
            r",\s+(?=(?:in|onder|zonder|voor)\s+(?:een|de|het)\s+[^,;\n]{3,60}(?:[,;.\n]|$))",
            " ",
            text,
            flags=re.I,
        )
        # "een ontvangstbevestiging, automatisch vanuit het portal": how it comes, no item
        text = re.sub(
            r",\s+(?=(?:automatisch|handmatig|digitaal)\s+(?:vanuit|via|uit|door|per)\s)",
            " ",
            text,
            flags=re.I,
        )
        parts = re.split(r"\n+|;|(?<!\d),(?!\d)|\s+•\s+", text)
    # items that mostly start with "de", "het" or "een": a bare word after "en" belongs to
    # the item before it ("het beleid veiligheid en gezondheid, een plattegrond")
    with_articles = sum(1 for p in parts if _ARTICLE.match(p.strip())) >= 2
    # a closing remark ("…, die haalt de gemeente op") does not count as the last part
    last = len(parts) - 1
    while last > 0 and is_remark(parts[last].strip()):
        last -= 1
    # "vragen we advies aan politie, brandweer en busvervoerder": the bare names after "aan
    # X" are who else, not steps of their own
    merged: list[str] = []
    for part in parts:
        if (
            merged
            and re.search(
                r"\b(?:aan|met|door|bij)\s+(?:de\s+|het\s+)?[^\W\d]+$", merged[-1].strip()
            )
            and re.fullmatch(
                r"\s*[^\W\d]+(?:\s+(?:en|of)\s+[^\W\d]+)?(?:\s*(?:\([^()]*\)|\x00\d+\x00))?\s*",
                part,
            )
        ):
            merged[-1] = f"{merged[-1]}, {part.strip()}"
        else:
            merged.append(part)
    parts = merged
    items: list[str] = []
    for index, part in enumerate(parts):
        # "a, b en c": "en" separates only in the last comma part; with ";" or new lines
        # the writer already separated the items, so "archief en informatie" stays whole
        if strong or (len(parts) > 1 and index < last):
            items.extend(
                re.split(
                    r"\s+(?:en\s+daarna|en\s+dan|daarna|vervolgens|en\s+vervolgens)\s+",
                    part,
                    flags=re.I,
                )
            )
            continue
        sub = re.split(
            r"\s+(?:en\s+daarna|en\s+dan|en\s+vervolgens|en\s+tot\s+slot|en\s+ten\s+slotte|"
            r"daarna|vervolgens|en\s+als\s+laatste|en|plus)\s+",
            part,
            flags=re.I,
        )
        items.extend(_rejoin_pairs(sub, with_articles))
    out: list[str] = []
    for raw in items:
        restored = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], raw)
        item = _strip_item(restored)
        if not item or is_dont_know(item) or norm(item) in _NOT_ITEMS or is_commentary(item):
            continue
        if out and re.match(r"(?:die|dat)\s+(?:hij|zij|ze|we|wij|je|men|u)\s", norm(item)):
            out[-1] = f"{out[-1]}, {item}"  # "…, die hij van de Kansspelautoriteit heeft"
            continue
        if out and _WHEN_ONLY.fullmatch(norm(item)):
            out[-1] = f"{out[-1]}, {item}"  # "…, een week van tevoren": when the item comes
            continue
        if out and _CHANNEL_ONLY.fullmatch(norm(item)):
            out[-1] = f"{out[-1]}, {item}"  # "…, per e-mail of sms": how the item before comes
            continue
        if len(items) > 1 and re.fullmatch(r"geen(?:\s+\w+){1,2}", norm(item)):
            continue  # "Geen persoonlijke. Wel …": what there is not, next to what there is
        if _LEFT_OUT.search(norm(item)):
            continue  # "het nautisch beheer reken ik niet mee": named to be left out
        if out and _ELABORATION.match(item) and len(item.split()) <= 8:
            continue
        if out and re.match(r"^door\s+(?:de\s+|het\s+)?\S+(?:\s+\S+)?$", item, re.I):
            continue  # "…, door team Geo": who does the item before, not an item
        out.append(item)
    return out


# --- actors, lanes, channels --------------------------------------------------------------

_ACTOR_WORDS: list[tuple[Actor, re.Pattern[str]]] = [
    (
        Actor.GEMEENTE,
        re.compile(
            r"\b(?:gemeente|wij|we|ons|onze|ambtenaar|ambtenaren|medewerker|behandelaar|"
            r"frontoffice|backoffice|balie|kcc|klantcontactcentrum|vakafdeling|afdeling|team)\b"
        ),
    ),
    (
        Actor.DERDE,
        re.compile(
            r"\b(?:derde|derden|ketenpartner|leverancier|cateraar|politie|brandweer|"
            r"ggd|kvk|kamer\s+van\s+koophandel|kadaster|notaris|aannemer|bank|"
            r"verzekeraar|omgevingsdienst|veiligheidsregio|provincie|rijk|rdw|belastingdienst|"
            r"uwv|svb|waterschap|een\s+ander|anderen|externe?|verloskundige|arts|huisarts|ziekenhuis|"
            r"vervoerder\w*|taxi\w*|\w*aanbieder\w*|hovenier\w*|transporteur\w*|netbeheerder\w*|"
            r"accountant|werkgever|school|instantie|adviesbureau|architect|installateur|"
            r"uitvaart\w*|steenhouwer\w*|schouwarts|lijkschouwer|deurwaarder\w*|advocaat|"
            r"makelaar\w*|keuringsarts|\w*bureau|justis|veilig\s+thuis|reclassering|"
            r"raad\s+voor\s+de\s+kinderbescherming|openbaar\s+ministerie|ind|duo|svb|cak|"
            r"\w*corporatie|\w*verhuurder|"
            r"komt\s+van)\b"
        ),
    ),
    (
        Actor.KLANT,
        re.compile(
            r"\b(?:klant|klanten|aanvrager|organisator|inwoner|bewoner|burger|ondernemer|"
            r"zelf|hij|zij|ze\s+zelf|de\s+aanvrager|melder|indiener|eigenaar|ouder)\b"
        ),
    ),
]


_PREPOSITIONS = {"bij", "met", "van", "naar", "aan", "via", "voor", "uit", "op", "in", "tot", "om"}


_THIRD_PARTY = next(pattern for actor, pattern in _ACTOR_WORDS if actor is Actor.DERDE)
# a name between quotes: "op de website staat het als 'X'", "I&A levert 'Y'"
QUOTED = re.compile(r"[\"'“‘]([^\"'”’]{3,120})[\"'”’]")


def third_party_name(text: str) -> str:
    """The third party a text names, as written ("de politie levert …" → "politie")."""
    m = _THIRD_PARTY.search(norm(text))
    if m is None or m.group(0) in ("derde", "derden", "een ander", "anderen", "extern", "externe"):
        return ""
    found = re.search(re.escape(m.group(0)).replace(r"\ ", r"\s+"), text, re.I)
    return found.group(0) if found else m.group(0)


def third_party_subject(text: str) -> bool:
    """ "na de begrafenis plaatst een steenhouwer het monument": a third party does it (its
    name is no object of a preposition, as in "catering regelen bij de cateraar")."""
    t = norm(text)
    for m in _THIRD_PARTY.finditer(t):
        before = [w for w in t[: m.start()].split() if w not in ("een", "de", "het")]
        if before:
            if before[-1] not in _PREPOSITIONS:
                return True  # "… plaatst een steenhouwer …", "doet de arts …"
            continue
        # at the start: "de arts geeft de verklaring af" (a verb in -t follows), not "een
        # uitvaartondernemer bellen" (the third party is what the customer calls)
        after = t[m.end() :].split()
        if after and after[0].endswith(("t", "d")) and not after[0].endswith("en"):
            return True
    return False


def parse_actor(text: str, default: Actor | None = None) -> Actor | None:
    """Who does it: klant, gemeente or derde; the first mentioned role wins on ties."""
    t = norm(text)
    best: tuple[int, Actor] | None = None
    for actor, pattern in _ACTOR_WORDS:
        m = pattern.search(t)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), actor)
    return best[1] if best else default


_LANE_WORDS: list[tuple[Lane, re.Pattern[str]]] = [
    (
        Lane.FRONTOFFICE,
        re.compile(
            r"\b(?:frontoffice|front\s*office|fo|balie|kcc|klantcontact\w*|publieksbalie|loket|"
            r"burgerzaken|publiekszaken|publieksdienst\w*|servicedesk)\b"
        ),
    ),
    (
        Lane.KETENPARTNER,
        re.compile(
            r"\b(?:ketenpartner\w*|keten|kp|politie|brandweer|ggd|omgevingsdienst|veiligheidsregio|"
            r"externe?\s+partij|extern|derde|netbeheerder\w*|veilig\s+thuis|reclassering|"
            r"raad\s+voor\s+de\s+kinderbescherming|openbaar\s+ministerie|ind|duo)\b"
        ),
    ),
    (Lane.ONDERSTEUNEND, re.compile(r"\b(?:ondersteun\w*|dia|archief|financien|facilitair|ict)\b")),
    (Lane.KLANT, re.compile(r"\b(?:klant|aanvrager|organisator|melder|inwoner|ondernemer)\b")),
    (
        Lane.BACKOFFICE,
        re.compile(
            r"\b(?:backoffice|back\s*office|bo|vakafdeling|behandelaar|vergunningverlener|specialist|team)\b"
        ),
    ),
]


def parse_lane(text: str, default: Lane = Lane.BACKOFFICE) -> Lane:
    """The swimlane named in the text, else ``default``."""
    return named_lane(text) or default


def named_lane(text: str) -> Lane | None:
    """The swimlane named in the text, or None; a role in brackets or after a dash at the
    end ("ggd advies beoordelen (backoffice)") wins over a name earlier in the text."""
    t = norm(text)
    end = re.search(r"(?:\(([^()]{2,40})\)|[-–]\s*([^-–()]{2,40}))\s*$", t)
    if end:
        tail = end.group(1) or end.group(2)
        for lane, pattern in _LANE_WORDS:
            if pattern.search(tail):
                return lane
    best: tuple[int, Lane] | None = None
    for lane, pattern in _LANE_WORDS:
        m = pattern.search(t)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), lane)
    return best[1] if best else None


_CHANNEL_WORDS: list[tuple[Channel, re.Pattern[str]]] = [
    (
        Channel.ONLINE,
        re.compile(
            r"\b(?:online|omgevingsloket|e-?factuur\w*|peppol|digitaal|digitale|internet|intranet|website|webformulier|e-?formulier\w*|web|mijn\s*omgeving|mijnomgeving|mijn\s*loket|\w*portaal|self-?service\w*|berichtenbox|mijn\s+gemeente|digid|eherkenning|formulier\s+op\s+de\s+site)\b"
        ),
    ),
    (
        Channel.BALIE,
        re.compile(
            r"(?<!omgevings)(?<!mijn\s)\b(?:balie|loket|stadhuis|gemeentehuis|servicepunt|publiekshal|aan\s+de\s+balie|langs\s*komen|langskomen)\b"
        ),
    ),
    (
        Channel.TELEFOON,
        # ("ik bel het wijkteam": a designer playing the customer)
        re.compile(r"\b(?:telefo\w*|bellen|belt|bel|gebeld|14\s*0\d+|callcenter|kcc)\b"),
    ),
    # with the typos of someone typing on a phone ("emial")
    (Channel.EMAIL, re.compile(r"\b(?:e-?mail\w*|mail\w*|e-?mial\w*|e-?mai)\b")),
    (
        Channel.POST,
        re.compile(
            r"\b(?:post|brief|brieven|per\s+brief|papier|papieren|schriftelijk|aangetekend)\b"
        ),
    ),
    (Channel.APP, re.compile(r"\b(?:app|apps|mobiele\s+app|buitenbeter|fixi|smartphone)\b")),
    (Channel.CHAT, re.compile(r"\b(?:chat|chatten|whatsapp|webchat)\b")),
    (Channel.SOCIAL_MEDIA, re.compile(r"\b(?:social\s*media|twitter|facebook|instagram|x\.com)\b")),
    (
        Channel.PERSOONLIJK,
        re.compile(
            # "het persoonlijk plan", "persoonlijke gegevens" name no channel
            r"\b(?:persoonlijk(?!e?\s+(?:plan\w*|gegevens|dossier|situatie|budget|"
            r"omstandigheden|ontwikkel\w*))|huisbezoek|keukentafel\w*|gesprek\s+op\s+locatie|"
            r"face\s*to\s*face)\b"
        ),
    ),
]


# "walk-ins aan de balie doen we niet meer", "de post hebben we afgeschaft"
_NO_LONGER = re.compile(
    # "Balie x." on a sticky note: crossed out
    r"(?:^|\s)[x\u2717\u2718\u274c]\W*$|"
    r"\b(?:niet\s+meer|afgeschaft|doen\s+we\s+niet|kan\s+niet|mag\s+niet|nooit|"
    r"niet\s+(?:via|per|aan\s+de|op\s+de|bij\s+de)|kan\s+(?:het|dat|dit)\s+niet|"
    # "e-mail accepteren we niet, omdat …"
    r"(?:accepteren|gebruiken|bieden|nemen)\s+(?:we|wij)\s+(?:\w+\s+)?niet)\b"
)


_RARE = re.compile(
    r"\b(?:bij\s+(?:hoge\s+)?uitzondering|uitzonderingsgeval\w*|een\s+enkel(?:e|ing)\b|"
    r"heel\s+soms|zelden|incidenteel|sporadisch|(?:alleen\s+)?in\s+noodgevallen)"
)


def parse_channels(text: str) -> list[Channel]:
    """Every channel named in the text, in order of mention, without duplicates; not one
    the text says is no longer used."""
    t = norm(text)
    # (lines are clauses too: norm() joins them)
    clauses = [
        c for line in text.split("\n") for c in re.split(r"[,.;:]\s+|\s+maar\s+", norm(line))
    ]
    # "… De echte ingangen zijn het online formulier en e-mail.": the ones it settles on
    settled = re.search(
        r"\b(?:echte|eigenlijke|offici[eë]le|vaste|gewone)\s+(?:ingang\w*|kana\w*|route\w*)\s+"
        r"(?:is|zijn)\b(.+)$",
        t,
    )
    if settled and any(p.search(settled.group(1)) for _, p in _CHANNEL_WORDS):
        t = settled.group(1)
        clauses = [t]
    if len(clauses) > 1 and any(_NO_LONGER.search(c) for c in clauses):
        t = " . ".join(c for c in clauses if not _NO_LONGER.search(c))
        clauses = [c for c in clauses if not _NO_LONGER.search(c)]
    # "Een enkele vereniging mailt het nog (alleen in uitzonderingsgevallen)": a rare
    # exception is no channel of the service, as long as the rest names one
    rare = [c for c in clauses if _RARE.search(c)]
    if rare and len(rare) < len(clauses):
        usual = " . ".join(c for c in clauses if not _RARE.search(c))
        if any(pattern.search(usual) for _, pattern in _CHANNEL_WORDS):
            t = usual
    hits: list[tuple[int, Channel]] = []
    for channel, pattern in _CHANNEL_WORDS:
        m = pattern.search(t)
        if m:
            hits.append((m.start(), channel))
    hits.sort(key=lambda h: h[0])
    out: list[Channel] = []
    for _, channel in hits:
        if channel not in out:
            out.append(channel)
    # "e-formulier" also matches "mail"? no; but "e-mail" must not count as online
    return out


# --- enumerated kinds ---------------------------------------------------------------------

_CUSTOMER_TYPES: list[tuple[CustomerType, re.Pattern[str]]] = [
    (
        CustomerType.INTERNE_KLANT,
        re.compile(
            r"\b(?:intern(?!et|ation)\w*|\w*afdeling\w*|collega\w*|team\w*|medewerker\w*|directie|cluster|organisatieonderdeel|budgethouder\w*)\b"
        ),
    ),
    (
        CustomerType.MAATSCHAPPIJ,
        re.compile(
            r"\b(?:maatschappij|samenleving|iedereen|alle\s+(?:inwoners|huishoudens|burgers)|de\s+stad|leefomgeving|gemeenschap|"
            r"als\s+geheel|(?:^|en\s+)de\s+(?:buurt|wijk)\b|het\s+publiek)\b"
        ),
    ),
    (
        CustomerType.ONDERNEMER,
        re.compile(
            r"\b(?:\w*ondernemer\w*|\w*bedrijf\w*|onderneming\w*|zzp\w*|winkel\w*|horeca\w*|organisator\w*|zakelijk\w*|ondernemers|eenmanszaak|bv|nv|evenementenbureau|ondernemingen)\b"
        ),
    ),
    (
        CustomerType.INSTELLING,
        re.compile(
            r"\b(?:\w*instelling\w*|\w*stichting\w*|\w*vereniging\w*|\w*commissie\w*|\w*comite\w*|"
            r"werkgroep\w*|\w*(?<!gemeente)raad|federatie\w*|cooperatie\w*|\w*school|\w*scholen|\w*club|kerk|\w*corporatie|organisatie|ketenpartner)\b"
        ),
    ),
    (
        CustomerType.INWONER,
        re.compile(
            r"\b(?:\w*inwoner\w*|\w*bewoner\w*|burger\w*|particulier\w*|huiseigenaar\w*|ouder\w*|persoon|mens|mensen|huishouden\w*|aanvrager|melder|jongere\w*|oudere\w*|student\w*|huurder\w*|eigenaar\w*|bezoeker\w*|gezin\w*|buurtbewoner\w*|automobilist\w*|moeder\w*|vader\w*|alleenstaande\w*|gepensioneerde\w*|mevrouw|meneer|\w*bezitter\w*|mantelzorger\w*)\b"
        ),
    ),
]


def parse_customer_type(text: str) -> CustomerType | None:
    t = norm(text)
    explicit = re.search(r"\b(inwoner|ondernemer|instelling|maatschappij|interne?\s+klant)\b", t)
    if explicit:
        word = explicit.group(1)
        if word.startswith("intern"):
            return CustomerType.INTERNE_KLANT
        return CustomerType(word)
    for ctype, pattern in _CUSTOMER_TYPES:
        if pattern.search(t):
            return ctype
    return None


_TRIGGERS: list[tuple[TriggerKind, re.Pattern[str]]] = [
    (
        TriggerKind.VOORAFGAAND_PROCES,
        re.compile(
            r"\b(?:voorafgaand\w*\s+proces|uitkomst\s+van|volgt\s+uit|na\s+(?:een|het)\s+(?:eerder|voorafgaand)|eerdere?\s+(?:proces|vraag|informatievraag))"
        ),
    ),
    (
        TriggerKind.INTERNE_BEHOEFTE,
        re.compile(
            r"\b(?:intern(?!et|ation)\w*|afdeling\w*|overdracht|overgedragen|collega\w*|eigen\s+organisatie)\b"
        ),
    ),
    (
        TriggerKind.VERANTWOORDELIJKHEID,
        re.compile(
            r"\b(?:verantwoordelijkheid|wettelijk\w*|wet\b|verordening|uit\s+zichzelf|eigen\s+initiatief|zelf\s+(?:start|begint|initiatief)|(?:start|begint)\s+(?:het\s+|dit\s+)?zelf|niemand\s+vraagt|geen\s+(?:aanvraag|verzoek|vraag)|niet\s+gevraagd|vraagt\s+(?:er\s+)?niet\s+om|niet\s+om\s+gevraagd|jaarlijks\w*|heffing|belasting\w*|aanslag|toezicht|handhaving|ambtshalve|op\s+eigen(?!\s+verzoek))\b"
        ),
    ),
    (
        TriggerKind.MELDING,
        re.compile(
            r"\b(?:melding\w*|meldt|melden|klacht\w*|signaal|signalering|storing\w*|\w*aangifte\w*|"
            r"door\s*geven|doorgeven|geeft\s+(?:\w+\s+){0,4}door)\b"
        ),
    ),
    (
        TriggerKind.AANVRAAG,
        re.compile(
            r"\b(?:aanvra\w*|vraagt\s+\w*\s*aan|aan\s*vragen|verzoek\w*|indienen|dient\s+\w*\s*in|vergunning\w*|subsidie\w*|inschrijving|ontheffing\w*)\b|"
            # "vraagt ze zelf op grond van de Wmo respijtzorg aan, via …" (not "vraagt om
            # advies aan de balie")
            r"\bvraagt\b[^.;,]{0,60}?\baan(?=\s*(?:[,.;!]|$|\s+(?:via|bij|online|met|op|per)\b))"
        ),
    ),
    (
        TriggerKind.VRAAG,
        re.compile(r"\b(?:vraag|vragen|informatie\w*|inlichting\w*|wil\s+weten|advies)\b"),
    ),
]


def trigger_kinds(text: str) -> list[TriggerKind]:
    """Every kind of trigger the text points at, most specific first."""
    t = norm(text)
    return [kind for kind, pattern in _TRIGGERS if pattern.search(t)]


def parse_trigger_kind(text: str, internal: bool = False) -> TriggerKind | None:
    """The kind of trigger. "Afdeling" or "intern" only means an internal need when the
    customer is internal, or nothing else is named; an internal customer's unnamed trigger
    is an internal need."""
    # "Uit onze verordening: '… gemeld …' Bij ons start het dus met een melding": a pasted
    # passage illustrates; the speaker's own words around it decide when they name a kind
    own = re.sub(r"['‘\"“][^'’\"”]{60,}['’\"”]", " ", text)
    if own != text and trigger_kinds(own):
        text = own
    # "(bij het opzeggen zou het een melding zijn, …)": an aside or a what-if is about
    # another process
    text = re.sub(r"\([^()]*\)", " ", text)
    text = (
        " ".join(
            s for s in split_sentences(text) if not re.search(r"\bzou\s+(?:het|dat|dit)\b", s, re.I)
        )
        or text
    )
    # "Een aanvraag: de eigenaar vraagt …, maar wij moeten …": a kind named up front decides
    lead = re.match(
        r"^\s*(?:(?:in\s+principe|meestal|volgens\s+mij|eigenlijk|gewoon|grofweg)\s*,?\s+)?"
        r"(?:het\s+is\s+)?(?:een|de)?\s*(aanvraag|melding|verzoek|vraag|interne\s+behoefte)"
        # "Aanvraag inwoner (verzoek).", "een melding van de buurman:"
        r"(?:\s+(?:van|door)\s+(?:de|het|een)\s+\w+|\s+(?!van\b|door\b)\w+)?"
        r"(?:\s*\([^()]{1,40}\))?\s*[:.,\u2013\u2014-]",
        norm(text),
    )
    # "Geen verzoek van buiten: een interne behoefte …": the kind said in so many words
    if re.search(r"(?<!geen\s)\binterne\s+behoefte\b", norm(text)):
        return TriggerKind.INTERNE_BEHOEFTE
    # "gemeente zelf": the question's own words for a start from responsibility
    if re.fullmatch(r"(?:door\s+)?(?:de\s+)?gemeente\s+zelf(?:\s+\w+){0,2}\W*", norm(text)):
        return TriggerKind.VERANTWOORDELIJKHEID
    if lead:
        return {
            "aanvraag": TriggerKind.AANVRAAG,
            "verzoek": TriggerKind.AANVRAAG,
            "melding": TriggerKind.MELDING,
            "vraag": TriggerKind.VRAAG,
            "interne behoefte": TriggerKind.INTERNE_BEHOEFTE,
        }[re.sub(r"\s+", " ", lead.group(1))]
    kinds = trigger_kinds(text)
    # "een melding … (uit onze verordening)": a law named in passing is where the rules
    # are, not a sign that the municipality starts by itself
    requests = {TriggerKind.MELDING, TriggerKind.AANVRAAG, TriggerKind.VRAAG}
    if TriggerKind.VERANTWOORDELIJKHEID in kinds and requests & set(kinds):
        without_law = re.sub(r"\b(?:\w*wet\w*|\w*verordening\w*|apv)\b", " ", norm(text))
        if TriggerKind.VERANTWOORDELIJKHEID not in trigger_kinds(without_law):
            kinds = [k for k in kinds if k is not TriggerKind.VERANTWOORDELIJKHEID]
    if internal:
        return kinds[0] if kinds else TriggerKind.INTERNE_BEHOEFTE
    others = [k for k in kinds if k is not TriggerKind.INTERNE_BEHOEFTE]
    if kinds and kinds[0] is TriggerKind.INTERNE_BEHOEFTE and others:
        return others[0]
    return kinds[0] if kinds else None


_ACTIVITY_KINDS: list[tuple[ActivityKind, re.Pattern[str]]] = [
    (
        ActivityKind.AFSLUITEND,
        re.compile(
            r"\b(?:factur\w*|factuur|archiver\w*|archief|afsluiten|sluiten\s+zaak|evalu\w*|leges\s+innen|innen|betaling\s+verwerken|dossier\s+sluiten)\b"
        ),
    ),
    (
        ActivityKind.INTAKE,
        re.compile(
            r"\b(?:intake|ontvangen|registreren|ontvangst|inboeken|in\s+behandeling\s+nemen|volledigheid)\w*"
        ),
    ),
    (
        ActivityKind.BESLUIT,
        re.compile(
            r"\b(?:besluit\w*|beslissen|beschikking|vaststellen|verlenen|weigeren|toekennen|goedkeuren|ondertekenen)\b"
        ),
    ),
    (
        ActivityKind.LEVERING,
        re.compile(
            r"\b(?:verzenden|versturen|toesturen|leveren|levering|uitreiken|bekendmaken|publiceren|informeren\s+klant|terugkoppel\w*)\b"
        ),
    ),
    (
        ActivityKind.BEHANDELING,
        re.compile(
            r"\b(?:beoordel\w*|toetsen|toetsing|behandel\w*|advies\w*|controler\w*|onderzoe\w*|inspect\w*|schouw\w*|berekenen|uitvoeren|verhelpen|herstellen|repareren|opruimen)\b"
        ),
    ),
]


def parse_activity_kind(text: str) -> ActivityKind:
    t = norm(text)
    for kind, pattern in _ACTIVITY_KINDS:
        if pattern.search(t):
            return kind
    return ActivityKind.TAAK


def relation_cue(text: str) -> RelationKind | None:
    """The relation a text states ("volgt", "tegelijk", "gaat eraan vooraf"), or None when it
    states none."""
    t = norm(text)
    if re.search(
        r"\b(?:vooraf\w*|voorafgaand\w*|eerder|daarvoor|ervoor|volgt\s+op|volgen\s+op)\b", t
    ):
        return parse_relation(text)
    kind = parse_relation(text)
    return None if kind is RelationKind.VOORAFGAAND else kind


def parse_relation(text: str) -> RelationKind:
    t = norm(text)
    if re.search(r"\b(?:volgt|volgen)\s+op\b", t):
        return RelationKind.VOORAFGAAND  # "de aanvraag volgt op een informatievraag"
    if re.search(
        r"\b(?:daarna|erna|volgend\w*|volgt|volgen|vervolg\w*|nadien|later|na\s+afloop|uit\s+voort|"
        r"komt\s+(?:daarna|erna|later))\b",
        t,
    ):
        return RelationKind.VOLGEND
    if re.search(r"\b(?:tegelijk\w*|gelijktijdig\w*|parallel|samen\s+met)\b", t):
        return RelationKind.GELIJKTIJDIG
    return RelationKind.VOORAFGAAND


# --- names --------------------------------------------------------------------------------

_ROLES = (
    r"(?:klant|gemeente|derde|derden|ketenpartner|frontoffice|backoffice|balie|kcc|vakafdeling|"
    r"aanvrager|organisator|behandelaar)"
)
_ROLE_SUFFIXES = (
    # "(klant)", "(door de backoffice)"
    re.compile(rf"\s*\(\s*(?:door\s+)?(?:de\s+|het\s+|een\s+)?{_ROLES}\s*\)?$", re.I),
    # "- klant", ", door de gemeente"
    re.compile(rf"\s*[-–,:]\s*(?:door\s+)?(?:de\s+|het\s+|een\s+)?{_ROLES}$", re.I),
    # "intake door de frontoffice"
    re.compile(rf"\s+(?:door|bij)\s+(?:de\s+|het\s+|een\s+)?{_ROLES}$", re.I),
)


def strip_role(item: str) -> str:
    """ "catering regelen (derde)" → "catering regelen"; "intake door de frontoffice" → "intake"."""
    out = item
    for pattern in _ROLE_SUFFIXES:
        out = pattern.sub("", out)
    out = out.strip(" ,-–")
    out = re.sub(r"\s*\((?:via|per|door)\s+[^()]*\)$", "", out).strip()
    return out or item


_CHANNEL_SUFFIX = re.compile(
    r"\s+(?:via|per|over\s+de|aan\s+de|op\s+de|in\s+de|met\s+de|door\s+middel\s+van)\s+"
    r"(?:de\s+|het\s+|een\s+)?(?:online|digitaal|digitale|website|e-?mail|mail|post|brief|balie|"
    r"loket|telefoon|app|chat|mijn\s*omgeving|e-?formulier|formulier|berichtenbox|portaal)\b.*$",
    re.I,
)


# "ze"/"zij" start a step as often as a remark ("zij zoekt eerst op internet …"), so only
# demonstratives mark a remark about the list
_REMARK = re.compile(r"^(?:die|dat|deze|dit|allemaal|alles|beide)\b")
_REMARK_ABOUT = re.compile(
    r"\b(?:haal\w*|levert|leveren|lever|doet|doen|regelt|regelen|verzamel\w*|zoekt|zoeken|"
    r"vraagt|vragen|brengt|brengen|stuurt|sturen|komt|komen|loopt|lopen|zelf|allemaal|"
    r"(?:is|zijn)\s+(?:sturend|ondersteunend|primair)|"
    r"alle(?:maal)?|beide|"
    r"zijn\s+er|is\s+er|opgehaald|aangeleverd|geleverd)\b"
)


def is_remark(item: str) -> bool:
    """ "die haalt de gemeente zelf op" inside a list is a remark about the list, not an item;
    "ze valt een paar keer" is an item that happens to start with a pronoun. "Daar voeren
    wij de regie over" points back at the item before it."""
    t = norm(item)
    if re.match(r"^(?:daar|hier)\s+(?:\w+\s+){1,6}(?:over|voor|bij|mee|aan|in|op|van|uit)$", t):
        return True
    return bool(_REMARK.match(t)) and (
        bool(_REMARK_ABOUT.search(t)) or bool(re.match(r"^(?:allemaal|alles|beide)\b", t))
    )


def strip_channel(item: str) -> str:
    """ "een vergunning per e-mail" → "een vergunning"; "een update per mail als de check
    gedaan is" keeps its "als …": that says which update it is."""
    m = _CHANNEL_SUFFIX.search(item)
    if m is None:
        return item
    rest = re.search(r"\s(?:als|wanneer|zodra|nadat|zodat|waarin)\s.*$", item[m.start() :], re.I)
    out = (item[: m.start()] + (rest.group(0) if rest else "")).strip(" ,")
    # "zoeken op de website en in het raadsinformatiesysteem": cutting would leave a bare
    # verb and lose the other place, so the step stays whole
    channel_word = re.match(r"\s+\S+\s+(?:\S+\s+)??(?:de\s+|het\s+|een\s+)?\S+", item[m.start() :])
    tail = item[m.start() + (channel_word.end() if channel_word else 0) :]
    if len(out.split()) < 2 and len(tail.split()) >= 2 and not rest:
        return item
    return out or item


_PREAMBLES = re.compile(
    r"^(?:(?:de|het|die|dat|deze|dit|onze|mijn|zijn|haar|hun)\s+)?"
    r"(?:klantreis|reis|naam|dienst|bedrijfsservice|service|proces|bedrijfsproces|klant|doel|"
    r"resultaat|uitkomst|aanleiding|product)?\s*"
    r"(?:heet|heten|noemen\s+(?:we|wij|ze)|noem\s+ik|is|zijn|wordt|luidt|zou\s+ik\s+noemen)"
    r"(?:\s+bij\s+ons)?\s*[:,]?\s+|"
    # "de klanten zeggen gewoon X", "de klant noemt het X", "voor de klant is het gewoon X"
    r"^(?:(?:de|onze)\s+)?(?:klant(?:en)?|inwoners?|mensen|aanvragers?)\s+(?:zeggen|zegt|noemen|noemt)"
    r"(?:\s+(?:het|dat))?(?:\s+(?:gewoon|meestal|vaak|altijd))?\s*[:,]?\s+|"
    r"^voor\s+(?:de|onze)\s+(?:klant|klanten|inwoner|aanvrager)\s+(?:is|heet)\s+(?:het|dat)"
    r"(?:\s+(?:gewoon|meestal|vaak))?\s*[:,]?\s+",
    re.I,
)


_NAMED_AGAIN = re.compile(
    r"\b(?:de|het)\s+(?:klantreis|reis|dienst|naam|bedrijfsproces|proces|bedrijfsservice)\s+"
    r"(?:is|heet|noem\s+ik|noemen\s+we)\s+",
    re.I,
)


def clean_value(text: str) -> str:
    """A single value from a sentence: drop "het heet", quotes and trailing punctuation."""
    # ("Resultaat voor de ouders:\n- een geboorteakte …": a heading is no value)
    lines = [ln for ln in clean_text(text).split("\n") if ln.strip()]
    heads = 0
    while heads < len(lines) - 1 and lines[heads].rstrip().endswith(":"):
        heads += 1
    t = _BULLET.sub("", lines[heads]) if lines else ""
    # a quoted name in a sentence is the value: "het gaat om de klantreis 'X'"
    # (a quoted passage of sentences is a paste, not a name)
    quoted = next(
        (
            q
            for q in re.finditer(r"(?:^|\s)[\"“‘'«]([^\"”’'»]{3,})[\"”’'»](?=$|[\s.,;:!?])", t)
            if len(q.group(1)) <= 100 and not re.search(r"[.!?]\s", q.group(1))
        ),
        None,
    )
    # (one quoted word in a longer sentence is a label inside it: "een terugmelding
    # 'afgehandeld' in de app")
    label = quoted is not None and " " not in quoted.group(1).strip() and len(t.split()) > 4
    if quoted and len(quoted.group(1)) < len(t) - 3 and not label:
        return quoted.group(1).strip()[:MAX_ITEM]
    # "Wonen in een boerderij (werktitel in de wiki)": a note about the name is no part of it
    t = re.sub(
        r"\s*\([^()]*\b(?:werktitel|zaaktype|voorlopig\w*|wiki|officieel|roepnaam|afkorting|"
        r"intern|heet|heten|noemen|noemt)\b[^()]*\)\s*$",
        "",
        t,
        flags=re.I,
    )
    # "afscheid nemen na een overlijden zo noemen wij dat en …": the name ends there
    named_so = re.split(
        r"\s+(?:zo\s+(?:noemen|noem|noemt|heet|heten|staat|staan)|dat\s+noemen\s+(?:we|wij))\b",
        t,
        maxsplit=1,
        flags=re.I,
    )
    if len(named_so) == 2 and len(named_so[0].split()) >= 2:
        t = named_so[0]
    # "Meestal is dat een inwoner met schulden. Er zitten ook zzp'ers tussen, maar …": a
    # value is the first sentence that says something; the rest is explanation
    sentences = split_sentences(t)
    if len(sentences) > 1:
        t = next(
            (x for x in sentences if len(drop_fillers(x.strip(" .!?")).split()) >= 2),
            sentences[0],
        )
    # "Intern noemen we het: behandelen aanvraag GPK" → what follows the colon
    named = re.match(
        r"^[^:]{0,60}\b(?:heet|heten|noemen|noem|noemt|luidt|is|zijn)\b[^:]{0,30}:\s*(\S.*)$", t
    )
    if named:
        t = named.group(1)
    t = re.sub(r"^(?:het\s+gaat\s+om|dat\s+is|het\s+is)\s+", "", t, flags=re.I)
    # "op de site heet het registratie gastouder aanvragen", "intern heet het X"
    t = re.sub(
        r"^(?:(?:nou|ja|dus)\s+)?(?:(?:op|in)\s+(?:de|het|onze|ons)\s+(?:site|website|portaal|zaaktypecatalogus|"
        r"catalogus|productencatalogus)|intern|bij\s+ons)\s*(?::|(?:heet|staat|noemen\s+we)\s+"
        r"(?:het|hij|die|dat)\s+(?:als\s+)?|zeggen\s+(?:we|wij)\s+(?:(?:het|dat)\s+)?)\s*",
        "",
        t,
        flags=re.I,
    )
    # "de klantreis is bezwaar maken nee dat is de dienst de klantreis is X": said again
    # after a restart, the name is what the last "… is" gives
    again = list(_NAMED_AGAIN.finditer(t))
    if len(again) >= 2 and t[again[-1].end() :].strip():
        t = t[again[-1].end() :]
    for _ in range(2):
        new = _PREAMBLES.sub("", t).strip()
        new = re.sub(
            r"^(?:ik\s+(?:denk|noem\s+het|zou\s+zeggen)|volgens\s+mij|dat\s+is|het\s+is)\s*[:,]?\s+",
            "",
            new,
            flags=re.I,
        )
        new = drop_fillers(new)
        if new == t:
            break
        t = new
    return t.strip(" \t.;:!\"'“”‘’")[:MAX_ITEM]


_NUMBER_WORDS = (
    r"\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
    r"vijftien|zestien|twintig|dertig"
)
# "binnen 8 weken", "uiterlijk twee werkdagen", "doorlooptijd max. 8 wkn" (note-style
# abbreviations of the units count too)
MOMENT_LEAD = (
    r"(?:(?:doorlooptijd|termijn|sla)(?:\s*:|\s+(?:van|is|ca\.?|ongeveer))?"
    r"(?:\s+(?:binnen|max\.?|maximaal|hooguit|ten\s+hoogste))?|"
    r"(?:binnen|na|uiterlijk|in|max\.?|maximaal|hooguit|ten\s+hoogste|zo'?\s?n|ongeveer|"
    r"circa|ca\.?|gemiddeld)(?:\s+(?:ongeveer|ca\.?|zo'?\s?n))?)"
)
MOMENT_UNIT = r"(?:werk)?(?:dagen|dag|dgn|weken|week|wkn|wk|maanden|maand|mnd|uur|jaar)"
_MOMENT = re.compile(
    rf"(?<!\w)({MOMENT_LEAD}\s+(?:{_NUMBER_WORDS})(?:\s*(?:a|tot|-)\s*\d+)?\s*{MOMENT_UNIT}\b"
    # "uiterlijk 1 werkdag voor de startdatum": counted back from a date
    r"(?:\s+voor\s+(?:de|het)\s+\w+)?)"
)


BARE_LEAD_TIME = re.compile(
    # "voor tien dagen", "gedurende 4 weken": how long it lasts, not when it comes
    rf"(?<![\w.,])(?<!voor\s)(?<!gedurende\s)((?:{_NUMBER_WORDS})(?:\s*(?:a|tot|-)\s*\d+)?\s*"
    # at the end of its clause ("akkoord per mail, 4 wkn"), not "binnen die tien dagen besluit …"
    r"(?:werk)?(?:dagen|dgn|weken|wkn|wk|maanden|mnd))\b(?=\s*(?:[.,;!)]|$))"
)


def bare_lead_time(text: str) -> str:
    """ "akkoord per mail, 4 wkn": a duration without "binnen", for an answer about the
    result, where it can only be the lead time (years are a validity, not a lead time)."""
    m = BARE_LEAD_TIME.search(norm(text))
    return m.group(1) if m else ""


_DURATION = re.compile(
    rf"(?<!\w)({_NUMBER_WORDS})(?:\s*(?:a|tot|-)\s*(\d+))?\s*((?:werk)?)(dagen|dag|dgn|weken|week|"
    r"wkn|wk|maanden|maand|mnd)\b"
)


def lead_time_days(moment: str) -> float | None:
    """The days of a lead time ("binnen 4 weken" → 28, "max. 10 werkdagen" → 14, "binnen
    2 à 3 weken" → 21: the longest); None for a moment that is no duration ("eind
    februari", "op de eerste werkdag") or one in years or hours (a validity, a same-day
    service)."""
    m = _DURATION.search(norm(moment))
    if m is None or re.search(r"\b(?:jaar|uur)\b", norm(moment)):
        return None
    if re.match(r"\s+voor\s+(?:de|het)\s", norm(moment)[m.end() :]):
        return None  # "1 werkdag voor de startdatum" is a moment, no lead time
    word = m.group(2) or m.group(1)
    number = _number(word)
    if number is None:
        return None
    unit = m.group(4)
    if unit.startswith(("we", "wk")):
        days = number * 7.0
    elif unit.startswith("m"):
        days = number * 30.0
    elif m.group(3):  # working days: five in a calendar week
        days = float(round(number * 7 / 5))
    else:
        days = float(number)
    return days


# a moment named by a day rather than a number of days
_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december)"
)
_MOMENT_DAY = re.compile(
    r"\b((?:op|voor|uiterlijk\s+(?:op|voor))\s+de\s+(?:eerste\s+(?:werk)?dag|startdatum|"
    r"ingangsdatum|begindatum)|"
    # "eind februari", "uiterlijk 1 april", "vóór 1 juli": a moment in the year
    rf"(?:eind|begin|half|medio|uiterlijk|voor|in)\s+(?:\d{{1,2}}\s+)?{_MONTHS}|"
    # "dezelfde dag", "de volgende werkdag", "per omgaande"
    r"(?:op\s+)?dezelfde\s+(?:werk)?dag|(?:op\s+)?de\s+volgende\s+(?:werk)?dag|per\s+omgaande)\b"
)


def parse_moment(text: str) -> str:
    """ "binnen 8 weken", "binnen acht weken", "na twee werkdagen", "op de eerste werkdag"
    → that phrase, else ""."""
    t = norm(text)
    m = _MOMENT.search(t) or _MOMENT_DAY.search(t)
    return m.group(1) if m else ""


def choice_index(text: str, count: int) -> int | None:
    """ "2", "de tweede", "optie 3", "nummer 1" → a 0-based index below ``count``."""
    t = norm(text).strip(" .!")
    ordinals = {
        "eerste": 1,
        "tweede": 2,
        "derde": 3,
        "vierde": 4,
        "vijfde": 5,
        "een": 1,
        "twee": 2,
        "drie": 3,
    }
    m = re.match(
        r"^(?:optie|nummer|nr\.?|keuze|de)?\s*(\d+|eerste|tweede|derde|vierde|vijfde|een|twee|drie)\b",
        t,
    )
    if not m:
        return None
    word = m.group(1)
    if word in ("een", "twee", "drie") and re.match(r"\s*\w", t[m.end() :]):
        return None  # "Een specifiek referentieproces is er niet": an article, no choice
    n = int(word) if word.isdigit() else ordinals[word]
    return n - 1 if 1 <= n <= count else None


def similarity(a: str, b: str) -> float:
    """Word-overlap similarity (0–1) for matching a typed name to a known one."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


# --- a speaker correcting themselves inside one answer ------------------------------------

# "schrap die maar", "dat doen we niet meer": only takes back what came before
_RETRACTION_WORDS = (
    r"(?:(?:schrap|vergeet)\s+(?:die|dat|deze|het)(?:\s+maar)?|laat\s+maar|"
    rf"(?:dat|die|dit|deze)\s+(?:\w+\s+){{0,2}}{_NO_LONGER_DONE}|"
    r"(?:dat|die)\s+(?:bestaat|bestaan)\s+niet\s+meer)\b"
)
_RETRACTION = re.compile(_RETRACTION_WORDS + r"[^,;.]*[,;.]?\s*", re.I)
# "X... nee wacht, Y", "X, nee, schrap die maar", "X. Nee sorry, Y", "o wacht, toch wel: Y".
# A bare ". Nee, …" only counts with words that say the thing before was wrong: "Nee,
# verder niets" ends a list, it corrects nothing.
_SELF_CORRECTION = re.compile(
    r"(?:(?:\.\.\.|…)\s*(?:nee|neen)\b|"
    r"(?<=[,.;:!?])\s*(?:(?:nee|neen)\s*,?\s*(?:(?:wacht|sorry|toch\s+niet|correctie|ik\s+bedoel|"
    r"laat\s+ik\s+zeggen)\b|(?=dat\s+klopt\s+niet|dat\s+was|het\s+is|op\s+de\s+site|"
    r"klopt\s+wel|toch\s+wel|"
    + _RETRACTION_WORDS
    + r"))|o+h?\s*,?\s+wacht\b|wacht\s+(?:even|eens)\b|ik\s+bedoel\b|"
    r"correctie\b))"
    r"(?:\s*,?\s*(?:wacht|sorry|laat\s+ik\s+zeggen|ik\s+bedoel)\b)?\s*[,:.!]?\s*",
    re.I,
)
# "Nee, klopt wel: …" after a doubt: what came before stands
_CONFIRMATION = re.compile(
    r"^(?:klopt\s+wel|toch\s+wel|het\s+klopt|dat\s+klopt|was\s+goed)\b\W*", re.I
)
# "maar dat is handhaving. Voor deze reis: een aanvraag": what follows is the answer. So
# does a group's or a trainer's conclusion ("Dus: …", "Dus twee: …", "Hier: …"), the
# answer after a counter-question ("Bedoel je de brief? Ja, dan: …") and the current
# situation after a remark about the future ("…, maar dat is straks. Nu: e-mail en post").
_COUNT_WORD = r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|\d{1,2})"
_FOCUS = re.compile(
    r"(?:^|(?<=[,.;:!?'’\"”)])\s*|(?<=\n)\s*)(?:(?:(?:dus\s+)?voor\s+(?:deze|dit)\s+"
    r"(?:reis|dienst|klantreis|service|proces|zaak|situatie)|in\s+dit\s+geval|kortom|samengevat|"
    # "Dus:", "Dus twee:", "Dus nu één:", "Dus die:", "Hier niet:", "Hier is dat zo:",
    # "Hier zijn het er drie:", "Hier drie stukken:" (not "dus weer aan de balie: …")
    rf"concreet|conclusie|(?:(?:en|maar)\s+)?(?:hier\s+)?dus(?:\s+(?:nu\s+)?{_COUNT_WORD}"
    r"(?:\s+\w+)?|\s+(?:nu|die|dat|deze|allebei|beide|alle\s+\w+))?|"
    rf"hier(?:\s+(?:dus|niet|wel|wél|is\s+dat\s+(?:zo|anders)|zijn\s+het\s+er\s+{_COUNT_WORD}|"
    rf"{_COUNT_WORD}(?:\s+\w+)?))?|w[eé]l|"
    r"(?:maar\s+)?nu(?:\s+dus)?)\s*:\s*|(?:maar\s+)?nu\s+dus,?\s+)"
    r"|(?:(?<=\?)|(?<=\n)|^)\s*(?:ja\s*,?\s*)?dan\s*:\s*"
    # "… de andere twee niet. Dus ja, voor het taxatieverslag."
    r"|(?:(?<=[.!?])|(?<=\n)|^)\s*dus\s+(?=(?:ja|nee)\b)",
    re.I,
)
# "maak er 'X' van", "laten we 'X' nemen": the name a group decides on
_DECIDED = re.compile(
    r"\b(?:(?:maak|maken)\s+(?:er|het)\s+(?:maar\s+)?|(?:laten\s+we|we\s+nemen|wij\s+nemen|"
    r"neem|nemen\s+we)\s+(?:maar\s+)?)['‘\"“]([^'’\"”\n]{3,120})['’\"”](?:\s+(?:van|nemen))?",
    re.I,
)
# "Dus: vijf stappen", "Dus: twee van de klant, één van de gemeente" only count what came
# before, so what came before is the answer
_ONLY_COUNT = re.compile(r"^(?:twee|drie|vier|vijf|zes|zeven|acht|\d{1,2})\s+\w+$", re.I)
_COUNT_FROM = re.compile(rf"^{_COUNT_WORD}\s+(?:van|bij|door|uit|via)\s+\S", re.I)


def _only_counts(text: str) -> bool:
    """ "vijf stappen", "twee van de klant, één van de gemeente": a conclusion that counts
    (read part by part: one pattern over the whole would backtrack without end)."""
    t = text.strip().rstrip(".!").strip()
    if _ONLY_COUNT.match(t):
        return True
    parts = [p.strip() for p in re.split(r",|\ben\b", t) if p.strip()]
    return bool(parts) and all(_COUNT_FROM.match(p) for p in parts)


class Aside(NamedTuple):
    """What an answer says in passing about another question."""

    topic: str  # the word naming that question: "kanalen", "stukken", "bedrijfsservice"
    text: str
    correction: bool = False  # it replaces the earlier answer instead of adding to it


# "o ja, en over de kanalen nog: …", "O ja, bij de stukken vergat ik nog de plattegrond",
# "Eigenlijk moet ik mijn antwoord over de kanalen corrigeren: …": an addition to, or a
# correction of, the answer to another question, told in passing
_ASIDE = re.compile(
    r"(?:^|(?<=[,.;:!?])\s*)(?:"
    r"o+h?\s+ja\s*,?\s+(?:en\s+)?(?:over|bij)\s+(?:de|het|mijn)\s+(?P<added>\w+)\s+"
    r"(?:(?:vergat|vergeten)\s+(?:ik|we)\s+(?:er\s+)?(?:nog\b\s*)?(?:te\s+(?:zeggen|noemen)\b\s*)?|"
    r"nog\s*(?=:))"
    r"|"
    r"(?:(?:eigenlijk|wacht|o+h?\s+ja)\s*,?\s+)?(?:ik\s+)?(?:moet|wil)\s+(?:ik\s+)?mijn\s+"
    r"antwoord\s+(?:over|bij|op)\s+(?:de|het)\s+(?P<corrected>\w+)\s+(?:nog\s+)?(?:even\s+)?"
    r"(?P<verb>corrigeren|verbeteren|aanpassen|herzien|aanvullen)"
    r"|"
    r"correctie\s+(?:op|bij|over)\s+(?:de|het)\s+(?P<fixed>\w+)(?=\s*:)"
    r")\s*:?\s*(?P<text>\S.*)$",
    re.I | re.S,
)


def _last_clause_start(text: str) -> int:
    """Where the last clause of ``text`` begins: after its last comma, semicolon, colon,
    sentence end or "en" ("art. 4:6" is no boundary)."""
    best = 0
    for m in re.finditer(r"[,;]\s+|[.!?]\s+(?=[A-Z\u00C0-\u00DD])|:\s+|\s+en\s+", text):
        if m.end() < len(text.rstrip()):
            best = m.end()
    return best


MAX_CORRECTIONS = 40


def self_corrected(text: str, *, now_decides: bool = True) -> tuple[str, list[Aside]]:
    """What an answer says once the speaker's own corrections are taken into account, and
    the asides it holds for other questions.

    "Binnen 2 weken... nee, de termijn is 4 weken" → "de termijn is 4 weken"; "a; b, nee,
    schrap die maar; c" → "a; c"; "Nee. O wacht, toch wel: gewenst is …" → "gewenst is …";
    "…, maar dat is handhaving. Voor deze reis: een aanvraag" → "een aanvraag"."""
    asides: list[Aside] = []
    aside = _ASIDE.search(text)
    if aside and aside.start() > 0:
        topic = aside.group("added") or aside.group("corrected") or aside.group("fixed")
        correction = aside.group("added") is None and (aside.group("verb") or "") != "aanvullen"
        asides.append(Aside(norm(topic), aside.group("text").strip(), correction))
        text = text[: aside.start()].rstrip()
    # (``now_decides`` False: for the variant, "Gewenst: … Nu: …" describes both ways of
    # working, and "Nu:" picks none of them)
    focus = [
        m
        for m in _FOCUS.finditer(text)
        if text[m.end() :].strip()
        and not _only_counts(text[m.end() :])
        and (now_decides or not re.match(r"\W*(?:maar\s+)?nu\b", m.group(0), re.I))
        # (after a bulleted list, "Samengevat: …" recaps it: the list is the answer)
        and len(re.findall(r"(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S", text[: m.start()])) < 2
    ]
    if focus:
        text = text[focus[-1].end() :]
    decided = list(_DECIDED.finditer(text))
    if decided:
        text = decided[-1].group(1)
    marks = list(_SELF_CORRECTION.finditer(text))
    # more corrections than a person makes in one answer: a paste, read as it is (and
    # every correction re-reads what was kept, so this also bounds the time)
    if not marks or not text[: marks[0].start()].strip() or len(marks) > MAX_CORRECTIONS:
        return text, asides
    kept = text[: marks[0].start()]
    dropped = ""
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        after = text[m.end() : end]
        cut = _last_clause_start(kept)
        confirmed = _CONFIRMATION.match(after)
        if confirmed:
            # "X; nee wacht, moet dat niet vooraf? Nee, klopt wel: …": the doubt goes and
            # what it doubted stands
            kept = kept[:cut].rstrip(" ,;")
            kept += ("; " if kept else "") + dropped.strip(" ,;")
            after = after[confirmed.end() :]
        else:
            dropped, kept = kept[cut:], kept[:cut]
        while (retraction := _RETRACTION.match(after)) is not None and retraction.end() > 0:
            after = after[retraction.end() :]
        kept = kept.rstrip(" ,;")
        if kept and after.strip():
            if kept[-1] in ".!?":
                after = after.lstrip()
                after = after[:1].upper() + after[1:]  # a sentence of its own
            kept += " " if kept[-1] in ".!?:" else "; "
        kept += after
    out = re.sub(r"\s+([,;.])", r"\1", kept).strip(" ,;")
    return (out if re.search(r"\w", out) else text), asides


# --- answers pasted from Markdown (Teams, a wiki) -----------------------------------------

_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<!\w)([*_])(?=\S)(.+?)(?<=\S)\3(?!\w)")


def _table_row(line: str) -> str | None:
    """ "| adres | bron BAG |" → "adres – bron BAG"; a header's rule row → None."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
        return None
    cells = [c for c in cells if c and not re.fullmatch(r"#|\d{1,2}\.?", c)]
    if not cells:
        return None
    # a comma inside a cell is no item boundary: "in euro's, voor de leges"
    rest = [re.sub(r",\s*", " en ", c) for c in cells[1:]]
    return cells[0] + (" – " + " en ".join(rest) if rest else "")


# what a column of a pasted handbook table holds, by its header
_NOISE_COLUMN = re.compile(
    r"^(?:nr\.?|nummer|#|id|code|systeem|applicatie|versie|datum|verplicht|nodig|ja/nee)(?!\w)",
    re.I,
)
_ROLE_COLUMN = re.compile(
    r"^(?:uitvoerder|wie(?:\s+\w+)?|rol|afdeling|team|zwembaan|lane|(?:\w+\s+)?door|actor|"
    r"levert|leverancier|aanleveraar)\b",
    re.I,
)
# columns that explain the item ("adres | checken we in de BAG"): kept after a dash
_NOTE_COLUMN = re.compile(r"^(?:toelichting|opmerking\w*|omschrijving|uitleg|hoe)\b", re.I)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_row_by_header(header: str, line: str) -> str | None:
    """A row of a table with a header, as its item with who does or delivers it: "| 1 |
    Betrokkene aanschrijven | Backoffice BRP | zaaksysteem |" under "| Nr | Processtap |
    Uitvoerder | Systeem |" → "Betrokkene aanschrijven (Backoffice BRP)". Numbers, systems
    and ja/nee columns go; a source column reads "(bron: …)"; the first other column is the
    item, a "Toelichting" column follows it after a dash, and other columns (a target
    group, a term, an owner) go."""
    heads, cells = _cells(header), _cells(line)
    if len(heads) != len(cells) or all(not c for c in cells):
        return _table_row(line)
    item, notes, extra = "", [], []
    for head, cell in zip(heads, cells, strict=True):
        # (a step number stands in a column of its own, whatever its header says)
        if not cell or _NOISE_COLUMN.match(head) or re.fullmatch(r"\d{1,3}\.?", cell):
            continue
        if re.match(r"^bron\b", head, re.I):
            extra.append(f"bron: {cell}")
        elif _ROLE_COLUMN.match(head):
            extra.append(re.sub(r"\s*\(([^()]*)\)", r", \1", cell))  # no brackets in brackets
        elif not item:
            item = cell
        elif _NOTE_COLUMN.match(head):
            notes.append(re.sub(r",\s*", " en ", cell))
    if not item:
        return None
    note = f" – {' en '.join(notes)}" if notes else ""
    return item + note + (f" ({'; '.join(extra)})" if extra else "")


def plain_text(text: str) -> str:
    """An answer pasted as Markdown read as plain text: headings go (they only label what
    follows), **vet**, _cursief_ and `code` lose their marks, ~~doorgehaald~~ goes with the
    rest of its line (struck out is no longer true), a table becomes one line per row
    ("cel – cel, cel"; under a header: the item with who does it) without its header, and
    "x → y" reads "x: y"."""
    if not re.search(r"[#*_`~|>→]", text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    table: list[str] = []

    def flush() -> None:
        # the first row of a table with a rule row under it is its header
        rows = table[:]
        if len(rows) > 1 and _table_row(rows[1]) is None:
            out.extend(r for r in (_table_row_by_header(rows[0], row) for row in rows[2:]) if r)
        else:
            out.extend(r for r in (_table_row(row) for row in rows) if r)
        table.clear()

    for line in lines:
        if line.strip().startswith("|") and line.strip().endswith("|"):
            table.append(line)
            continue
        if table:
            flush()
        if re.match(r"^\s*#{1,6}\s", line):
            continue
        if re.search(r"~~[^~]+~~", line):
            line = re.sub(r"~~[^~]+~~.*$", "", line)
            if not re.search(r"\w", re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])", "", line)):
                continue
        line = re.sub(r"^(\s*)>\s?", r"\1", line)
        out.append(line)
    if table:
        flush()
    text = "\n".join(out).strip("\n")
    text = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    # "intake → toets → besluit" is a sequence; a single "tekeningen → architect" a pair
    # ("a → volgend: b": the arrow leads to a part with its own label, so it separates)
    text = "\n".join(
        re.sub(r"\s*→\s*(?=\w+\s*:)", "; ", line) if line.count("→") == 1 else line
        for line in text.split("\n")
    )
    text = "\n".join(
        re.sub(r"\s*→\s*", "; " if line.count("→") > 1 else ": ", line) for line in text.split("\n")
    )
    return text
