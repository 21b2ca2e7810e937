"""``klantreis chat --jsonl`` end to end in a subprocess, plus slots and extract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.interview.protocol import EVENT_KEYS
from tests.cli_env import offline_cli_env, run_chat_jsonl, start_chat_jsonl
from tests.interview.conftest import drive_jsonl

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    return offline_cli_env(tmp_path)


def _run(tmp_path: Path, lines: list[str], *args: str) -> list[dict[str, Any]]:
    proc = run_chat_jsonl(tmp_path, lines, *args)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    for event in events:
        assert set(event) == EVENT_KEYS[event["type"]], event
    return events


def test_first_question_comes_before_any_input(tmp_path: Path) -> None:
    proc = start_chat_jsonl(tmp_path)
    assert proc.stdout is not None and proc.stdin is not None
    first = json.loads(proc.stdout.readline())
    assert first["type"] == "question" and first["slot"] == "journey_name"
    assert 0 <= first["progress"] <= 1 and first["why"]
    proc.stdin.write('{"text": "Organiseren straatfestival"}\n')
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["type"] == "notice"
    assert json.loads(proc.stdout.readline())["slot"] == "customer"
    proc.stdin.close()
    proc.wait(timeout=60)
    assert proc.returncode == 0


def test_protocol_hostile_lines_and_resume(tmp_path: Path) -> None:
    lines = [
        "Organiseren straatfestival",
        '{"text": "wat is een deelservice?"}',
        "{niet json",
        '["geen", "object"]',
        '{"text": 5}',
        "nul\x00byte",
        '{"text": "' + "x" * 200_001 + '"}',
        '{"text": "Organisator (ondernemer)"}',
        "/model",
    ]
    events = _run(tmp_path, lines, "--session", "festival", "--out", str(tmp_path / "model.json"))
    assert events[0]["type"] == "question"
    assert events[-1]["type"] == "done"
    assert any(e["type"] == "answer" and e["sources"] for e in events)
    errors = [e for e in events if e["type"] == "notice" and e["level"] in ("warning", "error")]
    assert len(errors) >= 5
    model = json.loads((tmp_path / "model.json").read_text())
    assert model["journey"]["name"] == "Organiseren straatfestival"
    assert model["journey"]["customer"]["type"] == "ondernemer"
    # resumed: the next question is the one that was open, and the model is kept
    events = _run(tmp_path, ["een vergund festival"], "--session", "festival")
    assert events[0] == {**events[0], "type": "question", "slot": "customer_goal"}
    assert events[-1]["model"]["journey"]["customer_goal"] == "Een vergund festival"


def test_klaar_ends_with_done(tmp_path: Path) -> None:
    events = _run(tmp_path, ["Parkeren", "/klaar", "dit wordt niet meer gelezen"])
    assert [e["type"] for e in events][-1] == "done"
    assert sum(1 for e in events if e["type"] == "done") == 1
    assert events[-1]["model"]["journey"]["name"] == "Parkeren"


@pytest.mark.parametrize("flag", [["--json"], []])
def test_slots_command(tmp_path: Path, flag: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "slots", *flag],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    if flag:
        slots = json.loads(proc.stdout)
        assert slots[0]["id"] == "journey_name"
        assert all({"id", "label", "question", "required", "fields"} <= set(s) for s in slots)


def test_extract_command(tmp_path: Path) -> None:
    story = tmp_path / "verhaal.txt"
    story.write_text(
        "De klantreis heet 'organiseren straatfestival'. De klant is een organisator van een festival. "
        "De organisator dient de aanvraag online in. Uiteindelijk ontvangt hij een vergunning per e-mail.",
        encoding="utf-8",
    )
    out = tmp_path / "model.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "extract",
            "--text",
            str(story),
            "--json",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert "journey_name" in data["slots"] and "intake_channels" in data["slots"]
    assert json.loads(out.read_text())["journey"]["name"] == "Organiseren straatfestival"


def test_rich_chat_runs_a_short_conversation(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--session", "terminal", "--out", str(out)],
        input="Organiseren straatfestival\nwat is een deelservice?\n/model\n/klaar\n",
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Vastgelegd" in proc.stdout and "deelservice" in proc.stdout.lower()
    assert json.loads(out.read_text())["journey"]["name"] == "Organiseren straatfestival"


# --- held-out style: a simulated user answering from a fact sheet by slot id --------------


def _scenario(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO / "evals" / "datasets" / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")
    )
    return data


def test_held_out_style_scenario_through_jsonl(tmp_path: Path) -> None:
    from evals.interview import check

    scenario = _scenario("wmo-voorziening")
    facts = {k: str(v) for k, v in scenario["facts"].items()}
    run = drive_jsonl(tmp_path, facts, {})
    slots = [slot for slot, _ in run["asked"]]
    assert len(slots) == len(set(slots)) and len(slots) <= 30
    data = {**run["model"], "service": run["model"]["variants"][0]["services"][0]}
    missed = [spec for spec in scenario["expected"] if not check(data, spec)]
    assert not missed


def test_no_repeats_with_questions_commands_a_story_and_another_answer(tmp_path: Path) -> None:
    scenario = _scenario("terras-en-horeca")
    facts = {k: str(v) for k, v in scenario["facts"].items()}
    script = {
        2: "wat is een deelservice?",
        4: facts["intake_channels"],  # the answer to another question than the one asked
        6: scenario["narrative"].replace("\n", " "),
        9: "/overslaan",
        11: "/terug",
        14: "/model",
        16: "/help",
    }
    run = drive_jsonl(tmp_path, facts, script)
    not_an_answer = {"wat is een deelservice?", "/terug", "/model", "/help", script[6]}
    seen: set[str] = set()
    inputs = [after for _, after in run["asked"]]
    for index, (slot, after) in enumerate(run["asked"]):
        if slot in seen:
            # a question comes back only after something that did not answer it, or as
            # the question that was open when the user undid the answer before it
            undone = index >= 2 and inputs[index - 1] == "/terug"
            assert after in not_an_answer or undone, (slot, after)
        seen.add(slot)
    assert sum(1 for slot, _ in run["asked"] if slot == run["asked"][0][0]) == 1
    assert run["model"]["journey"]["name"] == "Een café openen met terras"
    assert len(run["asked"]) <= 40
