"""Reference linking: a user's process or service name -> the GEMMA reference process it
specialises, with its bedrijfsfunctie.

A small hybrid index over the reference elements only (names, our descriptions and example
words such as "terrasvergunning"): BM25 with compound splitting plus dense similarity,
with a bonus when the words of the reference name appear in the user's text.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from knowledge import thesaurus
from knowledge.embedders import unit
from knowledge.lexical import LexicalIndex
from knowledge.reference import ReferenceElement, all_elements, by_id
from knowledge.text import Analyzer
from knowledge.types import Chunk, ReferenceSuggestion

PROCESS_KINDS = ("bedrijfsproces", "cluster")
# A cluster is a valid answer (e.g. "Beheren archief en informatie") but a specific
# bedrijfsproces with the same evidence is the more useful link.
KIND_FACTOR = {
    "bedrijfsproces": 1.0,
    "cluster": 0.9,
    "procesbouwsteen": 0.95,
    "bedrijfsfunctie": 0.9,
}
FUNCTION_MIN_SCORE = 0.2

VectorsFn = Callable[[list[Chunk]], np.ndarray | None]


class ReferenceLinker:
    def __init__(
        self,
        vectors: VectorsFn | None,
        embed_query: Callable[[str], np.ndarray] | None,
        expand: Callable[[str], list[str]] | None = None,
    ) -> None:
        # everyday words ("niet eens met het besluit") also look for the GEMMA term (bezwaar)
        self._expand = expand or thesaurus.shipped().expand
        self._elements = list(all_elements())
        self._chunks = [e.to_chunk() for e in self._elements]
        # b 0.75 as before: reference linking was measured with it (names, not pages)
        self._lexical = LexicalIndex(b=0.75, title_weight=3)
        self._lexical.build(self._chunks)
        self._pos = {c.chunk_id: n for n, c in enumerate(self._chunks)}
        self._matrix: np.ndarray | None = None
        self._embed_query = embed_query
        if vectors is not None and embed_query is not None:
            try:
                self._matrix = vectors(self._chunks)
            except Exception:
                self._matrix = None  # lexical-only linking still works
        analyzer = self._lexical.analyzer
        self._name_terms = [set(analyzer.terms(e.name)) for e in self._elements]

    @property
    def analyzer(self) -> Analyzer:
        return self._lexical.analyzer

    def _query_vector(self, text: str) -> np.ndarray | None:
        if self._matrix is None or self._embed_query is None:
            return None
        try:
            return unit(np.asarray(self._embed_query(text), dtype=np.float32))
        except Exception:
            return None  # lexical-only for this text

    def _scores(self, text: str, vector: np.ndarray | None) -> np.ndarray:
        n = len(self._elements)
        lex = np.zeros(n, dtype=np.float32)
        expanded = " ".join([text, *self._expand(text)])
        for cid, score in self._lexical.search(expanded, n):
            lex[self._pos[cid]] = score
        if lex.max() > 0:
            lex /= lex.max()
        dense = np.zeros(n, dtype=np.float32)
        if self._matrix is not None and vector is not None:
            sims = self._matrix @ vector
            lo, hi = float(sims.min()), float(sims.max())
            if hi > lo:
                dense = (sims - lo) / (hi - lo)
        query_terms = set(self.analyzer.terms(text))
        name_cover = np.array(
            [len(t & query_terms) / len(t) if t else 0.0 for t in self._name_terms],
            dtype=np.float32,
        )
        if self._matrix is None:
            combined = 0.75 * lex + 0.25 * name_cover
        else:
            combined = 0.5 * lex + 0.3 * dense + 0.2 * name_cover
        factors = np.array([KIND_FACTOR[e.kind] for e in self._elements], dtype=np.float32)
        return combined * factors

    def suggest(
        self, text: str, k: int = 3, kinds: tuple[str, ...] = PROCESS_KINDS
    ) -> list[ReferenceSuggestion]:
        text = (text or "").strip()
        if not text:
            return []
        vector = self._query_vector(text)
        scores = self._scores(text, vector)
        order = np.argsort(-scores, kind="stable")
        out: list[ReferenceSuggestion] = []
        for i in order:
            element = self._elements[int(i)]
            if scores[i] <= 0 or element.kind not in kinds:
                continue
            out.append(self._suggestion(int(i), float(scores[i]), text))
            if len(out) == k:
                break
        return out

    def _suggestion(self, index: int, score: float, text: str) -> ReferenceSuggestion:
        element = self._elements[index]
        function = element.bedrijfsfunctie() if element.kind != "bedrijfsfunctie" else None
        if function is None and element.kind != "bedrijfsfunctie":
            function = self._best_function(index, text)
        return ReferenceSuggestion(
            element_id=element.id,
            name=element.name,
            kind=element.kind,
            score=round(min(1.0, score), 4),
            url=element.url,
            path=element.path,
            bedrijfsfunctie=function.name if function is not None else None,
        )

    def _best_function(self, index: int, text: str) -> ReferenceElement | None:
        """The model links only the supporting clusters to a bedrijfsfunctie; for the
        others take the bedrijfsfunctie that best matches the user's words together with
        the reference process's own name. (Adding the name's vector to the question's
        instead of embedding the combined text saved the embedding but changed 13 of 240
        choices, several for the worse: kept as it is.)"""
        context = f"{text} {self._elements[index].name}"
        func_scores = self._scores(context, self._query_vector(context))
        best = max(
            (
                (float(func_scores[n]), e)
                for n, e in enumerate(self._elements)
                if e.kind == "bedrijfsfunctie"
            ),
            key=lambda item: item[0],
            default=(0.0, None),
        )
        if best[1] is not None and best[0] >= FUNCTION_MIN_SCORE * float(func_scores.max()):
            return best[1]
        return None


def element_for(suggestion: ReferenceSuggestion) -> ReferenceElement | None:
    return by_id(suggestion.element_id)
