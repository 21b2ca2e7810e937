"""Answers as people actually type, dictate or paste them, made readable for the slot
rules in ``parse``: spreadsheet columns, chat messages, answers drafted with an AI
assistant, speech recognition, a group talking at once, a question back, and what is said
about the future.

``settle`` runs them in one fixed order for every answer (see its docstring); each step
returns its input unchanged when the answer is not of its kind, so plain answers pass
through as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from assistant.interview.parse import Aside, norm, plain_text, self_corrected, split_sentences

# --- answers drafted with an AI chat assistant --------------------------------------------

# "Goede vraag!", "Zeker!", "Hieronder de stukken:" – the wrapping of a drafted answer
_PLEASANTRY = re.compile(
    r"^\s*(?:goede\s+vraag|zeker|natuurlijk|uiteraard|prima|graag|helder|duidelijk)\s*[!.]\s*",
    re.I,
)
# "Let op: dit kan per gemeente verschillen.", "⚠️ Controleer …": a disclaimer
_DISCLAIMER = re.compile(
    r"(?:^|\n)[ \t]*(?:let\s+op|n\.?b\.?|disclaimer|tip)\s*:[^\n]*(?:verschil|afhang|controle|"
    r"check|raadpleeg|kan\s+per)[^\n]*",
    re.I,
)
# "- **Geboorteverklaring** – opgesteld door de verloskundige": the bold word is the item
_BOLD_LEAD = re.compile(
    r"^([ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+)\*\*([^*\n]+?)\*\*([^–—\n*]{0,60}?)[ \t]+[–—-][ \t]+(.+)$",
    re.M,
)


def drafted_text(text: str) -> str:
    """An answer an AI assistant drafted, as the designer's own: the pleasantry and the
    disclaimer go, and a bullet "**X** – uitleg" reads "X (uitleg)"."""
    out = _PLEASANTRY.sub("", text)
    out = _DISCLAIMER.sub("", out)
    # "Samengevat: …" under a bulleted list recaps it (and may leave an item out)
    if re.search(r"(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S", out):
        out = re.sub(
            r"(?im)^[ \t]*\**(?:samengevat|kortom|samenvattend)\**\s*:?\**[^\n]*$", "", out
        )
    out = _BOLD_LEAD.sub(
        lambda m: f"{m.group(1)}{(m.group(2) + m.group(3)).strip()} ({m.group(4).strip()})", out
    )
    return out.strip() or text


def bold_name(text: str) -> str:
    """ "… heet de dienst gewoon **Geboorte aangeven**. Zo staat het ook op de website." →
    "Geboorte aangeven": the one bold phrase of a drafted answer to a name question ("" when
    there is none, or more than one, or it is a label)."""
    spans = [
        m
        for m in re.finditer(r"\*\*(?=\S)([^*\n]{2,120}?)(?<=\S)\*\*", text)
        if not re.match(r"\s*:", text[m.end() :]) and not m.group(1).rstrip().endswith(":")
    ]
    return spans[0].group(1).strip(" .") if len(spans) == 1 else ""


def named_field(text: str, names: set[str]) -> str:
    """The value of the field that names what was asked, in a name pasted from a handbook
    or a catalogue: "Naam proces: X; Eigenaar: …; Zaaktype: …" → "X", "Productencatalogus,
    titel: X\nSynoniemen: …" → "X", "HR-handboek, hoofdstuk 6, employee journey: X" → "X".
    "" when no field is labelled so."""
    best = ""
    for part in re.split(r"\n|;\s*", text):
        m = re.match(r"^[ \t]*(?:[-*•][ \t]+)?([^:\n]{2,80}?)\s*:\s*(\S[^:\n]{0,150})$", part)
        if m is None:
            continue
        words = re.findall(r"[a-z]{4,}", norm(m.group(1)))
        if any(w == n or w.startswith(n) for w in words for n in names if len(n) >= 4):
            best = best or m.group(2).strip(" .")
    return best


# "… Vanuit haar gezien heet de reis 'een veilige kinderopvang kiezen'."
_NAMED_QUOTE = re.compile(
    r"\b(?:heet|heten|noemen|noem|noemt)\b([^'\"‘“.?!]{0,40})['‘\"“]([^'’\"”\n]{3,120})['’\"”]",
    re.I,
)


def quoted_name(text: str, names: set[str]) -> str:
    """The quoted name a longer answer gives for what was asked ("heet de reis 'X'"), or ""
    (a short answer is its own name; "op de website heet het 'Y'" may name another thing)."""
    if len(split_sentences(text)) < 2:
        return ""
    for m in _NAMED_QUOTE.finditer(text):
        words = re.findall(r"[a-z]{4,}", norm(m.group(1)))
        if any(w == n or w.startswith(n) for w in words for n in names if len(n) >= 4):
            return m.group(2).strip()
    return ""


def labelled_line(text: str, names: set[str]) -> str:
    """Of an answer in several lines, the part under the label that names what was asked:
    "… zo noemen:\n\nKlantreis: Een kind krijgen\n\nDat sluit aan bij …" → "Een kind
    krijgen"; "Wettelijke grondslag:\n- BW Boek 1\n- Wet BRP" → the two lines. The text
    as it is when no line is such a label."""
    lines = text.split("\n")
    if len(lines) < 2 or not names:
        return text
    labels = [
        re.match(r"^[ \t]*(?:[-*•][ \t]+)?([^:()\n]{2,40}):(?:[ \t]+(.*)|[ \t]*)$", line)
        for line in lines
    ]
    if sum(1 for m in labels if m is not None and len(m.group(1).split()) <= 3) > 1:
        return text  # "Resultaat: …\nTermijn: …": every line is labelled, all of it counts
    for i, m in enumerate(labels):
        if m is None or len(m.group(1).split()) > 3:
            continue
        # every word of the label names what was asked ("Wettelijke grondslag"), not a
        # definition ("Ondersteunend betekent") or a data item ("gevraagd bedrag")
        words = [w for w in re.findall(r"[a-z]+", norm(m.group(1))) if len(w) >= 4]
        if not words or not all(
            any(w == n or w.startswith(n) or n.startswith(w) for n in names if len(n) >= 4)
            for w in words
        ):
            continue
        if (m.group(2) or "").strip():
            return (m.group(2) or "").strip()
        under: list[str] = []
        for rest in lines[i + 1 :]:
            if not rest.strip():
                if under:
                    break
                continue
            under.append(rest)
        return "\n".join(under) or text
    return text


# --- answers typed like a chat message -----------------------------------------------------

_CHAT_WORDS = {
    "idd": "inderdaad", "mss": "misschien", "ff": "even", "iig": "in ieder geval",
    "ivm": "in verband met", "ipv": "in plaats van", "nvt": "niet van toepassing",
    "tnx": "bedankt", "thx": "bedankt", "obv": "op basis van", "mbv": "met behulp van",
    "evt": "eventueel", "incl": "inclusief", "excl": "exclusief", "vh": "van het",
    "vd": "van de", "mdw": "medewerker", "mdws": "medewerkers", "wss": "waarschijnlijk",
    "gwn": "gewoon", "zsm": "zo snel mogelijk", "tzt": "te zijner tijd",
    "dwz": "dat wil zeggen", "ie": "hij", "mn": "mijn", "zn": "zijn", "ong": "ongeveer",
}  # fmt: skip
_CHAT_WORD = re.compile(r"(?<![\w.-])(" + "|".join(_CHAT_WORDS) + r")\.?(?![\w-])", re.I)
# ":)", ";-)", ":-(", ":D", ":p", "xD" (not "art. 2:3)": eyes follow no digit)
_EMOTICON = re.compile(r"(?<![\w])(?:[:;=][-']?[)(DPpOo/|\]\[]+|xD|\^\^)(?![\w])")


_TICKS = frozenset("\u2713\u2714\u2717\u2718\u2705\u274c")  # ✓ ✔ ✗ ✘ ✅ ❌


def _is_emoji(char: str) -> bool:
    """A pictograph, a dingbat or an emoji joiner ("°", "©" and the replacement character
    for unreadable input stay)."""
    cp = ord(char)
    if char in _TICKS:
        return False  # a tick or a cross on a sticky note says yes or no
    return char in "\u200d\ufe0f\ufe0e" or (
        unicodedata.category(char) == "So"
        and (cp >= 0x1F000 or 0x2300 <= cp <= 0x23FF or 0x2600 <= cp <= 0x27BF)
    )


def tab_rows(text: str) -> str:
    """Rows pasted from a spreadsheet ("stuk<TAB>verplicht\nbegroting<TAB>ja") as lines
    "begroting": a first row of short column names is a header, and a column that only
    says ja/nee/x says whether, not what."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "\t" in line.strip()]
    if len(rows) < 2:
        return text
    cells = {i: [c.strip() for c in lines[i].split("\t") if c.strip()] for i in rows}
    first = rows[0]
    header = all(len(c.split()) <= 2 for c in cells[first]) and any(
        len(" ".join(cells[i]).split()) > len(cells[i]) for i in rows[1:]
    )
    flag = re.compile(r"^(?:ja|nee|x|v|✓|✔|-|nvt|niet van toepassing|verplicht|optioneel)$", re.I)
    out = []
    for i, line in enumerate(lines):
        if i not in cells:
            out.append(line)
        elif not (header and i == first):
            kept = [c for c in cells[i] if not flag.match(c)]
            out.append(" – ".join(kept) if kept else line)
    return "\n".join(out)


def chat_text(text: str) -> str:
    """An answer typed like a chat message as plain Dutch: emoji and emoticons go, chat
    abbreviations ("idd", "ivm", "mdw", "nvt") are written out, and an arrow "->" reads as
    the "→" of a note."""
    out = "".join(c for c in text if not _is_emoji(c))
    out = _EMOTICON.sub("", out)
    out = _CHAT_WORD.sub(lambda m: _CHAT_WORDS[m.group(1).casefold()], out)
    out = re.sub(r"\s*(?:-+>|=>)\s*", " → ", out)
    # "a | b" puts two items on one line, as a new line would (a Markdown table row
    # starts and ends with a bar)
    out = "\n".join(
        line if line.strip().startswith("|") else re.sub(r"[ \t]+\|[ \t]+", "\n", line)
        for line in out.split("\n")
    )
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"[ \t]+\n", "\n", out).strip()
    return out or text


# --- typed in a hurry ------------------------------------------------------------------------

# The words the slot rules recognise a channel, an actor, a kind of customer or trigger, a
# lane or a variant by. A typo in one of them ("blaie", "posst", "aanvaag", "inwoenr")
# would silently drop that fact, so these, and only these, are put right.
_KEYWORDS = (
    "balie", "online", "telefoon", "telefonisch", "email", "mail", "post", "brief", "loket",
    "formulier", "webformulier", "digid", "eherkenning", "inwoner", "inwoners", "ondernemer",
    "instelling", "maatschappij", "klant", "klanten", "gemeente", "aanvraag", "aanvragen",
    "aanvrager", "melding", "verzoek", "frontoffice", "backoffice", "ketenpartner",
    "ondersteunend", "sturend", "gewenst", "huidig", "huidige", "ontvangstbevestiging",
    "statusmelding", "beschikking", "besluit", "vergunning", "archiveren", "registreren",
    "intern", "interne", "afdeling", "werkgever",
)  # fmt: skip
# real words one slip away from a keyword ("sturen" is no misspelt "sturend")
_REAL_WORDS = frozenset(
    {
        "sturen", "kanten", "gewest", "pots", "mali", "inter", "intere", "ondernemen",
        "kant", "klan", "bali", "emil", "brie",
    }
)  # fmt: skip


def _slips(word: str) -> set[str]:
    """The misspellings of ``word`` we correct: two letters swapped, a letter doubled, and
    in longer words a letter dropped (5+) or mistyped (8+); short words have too many real
    neighbours for the last two."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out |= {word[: i + 1] + word[i] + word[i + 1 :] for i in range(len(word))}
    if len(word) >= 5:
        out |= {word[:i] + word[i + 1 :] for i in range(len(word))}
    if len(word) >= 8:
        out |= {
            word[:i] + c + word[i + 1 :]
            for i in range(len(word))
            for c in "abcdefghijklmnopqrstuvwxyz"
        }
    return out


@functools.cache
def _slip_table() -> dict[str, str]:
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for word in _KEYWORDS:
        for slip in _slips(word):
            if slip in table and table[slip] != word:
                ambiguous.add(slip)
            table[slip] = word
    for slip in ambiguous | _REAL_WORDS | set(_KEYWORDS):
        table.pop(slip, None)
    return table


def typos(text: str) -> str:
    """Keywords typed in a hurry, put right: "aan de blaie" → "aan de balie", "per posst"
    → "per post", "jaa"/"neee"/"ne" → "ja"/"nee". Other words stay as typed."""
    table = _slip_table()

    def fix(m: re.Match[str]) -> str:
        token = m.group(0)
        low = token.casefold()
        if re.fullmatch(r"jaa+", low):
            right = "ja"
        elif re.fullmatch(r"neee+", low):
            right = "nee"
        else:
            right = table.get(low, "")
        if not right:
            return token
        return right.capitalize() if token[0].isupper() else right

    # "ne, eigenlijk niet": a "nee" that lost a letter, at the start of an answer
    text = re.sub(r"^(\s*)([Nn])e(?=\s*(?:[,.!]|$))", r"\1\2ee", text)
    return re.sub(r"(?<![\w-])[A-Za-z]{2,25}(?![\w-])", fix, text)


# --- told as a story ------------------------------------------------------------------------

# "Vorige week kwam er iemand …", "Ik heb ooit een meneer gehad die …", "Je zou het niet
# zeggen, maar …": a sentence that tells an anecdote, not how it goes
_ANECDOTE = re.compile(
    r"^(?:(?:ja|nou|tja)\s*,?\s+)?(?:"
    r"ik\s+heb\s+(?:er\s+|het\s+)?(?:ooit|eens|ook\s+eens|laatst|een\s+keer)\b|"
    r"ik\s+had\s+(?:ooit|eens|laatst)\b|ik\s+ken\s+verhalen\b|"
    r"(?:vorige|afgelopen)\s+(?:week|maand)\b|vorig\s+jaar\b|laatst\b|onlangs\b|"
    r"(?:een|die)\s+(?:mevrouw|meneer|man|vrouw)\s+(?:vroeg|belde|kwam|zei|dacht|had)\b|"
    r"je\s+zou\s+(?:het\s+niet\s+zeggen|schrikken)\b|je\s+moet\s+weten\b"
    r")",
    re.I,
)
# "…, maar dat was een uitzondering" / "maar dat is gelukkig zeldzaam": the case before it
_EXCEPTION_TOLD = re.compile(
    r"\bmaar\s+dat\s+(?:is|was)\s+(?:echt\s+|gelukkig\s+|wel\s+)*(?:de\s+|een\s+|het\s+)?"
    r"(?:uitzondering|zeldzaam|niet\s+de\s+regel|kleinste\s+deel|klein\s+deel)",
    re.I,
)


_NAMES_IT = re.compile(r"['‘\"“][^'’\"”]{3,}['’\"”]|\b(?:heet|heten|noemen|noem|dus)\b", re.I)


def without_anecdotes(text: str) -> str:
    """An answer told as a story, without the anecdotes around the answer: sentences that
    tell one case ("Vorige week kwam er iemand met een schoenendoos vol scherven aan de
    balie, maar dat is echt de uitzondering.") go, as long as a sentence remains."""
    out_lines = []
    for line in text.split("\n"):
        sentences = split_sentences(line)
        kept = [
            s
            for s in sentences
            # ("Een vrouw zei toen …, en daarom heet de reis nu 'X'": the story names it)
            if _NAMES_IT.search(s) or not (_ANECDOTE.match(s) or _EXCEPTION_TOLD.search(s))
        ]
        out_lines.append(" ".join(kept) if kept and len(kept) < len(sentences) else line)
    return "\n".join(out_lines)


# --- answered before -------------------------------------------------------------------------

# "Dat zei ik net al: …", "Zie hierboven, dus …", "Zoals gezegd: …", "Heb ik al gezegd."
_SAID_BEFORE = re.compile(
    r"^\W*(?:(?:ja|nou|o)\s*,?\s+)?(?:"
    r"zie\s+(?:hier)?boven|zie\s+(?:mijn\s+)?(?:vorige|eerdere)\s+antwoord|"
    r"zoals\s+(?:ik\s+)?(?:al\s+|net\s+|eerder\s+)*(?:gezegd|zei|genoemd|noemde)|"
    r"(?:dat\s+)?(?:zei|noemde|vertelde)\s+ik\s+(?:net\s+|daarnet\s+|hierboven\s+|eerder\s+)?al|"
    r"(?:dat\s+)?(?:heb|had)\s+ik\s+(?:net\s+|daarnet\s+|hierboven\s+|eerder\s+)?al\s+"
    r"(?:gezegd|genoemd|verteld|beantwoord)|"
    r"(?:dat\s+)?staat\s+(?:al\s+)?(?:hier)?boven"
    r")\b\s*[,.:;!\-–]*\s*(?:dus\s*[,:]?\s*)?",
    re.I,
)


def said_before(text: str) -> str | None:
    """An answer that points back at an earlier one: None when it does not, "" when that
    is all it says ("Heb ik al gezegd."), else what it restates ("Zie hierboven, dus de
    naam van de school, …" → "de naam van de school, …")."""
    m = _SAID_BEFORE.match(text)
    if m is None:
        return None
    return text[m.end() :].strip()


# --- answers dictated with speech recognition ---------------------------------------------

# "eh", "ehm", "uhm": a dictation tool writes down the hesitation
_HESITATION = re.compile(r"(?<![\w-])(?:e+h+m*|u+h+m*|e+m+)(?![\w-])[,.]?[ \t]*", re.I)
# punctuation said out loud ("een veiligheidsplan komma een verkeersplan punt")
_SPOKEN = re.compile(
    r"\b(?:dubbele\s+punt|puntkomma|vraagteken|uitroepteken|nieuwe\s+regel|komma|punt)\b", re.I
)
_SPOKEN_AS = {
    "dubbele punt": ":",
    "puntkomma": ";",
    "vraagteken": "?",
    "uitroepteken": "!",
    "nieuwe regel": "\n",
    "komma": ",",
    "punt": ".",
}
# "het punt is", "een punt van zorg": the noun
_POINT_NOUN = re.compile(r"\b(?:het|een|dit|dat|elk|ieder|welk|ons|mijn|dat\s+is\s+een)\s*$", re.I)
# spelled out: "k c c", "a p v", "b s n", "digi d", "e mail"
_SPELLED = re.compile(r"(?<![\w-])((?:[a-tv-z]\s){1,5}[a-tv-z])(?![\w-])", re.I)
_DICTATED_WORDS = (
    (re.compile(r"\be\s+mail", re.I), "e-mail"),
    (re.compile(r"\bdigi\s+d\b", re.I), "DigiD"),
    (re.compile(r"\be\s+herkenning\b", re.I), "eHerkenning"),
    (re.compile(r"\bwhats\s+app\b", re.I), "WhatsApp"),
)
# "… het is dus een ondernemer nee wacht het is een stichting": a restart without a comma
_RESTART = re.compile(
    r"(?<=\w)\s+(?=nee\s+(?:wacht|sorry|ik\s+bedoel|correctie|toch\s+niet|dat\s+klopt\s+niet|"
    r"dat\s+was)\b)",
    re.I,
)


def dictated(text: str) -> str:
    """An answer from speech recognition as if typed: hesitations go, spelled letters and
    spoken punctuation ("komma", "punt", "nieuwe regel") become what was meant, and a
    restart ("… een ondernemer nee wacht het is een stichting") reads as a correction.
    Spoken punctuation is only read as such in text with hardly any punctuation of its own
    (a typed "het punt is" stays)."""
    out = _HESITATION.sub("", text)
    for pattern, word in _DICTATED_WORDS:
        out = pattern.sub(word, out)
    out = _SPELLED.sub(lambda m: m.group(1).replace(" ", "").upper(), out)
    spoken = _SPOKEN.findall(out)
    if spoken and len(re.findall(r"[.,;:?!]", out)) <= len(spoken):

        def _mark(m: re.Match[str]) -> str:
            said = norm(m.group(0))
            if said == "punt" and _POINT_NOUN.search(out[max(0, m.start() - 30) : m.start()]):
                return m.group(0)
            return _SPOKEN_AS[re.sub(r"\s+", " ", said)]

        out = _SPOKEN.sub(_mark, out)
        out = re.sub(r"[ \t]*\n[ \t]*", "\n", out)
        out = re.sub(r"[ \t]+([,.;:?!])", r"\1", out)
        out = re.sub(r"([,.;:?!])(?=\w)", r"\1 ", out)
    if len(re.findall(r"[.,;:?!]", out)) <= 1:
        out = _RESTART.sub(", ", out)
    out = re.sub(r"[ \t]{2,}", " ", out).strip()
    return out or text


# --- several people answering at once (a workshop) ---------------------------------------

# "Petra: …", "Jan: nee, …": a first name and a colon opening a turn, at the start, on a
# new line or after " / ". Words that head a part of an answer ("Volgend:", "Nu:",
# "Uit de BRP:") are no speakers.
_SPEAKER = re.compile(
    r"(?:^|(?<=\n)|(?<=\s/\s)|(?<=[.!?]\s))[ \t]*([A-Z][a-z\u00df-\u00ff]{1,14})[ \t]*:[ \t]+"
)
_NOT_SPEAKERS = frozenset({
    "nu", "straks", "hier", "dus", "dan", "vroeger", "later", "intern", "extern", "klant",
    "kanaal", "kanalen", "stap", "stappen", "doel", "bron", "tip", "let", "opmerking", "nb",
    "vraag", "antwoord", "resultaat", "levering", "intake", "behandeling", "aanleiding",
    "service", "dienst", "proces", "processen", "variant", "gewenst", "huidig", "huidige",
    "wet", "grondslag", "termijn", "doorlooptijd", "voorbeeld", "bijvoorbeeld", "conclusie",
    "samengevat", "kortom", "concreet", "eerst", "daarna", "tot", "slot", "online", "post",
    "balie", "telefoon", "telefonisch", "email", "mail", "app", "website", "frontoffice",
    "backoffice", "ketenpartner", "derde", "derden", "ondersteunend", "sturend", "volgend",
    "voorafgaand", "gelijktijdig", "documenten", "stukken", "gegevens", "activiteiten",
})  # fmt: skip
# "ja, die", "klopt", "prima", "goed, die": agreeing adds nothing to the answer
_ASSENT = re.compile(
    r"^(?:o\s+)?(?:ja|jep|klopt|prima|goed|eens|akkoord|precies|helemaal|top|oké|ok|mee\s+eens)"
    r"\b[\s,!.]*(?:(?:die|dat|dus|hoor|zeker|klopt|inderdaad|ja)\b[\s,!.]*)*$",
    re.I,
)


def discussion(text: str) -> str:
    """An answer typed by a group ("Petra: … / Jan: nee, … / Petra: o ja, klopt") as the
    statements it settled on, one per line: speaker names go, and so do questions to each
    other, the "nee" that answers such a question, and plain agreement. Text that is not
    such an exchange (fewer than two turns with a name) is returned as it is."""
    marks = [m for m in _SPEAKER.finditer(text) if m.group(1).casefold() not in _NOT_SPEAKERS]
    if len(marks) < 2:
        return text
    turns = [text[: marks[0].start()]] + [
        text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        for i, m in enumerate(marks)
    ]
    # "Burgerzaken: intake. Vergunningen: toets." labels parts by department: a talk has a
    # name that speaks twice, or a turn that asks, agrees or answers the one before
    names = [m.group(1) for m in marks]
    talking = len(set(names)) < len(names) or any(
        t.strip().rstrip(" /").endswith("?")
        or _ASSENT.match(t.strip().rstrip(" /"))
        or re.match(r"\s*(?:nee|ja|maar|en|o\s+ja|klopt)\b", t, re.I)
        for t in turns[1:]
    )
    if not talking:
        return text
    kept: list[str] = []
    after_question = False
    for turn in turns:
        said = re.sub(r"\s*/\s*$", "", turn.strip()).strip()
        if not said:
            continue
        if said.endswith("?"):
            after_question = True
            continue
        answers_question = after_question and re.match(r"nee\b", said, re.I) is not None
        after_question = False
        if answers_question or _ASSENT.match(said):
            continue
        kept.append(said)
    return "\n".join(kept) if kept else text


# "Bedoel je de brief? Ja, dan: …": a question back before the answer is no part of it
_COUNTER_QUESTION = re.compile(r"^(?:[^?.!\n()]{3,160}\?[ \t]*)+(?=\S)")


def drop_counter_question(text: str) -> str:
    """ "Bedoel je degene die het verzoek indient? De indiener dus." → "De indiener dus."
    (only when an answer follows the question)."""
    m = _COUNTER_QUESTION.match(text)
    if m is None or not re.search(r"\w", text[m.end() :]):
        return text
    return text[m.end() :].lstrip()


# "…, straks alleen nog digitaal", "In de toekomst willen we …": the wished-for situation,
# which belongs in a variant, not in the current one
_TO_BE = re.compile(
    r"(?:(?<=[.!?;\n])|^|,)[ \t]*(?:(?:maar|en)\s+)?(?:straks|in\s+de\s+toekomst|binnenkort|"
    r"in\s+de\s+(?:gewenste|nieuwe)\s+(?:situatie|variant)|vanaf\s+volgend\s+jaar)\b"
    r"[^.!?;\n]*[.!?;]?",
    re.I,
)


def current_only(text: str) -> str:
    """The answer without what it says about the future ("nu per post, straks alleen
    digitaal" → "nu per post"); unchanged when nothing else would remain."""
    out = _TO_BE.sub("", text)
    out = re.sub(r"[ \t]{2,}", " ", out).strip(" ,;")
    return out if re.search(r"\w{2,}", out) else text


# Slots that ask for one name (the one bold phrase of a drafted answer is that name)
NAME_SLOTS = frozenset({"journey_name", "service_name", "process_name"})
# Slots whose answers may speak of the future without describing a wished-for way of
# working: what the customer does next ("en straks verhuist hij") or wants, and the variant.
# ("straks een vervoersvoorziening" is a later service of the journey, not a wish)
FUTURE_TOLD = frozenset(
    {"customer_goal", "steps_before", "steps_after", "pain_points", "variants", "other_services"}
)


def settle(text: str, slot_id: str, label_words: set[str]) -> tuple[str, list[Aside]]:
    """What an answer to ``slot_id`` says, and the asides it holds for other questions.

    The order matters, and each step reads what the one before left:

    1. ``chat_text``: emoji, chat abbreviations, "a | b", "->"; then ``typos``: keywords
       typed in a hurry ("blaie", "posst");
    2. ``bold_name`` (name slots only): the one bold phrase of a drafted answer;
    3. ``drafted_text``: an AI assistant's pleasantry, disclaimer, recap, "**X** – uitleg";
    4. ``plain_text`` (``parse``): Markdown from Teams or a wiki;
    5. ``labelled_line``: the line labelled with what was asked ("Klantreis: …"); for a
       name, ``named_field``: the field of a pasted field list ("Naam proces: …; …");
    6. ``dictated``: speech recognition (hesitations, spoken punctuation, spelled letters);
    7. ``discussion``: a group answering together, as the statements it settled on;
    8. ``drop_counter_question``: "Bedoel je …? …"; ``without_anecdotes``: the stories
       around the answer ("Vorige week kwam er iemand …");
    9. ``self_corrected`` (``parse``): corrections, conclusions ("Dus: …", "Hier: …"),
       asides for other questions;
    10. ``current_only``: what is said about the future, except where it belongs.

    Spreadsheet columns (``tab_rows``) are read before this, on the raw message, because
    the engine's first cleaning turns tabs into spaces."""
    text = typos(chat_text(text))
    if slot_id in NAME_SLOTS:
        text = bold_name(text) or text
    text = labelled_line(plain_text(drafted_text(text)), label_words)
    if slot_id in NAME_SLOTS:
        text = named_field(text, label_words) or quoted_name(text, label_words) or text
    text = without_anecdotes(drop_counter_question(discussion(dictated(text))))
    text, asides = self_corrected(text, now_decides=slot_id != "variants")
    if slot_id not in FUTURE_TOLD:
        text = current_only(text)
    return text, asides
