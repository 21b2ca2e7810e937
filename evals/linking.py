"""Reference-linking eval: does a municipality's own name for a process or service lead to
the GEMMA reference process it specialises?

Each item is a text as a policy officer or process designer would type it ("we handelen
de bijzondere bijstand af", "facturen van leveranciers betalen") with the reference
process(es) a GEMMA expert accepts. Reported per set: top-1, top-3, MRR (first 10) and
latency, for the default linker and for the linker without its dense part and without
the thesaurus. Usage: ``klantreis eval linking`` (or ``python -m evals.linking``).

``dev.jsonl`` is for development; ``heldout.jsonl`` was written alongside it by someone
who had not seen the linking code, and is not tuned on.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.retrieval import Score as RankScore
from evals.retrieval import dataset_lines
from knowledge.base import KnowledgeBase
from knowledge.fsio import atomic_write_text
from knowledge.linking import ReferenceLinker
from knowledge.text import fold
from knowledge.types import ReferenceSuggestion

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "evals" / "datasets" / "linking"
SETS = {"ontwikkelset": DATASETS / "dev.jsonl", "achtergehouden set": DATASETS / "heldout.jsonl"}
RESULTS = REPO / "evals" / "results" / "linking.md"
DEPTH = 10
PRODUCT_K = 3  # what the interview asks for

Suggest = Callable[[str, int], Sequence[ReferenceSuggestion]]


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    expected: tuple[str, ...]  # reference process names, best first
    ids: tuple[str, ...]  # their element ids


def load_items(path: Path) -> list[Item]:
    items = []
    for n, line in dataset_lines(path, "linking-dataset"):
        try:
            raw = json.loads(line)
            items.append(
                Item(
                    str(raw["id"]),
                    str(raw["text"]),
                    tuple(str(x) for x in raw["expected"]),
                    tuple(str(x) for x in raw.get("ids", ())),
                )
            )
        except (ValueError, KeyError, TypeError, RecursionError) as err:
            raise ValueError(f"{path.name} regel {n}: ongeldig item ({err})") from None
    return items


def is_hit(suggestion: ReferenceSuggestion, item: Item) -> bool:
    if suggestion.element_id and suggestion.element_id in item.ids:
        return True
    return fold(suggestion.name) in {fold(name) for name in item.expected}


class Score(RankScore):
    """Ranks and latencies as in the retrieval eval; the table shows top-1/top-3/MRR."""

    def row(self, default: bool = False) -> str:
        name = f"**{self.name}** (standaard)" if default else self.name
        return (
            f"| {name} | {self.recall(1):.2f} | {self.recall(3):.2f} | {self.mrr:.3f} "
            f"| {self.pct(0.5):.1f} | {self.pct(0.95):.1f} |"
        )


def evaluate(suggest: Suggest, items: list[Item], name: str) -> Score:
    score = Score(name)
    suggest(items[0].text, DEPTH)  # warm-up: model load, index build
    for item in items:
        # latency as the interview asks: three suggestions, each with its bedrijfsfunctie
        started = time.perf_counter()
        suggest(item.text, PRODUCT_K)
        score.latencies.append((time.perf_counter() - started) * 1000)
        found = list(suggest(item.text, DEPTH))
        rank = next((n for n, s in enumerate(found, 1) if is_hit(s, item)), None)
        score.ranks.append(rank)
        if rank != 1:
            first = found[0].name if found else "-"
            score.misses.append(
                f"{item.id} ({rank or '-'}): {item.text} → verwacht {item.expected[0]}, "
                f"eerste voorstel {first}"
            )
    return score


def run(
    *,
    data_dir: Path,
    datasets: dict[str, Path] | None = None,
    output: Path | None = None,
    embedding_backend: str = "auto",
) -> str:
    if datasets:  # the user's files must be there; of ours, the ones present are run
        sets = {name: load_items(path) for name, path in datasets.items()}
    else:
        sets = {name: load_items(path) for name, path in SETS.items() if path.exists()}
    sets = {name: items for name, items in sets.items() if items}
    if not sets:
        raise FileNotFoundError("geen linking-dataset gevonden")
    # The shipped knowledge only: linking works on the reference structure we ship, and
    # the eval should not depend on what a user ingested.
    kb = KnowledgeBase.open(data_dir / "eval-index-linking", embedding_backend=embedding_backend)
    kb.ensure_ready()
    default = "hybride (BM25 + dicht + naamdekking)"
    configs: list[tuple[str, Suggest]] = [
        (default, lambda text, k: kb.suggest_references(text, k)),
        ("zonder dicht deel", _linker(kb.reference_linker(dense=False))),
        ("zonder thesaurus", _linker(kb.reference_linker(thesaurus=False))),
    ]
    scores = {
        name: [evaluate(fn, items, label) for label, fn in configs] for name, items in sets.items()
    }
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    lines = [
        "# Referentiekoppeling-evaluatie",
        "",
        "Een eigen naam of omschrijving van een proces of dienst → het GEMMA-referentieproces."
        f" Top-1, top-3 en MRR over de eerste {DEPTH} voorstellen; latentie in ms voor"
        f" {PRODUCT_K} voorstellen met hun bedrijfsfunctie, zoals het interview ze vraagt (na"
        f" opwarmen), belasting {load[0]:.1f}. Dicht model: {kb.embedder.name}.",
    ]
    for name, rows in scores.items():
        lines += [
            "",
            f"## {name} ({len(sets[name])} items)",
            "",
            "| koppeling | top-1 | top-3 | MRR | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|",
            *[s.row(default=s.name == default) for s in rows],
            "",
            "Niet als eerste voorgesteld (standaard):",
            "",
            *[f"- {m}" for s in rows if s.name == default for m in s.misses],
        ]
    medians = [statistics.median(s.latencies) for rows in scores.values() for s in rows]
    lines += ["", f"Mediane latentie over alle rijen: {statistics.median(medians):.1f} ms."]
    table = "\n".join(lines) + "\n"
    target = output or RESULTS
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, table)
    return table


def _linker(linker: ReferenceLinker) -> Suggest:
    return lambda text, k: linker.suggest(text, k)


if __name__ == "__main__":
    from assistant.config import load_settings

    settings = load_settings()
    print(run(data_dir=settings.data_dir, embedding_backend=settings.embedding_backend))
