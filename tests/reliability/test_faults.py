"""Resource faults: a full disk during a chat turn (command line and workspace), a
missing or damaged vector index, and an LLM server on loopback that hangs, fails,
talks nonsense or is slow."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from evals.reliability import child_env, damaged_index, integrity, llm_faults, read_sessions
from tests.cli_env import start_chat_jsonl
from tests.interview.conftest import FakeLlmServer, Scripted
from tests.reliability.test_full_disk import _fill, small_disk  # noqa: F401  (fixture)


@pytest.fixture
def llm_server() -> Iterator[FakeLlmServer]:
    server = FakeLlmServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def _until_question(proc: subprocess.Popen[str]) -> list[dict[str, Any]]:
    assert proc.stdout is not None
    events = []
    while True:
        line = proc.stdout.readline()
        assert line, "chat stopte onverwacht"
        events.append(json.loads(line))
        if events[-1]["type"] in ("question", "done"):
            return events


@pytest.mark.slow
def test_chat_turn_on_a_full_disk_keeps_the_last_good_state(
    small_disk: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    data = small_disk / "data"
    proc = start_chat_jsonl(tmp_path, "--session", "vol", env=child_env(data))
    assert proc.stdin is not None
    first = _until_question(proc)[-1]
    proc.stdin.write("Organiseren straatfestival\n")
    proc.stdin.flush()
    _until_question(proc)
    _fill(small_disk)
    refused: list[dict[str, Any]] = []
    for i in range(8):  # the WAL may absorb a write or two before the disk refuses
        proc.stdin.write(f"Organisator {i} " + "x" * 60_000 + "\n")
        proc.stdin.flush()
        events = _until_question(proc)
        if any("schijf is vol" in e.get("text", "") for e in events):
            refused = events
            break
    assert refused, "de volle schijf gaf geen melding"
    notice = next(e for e in refused if "schijf is vol" in e.get("text", ""))
    assert notice["level"] == "error"
    assert refused[-1]["type"] == "question"
    (small_disk / "ballast").unlink()
    proc.stdin.write("Organisator van een festival\n")
    proc.stdin.flush()
    _until_question(proc)
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    db = data / "sessions.sqlite3"
    assert integrity(db) == "ok"
    session = read_sessions(db)["vol"]  # every version loads
    assert session.user_texts[0] == "Organiseren straatfestival"
    assert session.user_texts[-1] == "Organisator van een festival"
    assert first["slot"] == "journey_name"


def test_workspace_turn_on_a_full_disk_keeps_the_last_good_state(
    small_disk: Path,  # noqa: F811
) -> None:
    from assistant.config import load_settings
    from ui import actions
    from ui.state import UiState

    settings = load_settings(data_dir=small_disk / "data")
    state = actions.new_session(UiState(memo={}), settings, None, "vol")
    state = actions.chat_turn(state, settings, None, "Organiseren straatfestival")
    assert not state.flashes
    good = state
    _fill(small_disk)
    for i in range(8):
        state = actions.chat_turn(good, settings, None, f"Organisator {i} " + "x" * 60_000)
        if state.flashes:
            break
    assert [f.kind for f in state.flashes] == ["error"]
    assert "schijf is vol" in state.flashes[0].text
    assert state.version == good.version and state.model == good.model
    assert state.chat == good.chat
    (small_disk / "ballast").unlink()
    state = actions.chat_turn(replace(state, flashes=()), settings, None, "Organisator")
    assert not state.flashes and state.version == good.version + 1
    assert state.store is not None
    assert state.store.load("vol").version == state.version


@pytest.mark.slow
def test_damaged_vector_and_lexical_index_fall_back_and_rebuild(tmp_path: Path) -> None:
    section = damaged_index(tmp_path)
    assert section.failures == []
    assert section.counts["faults"] == 4


def test_corrupt_chroma_gives_a_notice_and_rebuild_repairs_it(tmp_path: Path) -> None:
    """The bug this found: `ingest --rebuild` kept the damaged Chroma folder."""
    from chromadb.api.client import SharedSystemClient

    from knowledge.base import DENSE_MISSING, KnowledgeBase

    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "p.md").write_text(
        "# Luchtschepen\n\nEen pagina over ligplaatsen voor luchtschepen in de gemeente.\n",
        "utf-8",
    )
    index = tmp_path / "index"
    KnowledgeBase.open(index, embedding_backend="hash").ingest([folder], progress=False)
    SharedSystemClient.clear_system_cache()  # as a new process sees the folder
    (index / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(65536))
    damaged = KnowledgeBase.open(index, embedding_backend="hash")
    hits = damaged.search("luchtschepen ligplaats", k=1)
    assert hits and hits[0].source == "bron/p.md"
    assert DENSE_MISSING in damaged.notices
    SharedSystemClient.clear_system_cache()
    rebuilt = KnowledgeBase.open(index, embedding_backend="hash")
    rebuilt.ingest([folder], rebuild=True, progress=False)
    assert DENSE_MISSING not in rebuilt.notices
    assert rebuilt.store.count() > 0
    SharedSystemClient.clear_system_cache()
    fresh = KnowledgeBase.open(index, embedding_backend="hash")
    assert fresh.search("luchtschepen ligplaats", k=1)[0].source == "bron/p.md"
    assert DENSE_MISSING not in fresh.notices


@pytest.mark.slow
def test_llm_that_hangs_fails_or_is_slow_never_blocks_a_turn(
    tmp_path: Path, llm_server: FakeLlmServer
) -> None:
    section = llm_faults(tmp_path, llm_server, Scripted)
    assert section.failures == []
    assert section.counts["faults"] == 4
