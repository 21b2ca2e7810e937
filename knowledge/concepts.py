"""Concept cards: our own short explanations of GEMMA concepts, each with the GEMMA Online
page it is based on. Data in ``knowledge/data/concepts.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from knowledge.data_files import load_yaml
from knowledge.text import fold, words
from knowledge.types import GEMMA_LICENCE, Chunk

CARD_SOURCE = "klantreis-assistent/begrippen"


@dataclass(frozen=True)
class ConceptCard:
    id: str
    term: str
    synonyms: tuple[str, ...]
    explanation: str
    url: str

    @property
    def element_id(self) -> str:
        return f"kaart:{self.id}"

    def to_chunk(self) -> Chunk:
        also = ", ".join(self.synonyms)
        return Chunk(
            chunk_id=f"kaart:{self.id}",
            text=f"{self.explanation} (Ook: {also}.)" if also else self.explanation,
            title=self.term,
            section="Begrip",
            url=self.url,
            source=CARD_SOURCE,
            element_id=self.element_id,
            element_type="Begrip",
            licence=f"eigen tekst; bron {GEMMA_LICENCE}",
            group=self.element_id,
        )


def _key(text: str) -> str:
    return " ".join(words(text, keep_stopwords=True)).replace("-", " ")


@cache
def all_cards() -> tuple[ConceptCard, ...]:
    cards = []
    for raw in load_yaml("concepts.yaml"):
        cards.append(
            ConceptCard(
                id=str(raw["id"]),
                term=str(raw["term"]),
                synonyms=tuple(str(s) for s in raw.get("synoniemen", [])),
                explanation=" ".join(str(raw["uitleg"]).split()),
                url=str(raw["url"]),
            )
        )
    return tuple(cards)


@cache
def _by_key() -> dict[str, ConceptCard]:
    index: dict[str, ConceptCard] = {}
    for c in all_cards():
        for name in (c.id, c.term, *c.synonyms):
            index.setdefault(_key(name), c)
    return index


_QUESTION_WORDS = ("wat is een ", "wat is ", "wat zijn ", "wat betekent ", "wat bedoelt gemma met ")


def card(term_or_synonym: str) -> ConceptCard | None:
    """The card for a term, an id or a synonym (case, accents and a leading question such
    as "wat is een" are ignored); None when there is no card."""
    text = fold(term_or_synonym).strip().rstrip("?").strip()
    for q in _QUESTION_WORDS:
        if text.startswith(q):
            text = text[len(q) :]
            break
    key = _key(text)
    if not key:
        return None
    found = _by_key().get(key)
    if found is None and key.endswith("s"):
        found = _by_key().get(key[:-1])  # "deelservices", "touchpoints"
    if found is None and key.endswith("en"):
        found = _by_key().get(key[:-2])
    return found
