"""Twenty sessions at once, as separate chat processes and as threads of one UI process:
every turn stored, no "database is locked" reaching a user, no session seeing another's
data. The drivers live in evals/reliability.py (the campaign runs them bigger)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.reliability import concurrent_chats, concurrent_ui

SESSIONS = 20
TURNS = 4


@pytest.mark.slow
def test_twenty_chat_processes_store_every_turn(tmp_path: Path) -> None:
    section = concurrent_chats(tmp_path, sessions=SESSIONS, turns=TURNS)
    assert section.failures == []
    assert section.counts["sessions"] == SESSIONS
    assert section.counts["turns_stored"] == SESSIONS * (TURNS + 1)  # answers + /klaar
    assert section.counts.get("lost_turns", 0) == 0
    assert section.counts.get("locked", 0) == 0
    assert section.counts.get("foreign", 0) == 0


@pytest.mark.slow
def test_twenty_ui_sessions_in_threads_store_every_turn(tmp_path: Path) -> None:
    section = concurrent_ui(tmp_path, sessions=SESSIONS, turns=TURNS)
    assert section.failures == []
    assert section.counts["turns_stored"] == SESSIONS * TURNS
    assert section.counts.get("locked", 0) == 0
    assert section.counts.get("foreign", 0) == 0
