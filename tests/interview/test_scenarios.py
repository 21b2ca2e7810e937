"""The scenario eval runner, and one scenario driven through ``chat --jsonl`` the way the
held-out check does: answer each question by its slot id, never see a repeat."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from tests.interview.conftest import drive_jsonl

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "evals" / "datasets" / "scenarios"


def test_eval_meets_targets_offline() -> None:
    sys.path.insert(0, str(REPO))
    from evals.interview import run_eval, to_markdown

    report = run_eval(SCENARIOS)
    assert len(report["scenarios"]) >= 15
    rows = report["scenarios"]
    # quality targets are exact; wall-clock latency on a shared 2-core machine gets one re-run
    assert all(r["accuracy"] >= 0.90 and r["repeats"] == 0 for r in rows), to_markdown(report)
    assert all(r["questions"] <= 30 and r["done"] for r in rows), to_markdown(report)
    if not report["passed"]:
        report = run_eval(SCENARIOS)
    assert report["passed"], to_markdown(report)
    assert "| straatfestival-v1 |" in to_markdown(report)


def test_scenario_through_jsonl_subprocess(tmp_path: Path) -> None:
    scenario = yaml.safe_load((SCENARIOS / "straatfestival-v1.yaml").read_text(encoding="utf-8"))
    facts = {k: str(v) for k, v in scenario["facts"].items()}
    run = drive_jsonl(tmp_path, facts, {})
    slots = [slot for slot, _ in run["asked"]]
    assert len(slots) == len(set(slots)) and len(slots) <= 30
    final = run["model"]
    assert final["journey"]["name"] == "Organiseren straatfestival"
    service = final["variants"][0]["services"][0]
    assert (
        service["process"]["gemma_reference"]["name"]
        == "Behandelen aanvraag vergunning of ontheffing"
    )
