"""``klantreis ui``: the server command line, without starting a server."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.cli import main, ops_cmds


def _capture(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_exec(path: str, argv: list[str]) -> Any:
        calls.append(list(argv))
        raise SystemExit(0)

    monkeypatch.setattr(ops_cmds.os, "execv", fake_exec)
    return calls


def test_ui_binds_to_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _capture(monkeypatch)
    with pytest.raises(SystemExit):
        main(["ui"])
    argv = calls[0]
    assert argv[1:5] == ["-m", "ui.serve", "run", str(ops_cmds.app_path())]
    assert "--server.address=127.0.0.1" in argv
    assert "--server.port=8501" in argv
    assert "--server.headless=true" in argv
    assert "--client.showErrorDetails=none" in argv
    assert "--server.maxUploadSize=10" in argv


def test_ui_port_and_host_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _capture(monkeypatch)
    with pytest.raises(SystemExit):
        main(["ui", "--port", "8765", "--host", "0.0.0.0"])
    assert "--server.port=8765" in calls[0] and "--server.address=0.0.0.0" in calls[0]
    assert "geen inlog" in capsys.readouterr().out


def test_ui_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ui", "--port", "70000"]) == 2
    assert "poort" in capsys.readouterr().err.lower()
