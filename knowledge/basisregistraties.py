"""Which basisregistratie (or other source) holds a document or data item.

Used by the advice ("de gemeente kan dit zelf opvragen"): a customer should not have to
bring what the municipality can look up itself. The table is
``knowledge/data/basisregistraties.yaml``; ``lookup`` tolerates wording ("uittreksel KvK",
"KvK-uittreksel", "uittreksel handelsregister", "paspoortkopie").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.data_files import load_yaml
from knowledge.text import Analyzer, words

# Words that say *what kind of paper* it is, not what it is about; they match anything.
_GENERIC = frozenset(
    {"uittreksel", "kopie", "bewijs", "gegevens", "document", "akte", "verklaring"}
)


@dataclass(frozen=True)
class Basisregistratie:
    code: str
    name: str
    keeper: str
    municipality_can_consult: bool
    documents: tuple[str, ...]


@cache
def all_registrations() -> tuple[Basisregistratie, ...]:
    return tuple(
        Basisregistratie(
            code=str(raw["code"]),
            name=str(raw["naam"]),
            keeper=str(raw["beheerder"]),
            municipality_can_consult=bool(raw.get("gemeente_kan_zelf_raadplegen", True)),
            documents=tuple(str(d) for d in raw["documenten"]),
        )
        for raw in load_yaml("basisregistraties.yaml")
    )


@cache
def _analyzer() -> Analyzer:
    vocab: set[str] = set()
    for reg in all_registrations():
        for text in (*reg.documents, reg.code, reg.name):
            vocab.update(words(text))
    vocab.update({"kvk", "handelsregister", "kadaster", "paspoort", "uittreksel", "kopie"})
    return Analyzer(vocab)


def _terms(text: str) -> frozenset[str]:
    return frozenset(_analyzer().terms(text))


@cache
def _entries() -> tuple[tuple[frozenset[str], frozenset[str], Basisregistratie], ...]:
    out = []
    for reg in all_registrations():
        for doc in (*reg.documents, reg.code, reg.name):
            terms = _terms(doc)
            specific = frozenset(t for t in terms if t not in _generic_stems())
            out.append((terms, specific, reg))
    return tuple(out)


@cache
def _generic_stems() -> frozenset[str]:
    return frozenset(t for g in _GENERIC for t in _analyzer().terms(g))


def lookup(document_or_data_name: str) -> Basisregistratie | None:
    """The registration that holds this document or data item, or None."""
    query = _terms(document_or_data_name)
    specific = frozenset(t for t in query if t not in _generic_stems())
    if not specific:
        return None
    best: tuple[float, Basisregistratie] | None = None
    for terms, entry_specific, reg in _entries():
        if not entry_specific:
            continue
        shared = len(specific & entry_specific)
        if shared == 0:
            continue
        # All specific words of the table entry must be present (so "kaart" alone does
        # not become a kadastrale kaart); the score prefers entries that explain more of
        # the query and share its generic words too.
        if shared < len(entry_specific):
            continue
        score = shared / len(specific) + 0.1 * len(query & terms)
        if best is None or score > best[0]:
            best = (score, reg)
    return best[1] if best else None
