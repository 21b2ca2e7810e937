"""Scale-out for real: one full interview scenario with the session store on PostgreSQL and
the vector store on a Chroma server, both chosen by URL as a replica would be configured.

The store contracts themselves run against the same servers in
``tests/foundation/test_store.py`` (PostgreSQL) and ``tests/knowledge/test_stores.py``
(Chroma server); ``test_servers_are_configured_in_ci`` makes sure CI never skips them.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.cli_env import start_chat_jsonl

REPO = Path(__file__).resolve().parents[2]
SCENARIO = REPO / "evals" / "datasets" / "scenarios" / "straatfestival-v1.yaml"
PG_URL = os.environ.get("KLANTREIS_TEST_DATABASE_URL", "")
CHROMA_URL = os.environ.get("KLANTREIS_TEST_CHROMA_URL", "")


def test_servers_are_configured_in_ci() -> None:
    """In CI the scale-out tests must run, not skip: a missing URL there is a broken
    .ci/run, not a reason to pass quietly."""
    if not os.environ.get("CI"):
        pytest.skip("only checked in CI")
    assert PG_URL, "KLANTREIS_TEST_DATABASE_URL is not set in CI"
    assert CHROMA_URL, "KLANTREIS_TEST_CHROMA_URL is not set in CI"


@pytest.fixture
def database_url() -> Iterator[str]:
    """A database of its own on the test server, so the contract suite's drop_all in the
    shared test database cannot touch it (and it cannot touch them)."""
    name = f"klantreis_scaleout_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _chroma_client() -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    parsed = urlparse(CHROMA_URL)
    return chromadb.HttpClient(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 8000,
        settings=ChromaSettings(anonymized_telemetry=False),
    )


@pytest.fixture
def chroma_collection() -> Iterator[str]:
    """The collection the knowledge base will use on the server, emptied before and after
    (its name follows from the embedder, so it cannot be made unique per test)."""
    from knowledge.embedders import HashEmbedder
    from knowledge.stores import collection_name

    name = collection_name(HashEmbedder().name)
    client = _chroma_client()

    def drop() -> None:
        if name in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
            client.delete_collection(name)

    drop()
    yield name
    drop()


def _send(proc: subprocess.Popen[str], line: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
    proc.stdin.flush()


@pytest.mark.postgres
@pytest.mark.chromaserver
@pytest.mark.skipif(
    not (PG_URL and CHROMA_URL),
    reason="KLANTREIS_TEST_DATABASE_URL and KLANTREIS_TEST_CHROMA_URL not set "
    "(.ci/run starts PostgreSQL and a Chroma server)",
)
def test_full_interview_on_postgresql_and_chroma_server(
    tmp_path: Path, database_url: str, chroma_collection: str
) -> None:
    scenario = yaml.safe_load(SCENARIO.read_text("utf-8"))
    facts = {k: str(v) for k, v in scenario["facts"].items()}
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLANTREIS_")}
    env.update(
        KLANTREIS_DATA_DIR=str(data_dir),
        KLANTREIS_CONFIG=str(tmp_path / "no-such.toml"),
        KLANTREIS_EMBEDDING_BACKEND="hash",
        KLANTREIS_DATABASE_URL=database_url,
        KLANTREIS_CHROMA_URL=CHROMA_URL,
        KLANTREIS_LLM_PROVIDER="offline",
        PYTHONPATH=str(REPO),
    )
    proc = start_chat_jsonl(tmp_path, "--session", "scale-out", env=env)
    assert proc.stdout is not None
    answers: list[str] = []
    sources_seen = 0
    final: dict[str, Any] | None = None
    try:
        for line in proc.stdout:
            event = json.loads(line)
            sources_seen += len(event.get("sources") or [])
            if event["type"] == "done":
                final = event["model"]
                break
            if event["type"] == "question":
                assert len(answers) < 80, "the interview does not end"
                answer = facts.get(event["slot"], "weet ik niet")
                answers.append(answer)
                _send(proc, answer)
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 0, stderr
    assert final is not None, "no done event"
    assert "kon niet worden geopend" not in stderr, stderr  # no fallback retriever
    assert sources_seen > 0, "the interview cited nothing from the knowledge base"

    # every turn is in PostgreSQL: one stored user line per answer, the final model is the
    # stored head
    from assistant.model import ProcessModel
    from assistant.store import SessionStore

    store = SessionStore(database_url)
    try:
        transcript = store.transcript("scale-out")
        assert [t.text for t in transcript if t.role == "user"] == answers
        assert store.info("scale-out").turns == len(answers)
        stored = store.load("scale-out").model.model_dump(mode="json")
        shown = ProcessModel.model_validate(final).model_dump(mode="json")
        stored.pop("metadata"), shown.pop("metadata")  # version/time stamps of the save
        assert stored == shown
    finally:
        store.close()

    # the vectors live on the Chroma server, and nothing went to local fallbacks
    collection = _chroma_client().get_collection(chroma_collection)
    assert collection.count() > 0
    assert not (data_dir / "sessions.sqlite3").exists()
    assert not (data_dir / "index" / "chroma").exists()
