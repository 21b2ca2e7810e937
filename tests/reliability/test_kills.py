"""SIGKILL at random moments during chat turns, ingestion and export (50+ kills): the
database stays sound and every acknowledged turn is stored, the index stays whole and
resumes, and an export target is the old file or the complete new one."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import common
from assistant.cli.interview_cmds import run_jsonl
from assistant.config import load_settings
from evals.reliability import kill_campaign


@pytest.mark.slow
def test_fifty_kills_leave_store_index_and_exports_sound(tmp_path: Path) -> None:
    section = kill_campaign(tmp_path, chat=20, ingest=15, export=15, seed=8)
    assert section.failures == []
    counts = section.counts
    assert counts["chat_kills"] + counts["ingest_kills"] + counts["export_kills"] >= 50
    assert min(counts["chat_kills"], counts["ingest_kills"], counts["export_kills"]) >= 10
    assert counts["turns_stored"] > 0  # kills landed in the middle of conversations
    assert counts.get("lost_turns", 0) == 0
    assert counts.get("corrupt_store", 0) == 0
    assert counts.get("corrupt_index", 0) == 0
    assert counts.get("invalid_exports", 0) == 0


class _Watching(io.StringIO):
    """stdout that checks, at every event, that the turn it shows is already stored."""

    def __init__(self, session: str) -> None:
        super().__init__()
        self.session = session
        self.seen: list[tuple[str, int]] = []

    def write(self, text: str) -> int:
        if text.strip():
            event = json.loads(text)
            stored = [e.text for e in common.get_store().transcript(self.session)]
            self.seen.append((event["type"], sum(1 for t in stored if t.startswith("regel"))))
        return super().write(text)


def test_a_turn_is_stored_before_it_is_shown(tmp_path: Path) -> None:
    settings = load_settings()
    lines = [f"regel {i}" for i in range(4)]
    out = _Watching("volgorde")
    run_jsonl(io.StringIO("".join(f"{t}\n" for t in lines)), out, settings, "volgorde", None)
    questions = [stored for kind, stored in out.seen if kind == "question"]
    # the opening question, then one per answer: each shown only after its answer is stored
    assert questions[: len(lines) + 1] == list(range(len(lines) + 1))


def _fail_save(*args: Any, **kwargs: Any) -> int:
    from assistant.errors import StorageError

    raise StorageError(
        "De schijf is vol: de wijziging is niet opgeslagen; de vorige versie is bewaard."
    )


def test_a_turn_that_cannot_be_stored_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings()
    store = common.get_store()
    out = io.StringIO()
    run_jsonl(io.StringIO("Organiseren straatfestival\n"), out, settings, "vol", None)
    before = store.load("vol")
    monkeypatch.setattr(type(store), "save", _fail_save)
    out = io.StringIO()
    run_jsonl(io.StringIO("Organisator (ondernemer)\n"), out, settings, "vol", None)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    opening, *turn = events
    assert any(e["type"] == "notice" and "schijf is vol" in e["text"] for e in turn)
    # the same question again, and nothing of the failed turn in memory or on disk
    asked = [e["slot"] for e in turn if e["type"] == "question"]
    assert asked and asked[0] == opening["slot"]
    monkeypatch.undo()
    after = store.load("vol")
    assert after.version == before.version and after.model == before.model
