"""What kind of thing a question asks for, when it says so.

"Welk proces …", "bij welke bedrijfsfunctie …", "in welke applicatie …": the designer
names the kind of answer. Model elements of that ArchiMate type (and our reference copies
of them) then get a small bonus in the fused ranking; a question that names no kind is
ranked as before.
"""

from __future__ import annotations

import re

from knowledge.text import fold

_WHICH = r"\bwelke?\s+(?:\w+\s+)?"
_INTENTS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(_WHICH + r"(?:gemma[- ]?)?(?:referentie|bedrijfs)?(?:proces|processen)\b"),
        frozenset({"BusinessProcess", "Referentie-bedrijfsproces", "Procescluster"}),
    ),
    (
        re.compile(_WHICH + r"(?:bedrijfs)?functies?\b"),
        frozenset({"BusinessFunction", "Bedrijfsfunctie"}),
    ),
    (
        re.compile(
            _WHICH
            + r"(?:applicaties?|applicatiecomponent(?:en)?|systemen|systeem|software"
            + r"|componenten|component|pakketten|pakket)\b"
        ),
        frozenset({"ApplicationComponent"}),
    ),
    # not "welke rol speelt X": the idiom asks how X matters, not for a role
    (
        re.compile(_WHICH + r"rol(?:len)?\b(?!\s+(?:speelt|spelen|speelde|speelden)\b)"),
        frozenset({"BusinessRole"}),
    ),
    (
        re.compile(_WHICH + r"(?:gegevensobject(?:en)?|informatieobject(?:en)?|objecttypen?)\b"),
        frozenset({"BusinessObject", "DataObject"}),
    ),
)


def wanted_types(question: str) -> frozenset[str]:
    """The element types the question asks for by name, or an empty set."""
    text = fold(question)
    for pattern, types in _INTENTS:
        if pattern.search(text):
            return types
    return frozenset()
