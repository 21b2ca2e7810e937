"""Secrets and privacy: the API key never lands in logs, transcripts, exports or
output; `klantreis sessions delete` leaves no trace of the chat in the database files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from assistant.cli.common import get_settings, get_store
from evals.reliability import child_env
from tests.interview.conftest import FakeLlmServer, Scripted

SECRET = "sk-test-SECRET-4f9c2e"


@pytest.mark.slow
def test_api_key_never_leaves_settings(tmp_path: Path) -> None:
    server = FakeLlmServer()
    seen_auth: list[str] = []
    handler = server.httpd.RequestHandlerClass

    class Recording(handler):  # type: ignore[valid-type,misc]
        def do_POST(self) -> None:
            seen_auth.append(str(self.headers.get("Authorization")))
            super().do_POST()

    server.httpd.RequestHandlerClass = Recording
    server.thread.start()
    try:
        server.script = [
            server.openai_tool({"intent": "answer", "value": "Organiseren straatfestival"}),
            Scripted(500, {"error": {"message": f"kapot, sleutel {SECRET}"}}),
            Scripted(200, f"geen json {SECRET}".encode()),
        ]
        data = tmp_path / "data"
        env = child_env(
            data,
            KLANTREIS_LLM_PROVIDER="openai",
            KLANTREIS_LLM_MODEL="fake",
            KLANTREIS_LLM_BASE_URL=f"{server.url}/v1",
            KLANTREIS_LLM_API_KEY=SECRET,
            KLANTREIS_LLM_TIMEOUT="2",
        )
        out_model = tmp_path / "model.json"
        outputs: list[str] = []

        def cli(*args: str, stdin: str = "") -> None:
            proc = subprocess.run(
                [sys.executable, "-m", "assistant", *args],
                input=stdin,
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=120,
            )
            outputs.extend([proc.stdout, proc.stderr])

        cli(
            "chat", "--jsonl", "--session", "geheim", "--out", str(out_model),
            stdin="straatfestival\nOrganisator (ondernemer)\nonline\n/klaar\n",
        )  # fmt: skip
        cli("export", "geheim", "-f", "json", "-o", str(tmp_path / "export.json"))
        cli("sessions", "show", "geheim", "--json")
        cli("config", "--json")
        cli("config")
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    assert seen_auth and all(a == f"Bearer {SECRET}" for a in seen_auth)  # the key was used
    assert '"type": "done"' in outputs[0]
    for text in outputs:
        assert SECRET not in text
    files = [p for p in [*data.rglob("*"), *tmp_path.glob("*.json")] if p.is_file()]
    assert any(p.name == "sessions.sqlite3" for p in files)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    assert json.loads(outputs[-4])["llm_api_key"] == "********"


def _chat_text(store: Any, name: str, secret: str) -> str:
    from assistant.model import ProcessModel

    info = store.create(name, ProcessModel(), {"current": "journey_name"})
    model = ProcessModel.model_validate({"journey": {"name": f"Klantreis {secret}"}})
    for turn in range(5):
        store.save(
            info.id,
            model,
            {"current": "customer", "turn": turn},
            transcript=[
                ("user", f"Mijn BSN is {secret} (beurt {turn})", {}),
                ("assistant", "ok", {}),
            ],
        )
    return str(info.id)


def _database_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


def test_sessions_delete_removes_every_version_and_the_chat_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = get_store()
    db = get_settings().data_dir / "sessions.sqlite3"
    gone = "WEG-123456789"
    kept = "BLIJFT-987654321"
    sid = _chat_text(store, "weg", gone)
    _chat_text(store, "blijft", kept)
    assert gone.encode() in _database_bytes(db)  # the check below can fail
    assert main(["sessions", "delete", "weg", "--yes"]) == 0
    assert "verwijderd" in capsys.readouterr().out
    assert main(["sessions", "show", "weg"]) == 2
    import sqlite3

    con = sqlite3.connect(db)
    for table in ("model_versions", "transcript", "sessions"):
        column = "id" if table == "sessions" else "session_id"
        assert (
            con.execute(f"SELECT count(*) FROM {table} WHERE {column}=?", (sid,)).fetchone()[0] == 0
        )
    con.close()
    # the store (its connections) is still open, as in a running workspace
    raw = _database_bytes(db)
    assert gone.encode() not in raw
    assert kept.encode() in raw
    first = next(t.text for t in store.transcript("blijft") if t.role == "user")
    assert first.endswith("(beurt 0)")
