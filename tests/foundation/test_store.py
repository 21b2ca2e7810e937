from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.errors import InputError, NotFoundError
from assistant.model import JourneyStep, ProcessModel
from assistant.store import SessionStore, _Base

PG_URL = os.environ.get("KLANTREIS_TEST_DATABASE_URL", "")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    not PG_URL,
                    reason="KLANTREIS_TEST_DATABASE_URL not set (.ci/run starts PostgreSQL)",
                ),
            ],
        ),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SessionStore]:
    """The same contract, run against every store backend."""
    if request.param == "sqlite":
        s = SessionStore(f"sqlite:///{tmp_path / 'sessions.sqlite3'}")
    else:
        s = SessionStore(PG_URL)
        _Base.metadata.drop_all(s.engine)  # each test starts from an empty database
        _Base.metadata.create_all(s.engine)
    yield s
    s.close()


def _count(store: SessionStore, sql: str, **params: object) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def _named(model: ProcessModel, name: str) -> ProcessModel:
    journey = model.journey.model_copy(update={"name": name})
    return model.model_copy(update={"journey": journey}).touched()


def test_create_save_load_and_history(store: SessionStore) -> None:
    info = store.create("festival")
    assert info.version == 1 and info.name == "festival"
    model = _named(ProcessModel(), "Organiseren straatfestival")
    version = store.save(
        "festival",
        model,
        {"asked": ["journey_name"]},
        note="antwoord",
        transcript=[
            ("assistant", "Hoe heet de klantreis?", {}),
            ("user", "Organiseren straatfestival", {}),
        ],
    )
    assert version == 2
    snap = store.load(info.id)
    assert snap.version == 2
    assert snap.model == model
    assert snap.state == {"asked": ["journey_name"]}
    assert [t.role for t in store.transcript("festival")] == ["assistant", "user"]
    assert store.info("festival").turns == 1
    assert [h["version"] for h in store.history("festival")] == [1, 2]


def test_save_without_state_keeps_the_state(store: SessionStore) -> None:
    store.create("s", state={"asked": ["a"]})
    store.save("s", ProcessModel())
    assert store.load("s").state == {"asked": ["a"]}


def test_undo_goes_back_one_version_and_branches(store: SessionStore) -> None:
    store.create("s")
    first = _named(ProcessModel(), "een")
    second = _named(first, "twee")
    store.save("s", first, {"n": 1})
    store.save("s", second, {"n": 2})
    back = store.undo("s")
    assert back.model.journey.name == "een" and back.state == {"n": 1}
    assert store.load("s").version == back.version
    # a new change after undo branches from the restored version; nothing is deleted
    third = _named(first, "drie")
    v = store.save("s", third)
    history = store.history("s")
    assert len(history) == 4 and history[-1]["parent"] == back.version and v == 4
    store.undo("s")
    store.undo("s")
    with pytest.raises(InputError):
        store.undo("s")


def test_rename_duplicate_delete(store: SessionStore) -> None:
    a = store.create("a")
    store.create("b")
    with pytest.raises(InputError):
        store.rename("a", "b")
    with pytest.raises(InputError):
        store.rename("a", "   ")
    assert store.rename("a", "nieuw").name == "nieuw"
    copy = store.duplicate("nieuw")
    assert copy.name == "nieuw (kopie)" and copy.id != a.id
    store.append_transcript(a.id, "user", "geheim verhaal")
    store.delete(a.id)
    with pytest.raises(NotFoundError):
        store.load(a.id)
    # deletion is complete: no version and no chat text remains in the database
    assert _count(store, "select count(*) from transcript where text like '%geheim%'") == 0
    assert _count(store, "select count(*) from model_versions where session_id = :s", s=a.id) == 0


def test_duplicate_names_get_a_suffix(store: SessionStore) -> None:
    assert store.create("x").name == "x"
    assert store.create("x").name == "x (2)"


def test_unknown_session(store: SessionStore) -> None:
    with pytest.raises(NotFoundError, match="bestaat niet"):
        store.load("bestaat-niet")


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = SessionStore(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    store.create("s")
    db = sqlite3.connect(store.url.removeprefix("sqlite:///"))
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


WRITER = textwrap.dedent(
    """
    import sys
    from assistant.model import JourneyStep, ProcessModel
    from assistant.store import SessionStore

    store = SessionStore(sys.argv[1])
    info = store.create("kill-test")
    model = ProcessModel()
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        steps = [*model.journey.steps_before, JourneyStep(name=f"stap {i}", description="x" * 2000)]
        model = model.model_copy(update={"journey": model.journey.model_copy(update={"steps_before": steps})}).touched()
        store.save(info.id, model, {"turn": i}, transcript=[("user", f"antwoord {i}", {})])
    """
)


@pytest.mark.slow
def test_sigkill_during_writes_loses_at_most_the_change_in_flight(tmp_path: Path) -> None:
    db_path = tmp_path / "kill.sqlite3"
    url = f"sqlite:///{db_path}"
    for round_no in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, url],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(0.15 + 0.1 * round_no)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

        raw = sqlite3.connect(db_path)
        assert raw.execute("pragma integrity_check").fetchone()[0] == "ok"
        raw.close()
        store = SessionStore(url)
        for info in store.list_sessions():
            snap = store.load(info.id)
            # every committed version is whole: the model has one step per stored turn
            turn = snap.state.get("turn", 0)
            assert len(snap.model.journey.steps_before) == turn
            assert info.turns == turn
            for h in store.history(info.id):
                store.load(info.id, h["version"])
        store.close()
    assert any(i.version > 1 for i in SessionStore(url).list_sessions()), (
        "the writer never committed"
    )


def test_concurrent_writers_do_not_fail(store: SessionStore) -> None:
    url = store.url
    script = textwrap.dedent(
        """
        import sys
        from assistant.model import ProcessModel
        from assistant.store import SessionStore
        store = SessionStore(sys.argv[1])
        info = store.create("w")
        for i in range(15):
            store.save(info.id, ProcessModel().touched(), {"i": i}, transcript=[("user", str(i), {})])
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, url], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    infos = SessionStore(url).list_sessions()
    assert len(infos) == 4 and all(i.turns == 15 and i.version == 16 for i in infos)


def test_steps_survive_roundtrip(store: SessionStore) -> None:
    info = store.create("s")
    model = ProcessModel()
    model.journey.steps_before.append(JourneyStep(name="Sponsoring regelen <&> 🎉\nnieuwe regel"))
    store.save(info.id, model)
    assert store.load(info.id).model.to_json() == model.to_json()
