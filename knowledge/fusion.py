"""Fusing the lexical and dense result lists.

Plain reciprocal rank fusion throws away how *sure* each retriever is: measured here it was
worse than dense alone (MRR 0.74 vs 0.81). The default therefore combines normalised
scores (a convex combination), which keeps a large gap in either list visible. Weighted RRF
stays available for comparison in the eval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Ranked = list[tuple[str, float]]


@dataclass(frozen=True)
class FusionConfig:
    method: Literal["score", "rrf"] = "score"
    dense_weight: float = 0.6
    lexical_weight: float = 0.4
    rrf_k: int = 60
    depth: int = 50  # candidates taken from each retriever

    def __post_init__(self) -> None:
        if self.method not in ("score", "rrf"):
            raise ValueError(f"onbekende fusiemethode {self.method!r}")
        if self.dense_weight < 0 or self.lexical_weight < 0:
            raise ValueError(
                f"gewichten mogen niet negatief zijn: {self.dense_weight}, {self.lexical_weight}"
            )
        if self.depth < 1:
            raise ValueError(f"depth moet minstens 1 zijn, niet {self.depth}")


def _minmax(ranked: Ranked) -> dict[str, float]:
    if not ranked:
        return {}
    scores = [s for _, s in ranked]
    lo, hi = min(scores), max(scores)
    if hi - lo < 1e-9:
        return {cid: 1.0 for cid, _ in ranked}
    return {cid: (s - lo) / (hi - lo) for cid, s in ranked}


def _max_scaled(ranked: Ranked) -> dict[str, float]:
    # BM25 scores start at zero (no match), so scale by the maximum only: a weak best
    # match stays weak relative to zero instead of being stretched to 1.
    if not ranked:
        return {}
    hi = max(s for _, s in ranked)
    if hi <= 0:
        return {cid: 0.0 for cid, _ in ranked}
    return {cid: max(s, 0.0) / hi for cid, s in ranked}


def fuse(dense: Ranked, lexical: Ranked, config: FusionConfig = FusionConfig()) -> Ranked:
    """One ranking from both lists, best first. Either list may be empty."""
    if config.method == "rrf":
        fused: dict[str, float] = {}
        for weight, ranked in ((config.dense_weight, dense), (config.lexical_weight, lexical)):
            for rank, (cid, _) in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + weight / (config.rrf_k + rank + 1)
    else:
        d, lx = _minmax(dense), _max_scaled(lexical)
        fused = {
            cid: config.dense_weight * d.get(cid, 0.0) + config.lexical_weight * lx.get(cid, 0.0)
            for cid in set(d) | set(lx)
        }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
