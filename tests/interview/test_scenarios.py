"""The scenario eval runner, and one scenario driven through ``chat --jsonl`` the way the
held-out check does: answer each question by its slot id, never see a repeat."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
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


def test_a_scenario_folder_that_cannot_be_used_is_one_dutch_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    report = tmp_path / "rapport.md"
    folders = {
        "weg": None,
        "leeg": {},
        "kapot": {"a.yaml": b"facts: [open\n"},
        "binair": {"a.yaml": b"\xff\xfe"},
        "vorm": {"a.yaml": b"facts: x\nexpected: 3\n"},
        "controles": {"a.yaml": b"facts: {journey_name: x}\nexpected: [3]\n"},
    }
    messages = {
        "weg": "bestaat niet",
        "leeg": "bevat geen scenario's",
        "kapot": "a.yaml is geen geldige YAML of JSON (regel",
        "binair": "a.yaml is geen UTF-8-tekst",
        "vorm": "a.yaml: 'facts' moet een mapping",
        "controles": "a.yaml: 'expected' moet een lijst met controles",
    }
    for name, files in folders.items():
        folder = tmp_path / name
        if files is not None:
            folder.mkdir()
            for file, content in files.items():
                (folder / file).write_bytes(content)
        code = main(["eval", "interview", "--scenarios", str(folder), "--out", str(report)])
        err = " ".join(capsys.readouterr().err.split())
        assert code == 1 and "Fout: " in err and messages[name] in err, (name, err)
        assert not report.exists()
