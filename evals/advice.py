"""Eval of the GEMMA design advice: precision and recall of the checks that fire.

Dataset: ``evals/datasets/advice/*.expected.json``, each naming a model JSON (and
optionally a variant) with the checks that must fire and must not fire. A check that fires
and is listed under must_fire is a true positive; one listed under must_not_fire is a false
positive; a must_fire check that stays silent is a false negative. Checks a case does not
label are not scored (and reported, so labels can be completed).

A case may name its ``set``: ``extern`` marks the cases written afterwards, deliberately
unlike the first ones, as a held-out check on the first set; unnamed cases belong to
``eerste``. The report scores every set on its own as well as all together; ``--set``
scores one set only.

Run: ``klantreis eval advice`` or ``python -m evals.advice``. Writes
``evals/results/advice.md``; exits 1 when overall precision or recall is below 0.9.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.advice import CHECKS, AdviceDeps, advise
from assistant.advice.deps import knowledge_concepts, knowledge_registry
from assistant.errors import KlantreisError
from assistant.model_io import load_model_file

ROOT = Path(__file__).resolve().parent
DATASET = ROOT / "datasets" / "advice"
RESULT = ROOT / "results" / "advice.md"
THRESHOLD = 0.9
# Each later set's figure when it was first run, before the checks were changed with it in
# view: the only honest estimate of how the checks do on models nobody has seen.
FIRST_RUN = {
    "eerste": "0.97 / 1.00 (written with the checks)",
    "extern": "0.76 / 0.96 (commit 94f51ee)",
    "extern-2": "0.81 / 1.00 (commit bc2e659)",
    "extern-3": "0.88 / 1.00 (commit 2c0e256)",
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class CaseResult:
    case: str
    variant: str
    fired: list[str]
    true_positives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)
    unsourced: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    """Findings without element ids, explanation or suggestion."""
    set: str = "eerste"


def eval_deps() -> AdviceDeps:
    # Retrieval only decorates findings with passages; which checks fire never depends on
    # it, so the eval runs without an index (fast and deterministic).
    return AdviceDeps(registry=knowledge_registry(), concept=knowledge_concepts())


def run(
    dataset: Path = DATASET, only_set: str | None = None
) -> tuple[dict[str, Counts], list[CaseResult]]:
    deps = eval_deps()
    per_check: dict[str, Counts] = defaultdict(Counts)
    results: list[CaseResult] = []
    for exp_path in sorted(dataset.glob("*.expected.json")):
        exp: dict[str, Any] = json.loads(exp_path.read_text(encoding="utf-8"))
        case_set = str(exp.get("set") or "eerste")
        if only_set is not None and case_set != only_set:
            continue
        try:
            model = load_model_file(dataset / exp["model"])
            findings = advise(model, deps, variant=exp.get("variant"))
        except KlantreisError as exc:
            raise SystemExit(f"Geval {exp_path.name}: {exc}") from None
        fired = sorted({f.check for f in findings})
        must, must_not = set(exp.get("must_fire", [])), set(exp.get("must_not_fire", []))
        case = exp_path.name.removesuffix(".expected.json")
        res = CaseResult(
            case=case, variant=exp.get("variant") or model.active.name, fired=fired, set=case_set
        )
        for check in must:
            if check in fired:
                per_check[check].tp += 1
                res.true_positives.append(check)
            else:
                per_check[check].fn += 1
                res.false_negatives.append(check)
        for check in must_not:
            if check in fired:
                per_check[check].fp += 1
                res.false_positives.append(check)
        res.unlabelled = [c for c in fired if c not in must and c not in must_not]
        res.unsourced = [f.id for f in findings if not f.sources]
        res.incomplete = [
            f.id
            for f in findings
            if not (f.element_ids and f.message.strip() and f.suggestion.strip())
        ]
        results.append(res)
    return dict(per_check), results


def per_set(results: list[CaseResult]) -> dict[str, Counts]:
    """Overall counts per set of cases."""
    out: dict[str, Counts] = defaultdict(Counts)
    for r in results:
        c = out[r.set]
        c.tp += len(r.true_positives)
        c.fp += len(r.false_positives)
        c.fn += len(r.false_negatives)
    return dict(out)


def overall(per_check: dict[str, Counts]) -> Counts:
    total = Counts()
    for c in per_check.values():
        total.tp += c.tp
        total.fp += c.fp
        total.fn += c.fn
    return total


def report(per_check: dict[str, Counts], results: list[CaseResult]) -> str:
    total = overall(per_check)
    lines = [
        "# Eval: GEMMA-ontwerpadvies",
        "",
        f"Generated by `klantreis eval advice` on {len(results)} cases in "
        "`evals/datasets/advice/`. A case lists the checks that must and must not fire; "
        f"target: precision and recall both ≥ {THRESHOLD}.",
        "",
        "| check | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for check in [c.name for c in CHECKS]:
        c = per_check.get(check, Counts())
        lines.append(f"| {check} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.2f} | {c.recall:.2f} |")
    lines.append(
        f"| **overall** | {total.tp} | {total.fp} | {total.fn} | "
        f"**{total.precision:.2f}** | **{total.recall:.2f}** |"
    )
    sets = per_set(results)
    if len(sets) > 1:
        lines += [
            "",
            "| set | cases | TP | FP | FN | precision | recall | first run (unseen) |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, c in sorted(sets.items()):
            n = sum(r.set == name for r in results)
            lines.append(
                f"| {name} | {n} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.2f} | "
                f"{c.recall:.2f} | {FIRST_RUN.get(name, '–')} |"
            )
    lines += ["", "## Cases", "", "| case | set | variant | fired | missed | wrongly fired |"]
    lines.append("|---|---|---|---|---|---|")
    for r in results:
        lines.append(
            f"| {r.case} | {r.set} | {r.variant} | {', '.join(r.fired) or '–'} | "
            f"{', '.join(r.false_negatives) or '–'} | {', '.join(r.false_positives) or '–'} |"
        )
    unsourced = [f for r in results for f in r.unsourced]
    incomplete = [f for r in results for f in r.incomplete]
    unlabelled = [f"{r.case}: {c}" for r in results for c in r.unlabelled]
    lines += [
        "",
        f"Findings without a GEMMA source: {len(unsourced)}. Findings without element ids, "
        f"explanation or suggestion: {len(incomplete)}"
        f"{' (' + '; '.join(incomplete) + ')' if incomplete else ''}. "
        f"Fired but unlabelled: {len(unlabelled)}{' (' + '; '.join(unlabelled) + ')' if unlabelled else ''}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="klantreis eval advice")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--output", type=Path, default=RESULT)
    parser.add_argument("--set", dest="only_set", default=None, help="score one set only")
    args = parser.parse_args(argv)
    per_check, results = run(args.dataset, args.only_set)
    text = report(per_check, results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    total = overall(per_check)
    if args.json:
        sys.stdout.write(
            json.dumps(
                {
                    "precision": round(total.precision, 4),
                    "recall": round(total.recall, 4),
                    "per_check": {
                        k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4)}
                        for k, v in sorted(per_check.items())
                    },
                    "cases": len(results),
                },
                indent=2,
            )
            + "\n"
        )
    else:
        sys.stdout.write(text)
    unsourced = any(r.unsourced or r.incomplete for r in results)
    ok = total.precision >= THRESHOLD and total.recall >= THRESHOLD and not unsourced
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
