"""``klantreis chat --jsonl`` end to end in a subprocess, plus slots and extract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.interview.protocol import EVENT_KEYS
from tests.cli_env import offline_cli_env, run_chat_jsonl

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
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
    )
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
