"""Hostile-input sweep of ``klantreis chat``: text the store cannot encode (a lone
surrogate from a JSON escape, or stdin bytes that are no UTF-8) must not end the chat."""

from __future__ import annotations

import io
import json
import sys

import pytest

from assistant.cli import main
from assistant.cli.common import get_settings, get_store
from assistant.cli.interview_cmds import run_jsonl


def test_jsonl_text_with_a_lone_surrogate_is_kept_as_a_replacement_character() -> None:
    stdin = io.StringIO('{"text": "Straat\\ud800feest"}\n/klaar\n')
    stdout = io.StringIO()
    model = run_jsonl(stdin, stdout, get_settings(), "surrogaat", None)
    events = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert events[-1]["type"] == "done"
    assert model.journey.name == "Straat\ufffdfeest"
    assert get_store().load("surrogaat").model.journey.name == "Straat\ufffdfeest"


def test_jsonl_session_name_from_bytes_that_are_no_utf8_opens_a_session() -> None:
    stdout = io.StringIO()
    run_jsonl(io.StringIO("/klaar\n"), stdout, get_settings(), "sessie\udcff", None)
    assert [i.name for i in get_store().list_sessions()] == ["sessie\ufffd"]


def test_rich_chat_survives_stdin_bytes_that_are_no_utf8(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a terminal's stdin decodes with surrogateescape: b"\xff" arrives as "\udcff"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Straat\udcfffeest\n/klaar\n"))
    code = main(["chat", "--session", "terminal"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Onverwachte fout" not in out + err
    assert get_store().load("terminal").model.journey.name == "Straat\ufffdfeest"
