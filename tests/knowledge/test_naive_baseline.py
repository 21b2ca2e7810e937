"""The issue's naive baseline, rebuilt for calibration (``evals/naive_baseline.py``), on
small files made here and the deterministic hash embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.naive_baseline import (
    NaiveBaseline,
    NaiveBM25,
    figures,
    mixed,
    naive_corpus,
    rrf,
    split_by,
)
from evals.retrieval import is_relevant, judge
from knowledge.embedders import HashEmbedder


def _gemma(root: Path) -> Path:
    gemma = root / "gemma"
    (gemma / "wiki").mkdir(parents=True)
    (gemma / "gemma-model").mkdir()
    (gemma / "wiki" / "terras.txt").write_text(
        "Terrasvergunning\n\nDe ondernemer vraagt een vergunning voor een terras aan.", "utf-8"
    )
    (gemma / "wiki" / "afval.txt").write_text(
        "Afval\n\nDe gemeente haalt het huisvuil op en beheert de milieustraat.", "utf-8"
    )
    (gemma / "gemma-bedrijfsarchitectuur.md").write_text(
        "# Overzicht\n\nInleiding.\n\n## Belastingen heffen\n\nDe gemeente heft belasting.\n",
        "utf-8",
    )
    (gemma / "gemma-model" / "elements.csv").write_text(
        '"ID","Type","Name","Documentation","Specialization"\n'
        '"id-1","BusinessProcess","Innen parkeergeld","Het innen van geld voor parkeren",""\n'
        '"id-2","BusinessActor","Burger","",""\n',
        "utf-8",
    )
    return gemma


def test_the_corpus_holds_whole_pages_digest_sections_and_documented_elements_only(
    tmp_path: Path,
) -> None:
    chunks = naive_corpus(_gemma(tmp_path))
    sources = [c.passage.source for c in chunks]
    assert sources.count("gemma/wiki/terras.txt") == 1  # a page is one chunk, not paragraphs
    assert [c.passage.section for c in chunks if c.passage.source.endswith(".md")] == [
        "Overzicht",
        "Belastingen heffen",
    ]
    elements = [c.passage.element_id for c in chunks if c.passage.element_id]
    assert elements == ["id-1"]  # the undocumented "Burger" is left out
    # the eval's own label rules judge these chunks
    page = next(c for c in chunks if c.passage.source.endswith("terras.txt"))
    assert is_relevant(page.passage, ("wiki:terras.txt",))
    section = next(c for c in chunks if c.passage.section == "Belastingen heffen")
    assert is_relevant(section.passage, ("digest:Belastingen",))


def test_bm25_ranks_the_page_that_shares_the_question_words_first() -> None:
    bm25 = NaiveBM25(["het huisvuil wordt opgehaald", "een vergunning voor een terras"])
    scores = bm25.scores("wie geeft de terrasvergunning of een vergunning voor het terras")
    assert scores[1] > scores[0] > -1
    assert bm25.scores("onbekendwoord").tolist() == [0.0, 0.0]


def test_rrf_rewards_agreement_between_the_two_orders() -> None:
    assert rrf([3, 1, 2], [1, 3, 2])[:2] in ([3, 1], [1, 3])
    assert rrf([1, 2, 3], [1, 3, 2])[0] == 1
    assert rrf([5], [6, 7])[-1] == 7


def test_the_baseline_ranks_and_caches_its_vectors(tmp_path: Path) -> None:
    chunks = naive_corpus(_gemma(tmp_path))
    baseline = NaiveBaseline(chunks, HashEmbedder(), tmp_path / "cache")
    orders = baseline.orders("vergunning voor een terras")
    assert set(orders) == {"dicht", "BM25", "RRF"}
    assert baseline.rank(orders["BM25"], judge(("wiki:terras.txt",))) == 1
    assert baseline.rank(orders["BM25"], judge(("wiki:bestaat-niet.txt",))) is None
    again = NaiveBaseline(chunks, HashEmbedder(), tmp_path / "cache")
    assert (again.vectors == baseline.vectors).all()
    assert (tmp_path / "cache" / "embeddings.sqlite").exists()


def test_figures_split_and_mix() -> None:
    assert figures([1, 2, None, 6]) == (0.25, 0.5, 0.5, pytest.approx((1 + 0.5 + 1 / 6) / 4))
    found, missed = split_by([1, 7, None, 3], [2, 1, 4, None])
    assert found == [2, None] and missed == [1, 4]
    r5, mrr = mixed([1, 1], [None, None], 0.9)
    assert r5 == pytest.approx(0.9) and mrr == pytest.approx(0.9)
    assert mixed([1, None], [], 0.9) == (0.5, 0.5)
