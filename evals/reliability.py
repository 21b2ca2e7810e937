"""Fault-injection campaign for reliability and security (``klantreis eval reliability``).

The same drivers serve the test suite (``tests/reliability/``, small and asserted) and the
campaign (bigger, tabulated in ``evals/results/reliability.md``):

* ``concurrent_chats`` — N separate ``python -m assistant chat --jsonl`` processes on one
  data directory; every turn must be stored, no "database is locked" may reach a user and
  no session may contain another session's answers.
* ``concurrent_ui`` — N browser sessions as threads of one process, through the
  workspace's own actions (``ui.actions``), sharing one knowledge base as the UI does.
* ``kill_campaign`` — SIGKILL at random moments during chat turns, ingestion and export;
  afterwards the database, the index and the export targets are checked.
* ``llm_faults``, ``damaged_index``, ``hostile_inputs`` — resource faults and hostile
  input, run through the real command line.

Kills go through ``Forker``: a Python process that imports the product once and then forks
a child per command. A forked child is a real process running ``klantreis …`` and dies
from a real SIGKILL; forking only saves the 1–2 s of imports per process, which is what
makes 50+ kills affordable on a shared 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "evals" / "results" / "reliability.md"
LOCKED = re.compile(r"database is locked|database table is locked", re.I)


# --- environment and results ----------------------------------------------------------------


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment of a ``klantreis`` child: its own data dir, hash embedder, no toml."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLANTREIS_")}
    env.update(
        KLANTREIS_DATA_DIR=str(data_dir),
        KLANTREIS_EMBEDDING_BACKEND="hash",
        KLANTREIS_CONFIG=str(data_dir.parent / "geen-klantreis.toml"),
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
    )
    env.update(extra)
    return env


@dataclass
class Section:
    """One row of the table: what was tried, how often, and every failure in words."""

    name: str
    tried: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def fail(self, text: str) -> None:
        self.failures.append(text)

    @property
    def ok(self) -> bool:
        return not self.failures


# --- reading the session store independently of the product ---------------------------------


@dataclass
class StoredSession:
    id: str
    name: str
    versions: int
    user_texts: list[str]
    blob: str  # every model, state and transcript text of the session
    done: bool


# _connect_note: a read-only (mode=ro) connection cannot open a WAL database whose -wal and
# -shm files a clean close removed, so the checks use an ordinary connection for queries.


def integrity(db_path: Path) -> str:
    """SQLite's own verdict on the file ("ok" when sound)."""
    con = sqlite3.connect(db_path, timeout=60)  # not mode=ro: see _connect_note
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def read_sessions(db_path: Path, *, load_models: bool = True) -> dict[str, StoredSession]:
    """Every session by name; with ``load_models`` every version is validated by the
    product's own loader, so a version that does not load raises."""
    from assistant.model_io import model_from_json

    con = sqlite3.connect(db_path, timeout=60)  # not mode=ro: see _connect_note
    try:
        out: dict[str, StoredSession] = {}
        for sid, name, head in con.execute("SELECT id, name, head_version FROM sessions"):
            versions = con.execute(
                "SELECT version, model_json, state_json FROM model_versions WHERE session_id=?",
                (sid,),
            ).fetchall()
            rows = con.execute(
                "SELECT role, text FROM transcript WHERE session_id=? ORDER BY id", (sid,)
            ).fetchall()
            parts: list[str] = []
            done = False
            for version, model_json, state_json in versions:
                if load_models:
                    model_from_json(model_json)
                    state = json.loads(state_json or "{}")
                    if version == head:
                        done = bool(state.get("done"))
                parts += [model_json, state_json]
            parts += [text for _, text in rows]
            out[name] = StoredSession(
                id=sid,
                name=name,
                versions=len(versions),
                user_texts=[text for role, text in rows if role == "user"],
                blob="\n".join(parts),
                done=done,
            )
        return out
    finally:
        con.close()


def foreign_strings(sessions: dict[str, StoredSession], tags: dict[str, str]) -> list[str]:
    """Sessions that contain a tag (unique answer string) of another session."""
    found = []
    for name in tags:
        session = sessions.get(name)
        if session is None:
            continue
        for other, other_tag in tags.items():
            if other != name and other_tag in session.blob:
                found.append(f"{name} bevat gegevens van {other}")
    return found


def answers_for(tag: str, turns: int) -> list[str]:
    """Unique answers of one session: every line carries the session's tag."""
    return [f"Antwoord {tag} nummer {t}" for t in range(turns)]


# --- 1. concurrency ---------------------------------------------------------------------------


def concurrent_chats(
    workdir: Path, sessions: int = 20, turns: int = 6, timeout: float = 240
) -> Section:
    """``sessions`` chat processes at once against one data directory."""
    section = Section("gelijktijdige chatprocessen")
    started = time.perf_counter()
    data = workdir / "data"
    prepare_index(data)
    env = child_env(data)
    tags = {f"cli-{i:02d}": f"uniekcli{i:02d}x" for i in range(sessions)}
    procs = []
    for name, tag in tags.items():
        lines = [*answers_for(tag, turns), "/klaar"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--jsonl", "--session", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=workdir,
        )
        procs.append((name, lines, proc))
    deadline = time.monotonic() + timeout
    for name, lines, proc in procs:
        try:
            out, err = proc.communicate(
                "".join(f"{line}\n" for line in lines),
                timeout=max(1.0, deadline - time.monotonic()),
            )
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            section.fail(f"{name}: niet klaar binnen {timeout:.0f} s")
        if proc.returncode != 0:
            section.fail(f"{name}: exitcode {proc.returncode}: {err.strip()[-300:]}")
        if LOCKED.search(out) or LOCKED.search(err):
            section.add("locked")
            section.fail(f"{name}: 'database is locked' bereikte de gebruiker")
        events = [json.loads(line) for line in out.splitlines() if line.strip()]
        if not events or events[-1]["type"] != "done":
            section.fail(f"{name}: het gesprek eindigde niet met 'done'")
    _check_sessions(
        section, data / "sessions.sqlite3", tags, turns + 1, versions=turns + 3, prefix="/klaar"
    )
    section.tried = sessions * (turns + 1)
    section.seconds = time.perf_counter() - started
    return section


def _check_sessions(
    section: Section,
    db_path: Path,
    tags: dict[str, str],
    user_turns: int,
    *,
    versions: int,
    prefix: str = "",
) -> None:
    """Every turn stored (count and order), integrity ok, nothing foreign."""
    verdict = integrity(db_path)
    if verdict != "ok":
        section.add("corrupt_store")
        section.fail(f"integrity_check: {verdict}")
    stored = read_sessions(db_path)
    for name, tag in tags.items():
        session = stored.get(name)
        if session is None:
            section.add("lost_turns", user_turns)
            section.fail(f"{name}: sessie ontbreekt")
            continue
        expected = answers_for(tag, user_turns - (1 if prefix else 0))
        if prefix:
            expected.append(prefix)
        section.add("turns_stored", min(len(session.user_texts), len(expected)))
        if session.user_texts != expected:
            lost = max(0, len(expected) - len(session.user_texts))
            section.add("lost_turns", lost or 1)
            section.fail(f"{name}: {len(session.user_texts)} van {len(expected)} beurten bewaard")
        if session.versions != versions:
            section.fail(f"{name}: {session.versions} versies, verwacht {versions}")
    for problem in foreign_strings(stored, tags):
        section.add("foreign")
        section.fail(problem)
    section.add("sessions", len(tags))


def prepare_index(data_dir: Path) -> None:
    """Build the shipped corpus into the index once, as after installation; the chat
    processes then share it instead of all building it at the same moment."""
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase.open(data_dir / "index", embedding_backend="hash")
    kb.ensure_ready()


def concurrent_ui(workdir: Path, sessions: int = 20, turns: int = 6) -> Section:
    """``sessions`` browser sessions as threads of one UI process (the actions layer)."""
    from dataclasses import replace

    from assistant.config import load_settings
    from knowledge.base import KnowledgeBase
    from ui import actions
    from ui.state import UiState

    section = Section("gelijktijdige UI-sessies (threads)")
    started = time.perf_counter()
    data = workdir / "data"
    prepare_index(data)
    settings = load_settings(data_dir=data, embedding_backend="hash")
    # one knowledge base for the whole process, as st.cache_resource shares it
    knowledge = KnowledgeBase.open(settings.index_dir, embedding_backend="hash")
    knowledge.ensure_ready()
    tags = {f"ui-{i:02d}": f"uniekui{i:02d}x" for i in range(sessions)}
    errors: dict[str, list[str]] = {}
    barrier = threading.Barrier(sessions)

    def browser(name: str, tag: str) -> None:
        problems: list[str] = []
        state = UiState(memo={})
        barrier.wait()  # all sessions start together
        state = actions.new_session(state, settings, knowledge, name)
        for answer in answers_for(tag, turns):
            state = actions.chat_turn(state, settings, knowledge, answer)
            problems += [f.text for f in state.flashes if f.kind == "error"]
            state = replace(state, flashes=())
        if state.store is not None:
            state.store.close()
        errors[name] = problems

    threads = [
        threading.Thread(target=browser, args=(name, tag), name=name) for name, tag in tags.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        if thread.is_alive():
            section.fail(f"{thread.name}: hangt")
    for name, problems in errors.items():
        for text in problems:
            if LOCKED.search(text):
                section.add("locked")
            section.fail(f"{name}: foutmelding '{text[:200]}'")
    _check_sessions(section, data / "sessions.sqlite3", tags, turns, versions=turns + 2)
    section.tried = sessions * turns
    section.seconds = time.perf_counter() - started
    return section


# --- 2. kills ---------------------------------------------------------------------------------

_ZYGOTE = """
import importlib, json, os, signal, sys, time
for name in sys.argv[1:]:
    importlib.import_module(name)
from assistant.cli import main
signal.signal(signal.SIGCHLD, signal.SIG_DFL)
reply = sys.stdout
for raw in sys.stdin:
    job = json.loads(raw)
    began = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.environ.clear()
            os.environ.update(job["env"])
            os.chdir(job["cwd"])
            fds = [os.open(job["stdin"] or os.devnull, os.O_RDONLY),
                   os.open(job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
                   os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            # fresh stream objects: the zygote's buffered stdin must not leak into the child
            sys.stdin = open(0, "r", encoding="utf-8", closefd=False)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            code = main(job["argv"])
            sys.stdout.flush(); sys.stderr.flush()
        except BaseException:
            code = 99
        os._exit(code)
    killed = False
    status = 0
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        elapsed = time.monotonic() - began
        limit = job["kill_after"]
        if (limit is not None and elapsed >= limit) or elapsed >= job["timeout"]:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            killed = True
            break
        time.sleep(0.002)
    code = os.waitstatus_to_exitcode(status)
    reply.write(json.dumps({"killed": killed, "code": code,
                            "seconds": time.monotonic() - began}) + "\\n")
    reply.flush()
"""

PRELOAD = (
    "assistant.cli",
    "assistant.cli.interview_cmds",
    "assistant.export",
    "assistant.interview.engine",
    "knowledge.base",
    "knowledge.loaders",
    "chromadb",
)


@dataclass(frozen=True)
class RunResult:
    killed: bool
    code: int
    seconds: float
    stdout: str
    stderr: str


class Forker:
    """A preloaded Python that forks ``klantreis`` children, one at a time, and kills
    each with SIGKILL after ``kill_after`` seconds (or lets it finish)."""

    def __init__(self, workdir: Path, preload: Iterable[str] = PRELOAD) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = child_env(workdir / "zygote-data")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE, *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=workdir,
        )
        self._n = 0

    def run(
        self,
        argv: list[str],
        env: dict[str, str],
        *,
        stdin: str | None = None,
        kill_after: float | None = None,
        timeout: float = 120,
    ) -> RunResult:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._n += 1
        base = self.workdir / f"run{self._n}"
        stdin_path = None
        if stdin is not None:
            stdin_path = base.with_suffix(".in")
            stdin_path.write_text(stdin, "utf-8")
        # made here, not only in the child: a child killed within its first millisecond
        # never gets to open them
        for suffix in (".out", ".err"):
            base.with_suffix(suffix).write_bytes(b"")
        job = {
            "argv": argv,
            "env": env,
            "cwd": str(self.workdir),
            "stdin": str(stdin_path) if stdin_path else None,
            "stdout": str(base.with_suffix(".out")),
            "stderr": str(base.with_suffix(".err")),
            "kill_after": kill_after,
            "timeout": timeout,
        }
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("de fork-server is gestopt")
        reply = json.loads(line)
        out = base.with_suffix(".out").read_text("utf-8", errors="replace")
        err = base.with_suffix(".err").read_text("utf-8", errors="replace")
        for suffix in (".in", ".out", ".err"):
            base.with_suffix(suffix).unlink(missing_ok=True)
        return RunResult(reply["killed"], reply["code"], reply["seconds"], out, err)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Forker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _acks(stdout: str) -> int:
    """Turns the child acknowledged: question/done events after the opening one."""
    shown = 0
    for line in stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue  # the line the kill cut in half
        if event.get("type") in ("question", "done"):
            shown += 1
    if "Einde van de invoer" in stdout:
        shown -= 1  # the closing "done" at the end of the input is no turn
    return max(0, shown - 1)


def kill_chat(
    section: Section, forker: Forker, workdir: Path, kills: int, rng: random.Random
) -> None:
    """Kill ``chat --jsonl`` mid-conversation; every acknowledged turn must be stored."""
    data = workdir / "chat-data"
    prepare_index(data)
    env = child_env(data)
    db = data / "sessions.sqlite3"
    lines_per_run = 40
    for n in range(2):  # the second run is warm, like the runs we kill
        calibrate = forker.run(
            ["chat", "--jsonl", "--session", f"ijk{n}"],
            env,
            stdin="".join(f"ijkregel {j}\n" for j in range(lines_per_run)),
        )
    span = max(0.5, calibrate.seconds)
    names: list[str] = []
    killed = 0
    for k in range(3 * kills):  # until ``kills`` runs died mid-way (some finish first)
        if killed >= kills:
            break
        stored = read_sessions(db, load_models=False) if db.exists() else {}
        open_names = [n for n in names if n in stored and not stored[n].done]
        name = rng.choice(open_names) if open_names and rng.random() < 0.5 else f"kill-{k}"
        if name not in names:
            names.append(name)
        before = stored[name].user_texts if name in stored else []
        lines = [f"killrun {k} regel {j}" for j in range(lines_per_run)]
        result = forker.run(
            ["chat", "--jsonl", "--session", name],
            env,
            stdin="".join(f"{line}\n" for line in lines),
            kill_after=rng.uniform(0.25, 1.0) * span,  # past start-up, into the turns
        )
        section.add("chat_kills" if result.killed else "chat_finished")
        killed += result.killed
        if not result.killed:
            # the calibration ran slower than this run (a busy machine then): aim within
            # the time a whole run now takes, so the next kills land mid-way
            span = max(0.5, min(span, result.seconds))
        _after_store_kill(section, db, name, before, lines, _acks(result.stdout), k)
    # the next start opens cleanly and the session goes on
    for name in names[-3:]:
        result = forker.run(["chat", "--jsonl", "--session", name], env, stdin="verder\n")
        if result.code != 0 or not result.stdout.strip():
            section.fail(f"hervatten van {name} na kills: exitcode {result.code}")


def _after_store_kill(
    section: Section,
    db: Path,
    name: str,
    before: list[str],
    lines: list[str],
    acks: int,
    k: int,
) -> None:
    if not db.exists():
        return
    verdict = integrity(db)
    if verdict != "ok":
        section.add("corrupt_store")
        section.fail(f"kill {k}: integrity_check {verdict}")
        return
    try:
        stored = read_sessions(db)
    except Exception as exc:  # a version that does not load is a corrupt store too
        section.add("corrupt_store")
        section.fail(f"kill {k}: versie laadt niet ({type(exc).__name__}: {exc})")
        return
    after = stored[name].user_texts if name in stored else []
    new = after[len(before) :]
    section.add("turns_stored", len(new))
    if after[: len(before)] != before or new != lines[: len(new)]:
        section.fail(f"kill {k}: gesprek van {name} is door elkaar geraakt")
    if len(new) < acks:
        section.add("lost_turns", acks - len(new))
        section.fail(f"kill {k}: {acks} beurten bevestigd, {len(new)} bewaard")
    if len(new) > acks + 1:
        section.fail(f"kill {k}: {len(new)} beurten bewaard maar {acks} bevestigd")


def write_corpus(folder: Path, files: int = 24, seed: int = 0) -> dict[str, str]:
    """Generated GEMMA-like files; returns the unique search token of each file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    tokens = {}
    for i in range(files):
        tokens[_corpus_name(i)] = _write_corpus_file(folder, i, rng.randrange(10**9))
    return tokens


def _corpus_name(i: int) -> str:
    return f"pagina{i:02d}" + (".md", ".txt", ".html")[i % 3]


def _write_corpus_file(folder: Path, i: int, salt: int) -> str:
    token = f"zoekwoord{i:02d}v{salt}"
    body = " ".join(
        f"Alinea {n} over de klantreis, de bedrijfsservice en {token} in de gemeente."
        for n in range(40)
    )
    name = _corpus_name(i)
    if name.endswith(".html"):
        text = f"<html><head><title>Pagina {i}</title></head><body><h1>Pagina {i}</h1><p>{body}</p></body></html>"
    elif name.endswith(".md"):
        text = f"# Pagina {i}\n\n{body}\n\n## Meer\n\n{body}\n"
    else:
        text = f"Pagina {i}\n\n{body}\n"
    (folder / name).write_text(text, "utf-8")
    return token


def _index_sound(index: Path) -> str | None:
    """None when the index files are whole; else what is wrong."""
    for name in ("manifest.json", "chunks.json", "lexical.json"):
        path = index / name
        if path.exists():
            try:
                json.loads(path.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                return f"{name} is half geschreven ({exc})"
    chroma = index / "chroma" / "chroma.sqlite3"
    if chroma.exists():
        verdict = integrity(chroma)
        if verdict != "ok":
            return f"chroma.sqlite3: {verdict}"
    return None


def kill_ingest(
    section: Section, forker: Forker, workdir: Path, kills: int, rng: random.Random
) -> None:
    """Kill ``ingest`` mid-way; the index must stay whole, search must work, and the next
    ingest must end with every file findable."""
    data = workdir / "ingest-data"
    folder = workdir / "bron"
    tokens = write_corpus(folder, seed=rng.randrange(1000))
    env = child_env(data)
    calibrate = forker.run(["ingest", str(folder), "--json"], env)
    if calibrate.code != 0:
        section.fail(f"ingest zonder kill faalt: {calibrate.stderr[-300:]}")
        return
    span = max(0.5, calibrate.seconds)
    killed = 0
    for k in range(3 * kills):
        if killed >= kills:
            break
        for i in rng.sample(range(len(tokens)), 4):  # changed files give ingest work to do
            tokens[_corpus_name(i)] = _write_corpus_file(folder, i, rng.randrange(10**9))
        argv = ["ingest", str(folder), "--json"] + (["--rebuild"] if rng.random() < 0.3 else [])
        result = forker.run(argv, env, kill_after=rng.uniform(0.0, span))
        section.add("ingest_kills" if result.killed else "ingest_finished")
        killed += result.killed
        problem = _index_sound(data / "index")
        if problem:
            section.add("corrupt_index")
            section.fail(f"ingest-kill {k}: {problem}")
        probe = rng.choice(list(tokens.values()))
        search = forker.run(["search", probe, "--json", "-k", "3"], env)
        if search.code != 0:
            section.add("corrupt_index")
            section.fail(f"ingest-kill {k}: search faalt: {search.stderr[-300:]}")
    final = forker.run(["ingest", str(folder), "--json"], env)
    if final.code != 0:
        section.fail(f"ingest na de kills faalt: {final.stderr[-300:]}")
        return
    queries = workdir / "zoekvragen.txt"
    names = list(tokens)
    queries.write_text("".join(f"{tokens[n]}\n" for n in names), "utf-8")
    found = forker.run(["search", "--queries", str(queries), "-k", "3"], env)
    answers = [json.loads(line) for line in found.stdout.splitlines() if line.strip()]
    if found.code != 0 or len(answers) != len(names):
        section.fail(f"search na de kills faalt: {found.stderr[-300:]}")
        return
    for name, answer in zip(names, answers, strict=True):
        sources = [p.get("source", "") for p in answer["results"]]
        if not any(s.endswith(name) for s in sources):
            section.add("corrupt_index")
            section.fail(f"na de kills vindt search {name} niet terug ({sources})")
    if "Vectorindex ontbreekt" in found.stderr:
        section.fail("na de kills en een ingest zoekt search nog alleen lexicaal")


def big_model(tag: str = "groot") -> Any:
    """A model of about 1.5 MB, so writing an export takes long enough to be interrupted."""
    from assistant.model import JourneyStep, ProcessModel

    model = ProcessModel()
    model.journey.name = f"Exporttest {tag}"
    for i in range(75):
        model.journey.steps_before.append(
            JourneyStep(name=f"stap {i} {tag}", description=(f"beschrijving {i} " * 1300)[:20_000])
        )
    return ProcessModel.model_validate(model.model_dump())


def kill_export(
    section: Section, forker: Forker, workdir: Path, kills: int, rng: random.Random
) -> None:
    """Kill ``export -o``: the target is absent, the old file or the complete new file."""
    from assistant.export import all_exporters, export
    from assistant.store import SessionStore

    data = workdir / "export-data"
    env = child_env(data)
    store = SessionStore(f"sqlite:///{data / 'sessions.sqlite3'}")
    old_model, new_model = big_model("oud"), big_model("nieuw")
    sid = store.create("export", old_model).id
    formats = [e for e in all_exporters()]
    out_dir = workdir / "exports"
    out_dir.mkdir(exist_ok=True)
    expected: dict[str, tuple[bytes, bytes]] = {}
    for exp in formats:
        old_bytes = export(old_model, exp.name)
        expected[exp.name] = (old_bytes, export(new_model, exp.name))
        (out_dir / f"model{exp.extension}").write_bytes(old_bytes)
    store.save(sid, new_model)
    store.close()
    spans: dict[str, float] = {}
    for exp in formats:
        target = out_dir / f"ijk{exp.extension}"
        spans[exp.name] = max(
            0.3, forker.run(["export", sid, "-f", exp.name, "-o", str(target)], env).seconds
        )
        target.unlink(missing_ok=True)
    killed = 0
    for k in range(3 * kills):
        if killed >= kills:
            break
        exp = rng.choice(formats)
        target = out_dir / f"model{exp.extension}"
        result = forker.run(
            ["export", sid, "-f", exp.name, "-o", str(target)],
            env,
            kill_after=rng.uniform(0.0, spans[exp.name]),
        )
        section.add("export_kills" if result.killed else "export_finished")
        killed += result.killed
        old_bytes, new_bytes = expected[exp.name]
        if not target.exists():
            section.fail(f"export-kill {k}: {target.name} is verdwenen")
            continue
        got = target.read_bytes()
        if got not in (old_bytes, new_bytes):
            section.add("invalid_exports")
            section.fail(f"export-kill {k}: {target.name} is half geschreven ({len(got)} bytes)")
        if got == new_bytes:  # start over from the old file, so every kill can tear it
            target.write_bytes(old_bytes)
    section.add("stray_tmp", len(list(out_dir.glob(".*.tmp"))))


def kill_campaign(
    workdir: Path, *, chat: int = 20, ingest: int = 15, export: int = 15, seed: int = 8
) -> Section:
    section = Section("SIGKILL tijdens beurten, ingest en export")
    started = time.perf_counter()
    rng = random.Random(seed)
    with Forker(workdir / "forker") as forker:
        kill_chat(section, forker, workdir, chat, rng)
        kill_ingest(section, forker, workdir, ingest, rng)
        kill_export(section, forker, workdir, export, rng)
    section.tried = chat + ingest + export
    section.seconds = time.perf_counter() - started
    return section


# --- 3. resource faults -----------------------------------------------------------------------


def llm_faults(workdir: Path, server: Any, scripted: Callable[..., Any]) -> Section:
    """A loopback LLM that hangs, answers 500, answers garbage and answers slowly: every
    turn ends within the timeout (+ margin) and falls back to offline reading.

    ``server`` is a started fake OpenAI-compatible server with a ``script`` list and
    ``openai_tool``; ``scripted(status, body, delay)`` builds one scripted reply.
    """
    section = Section("taalmodel hangt / 500 / onzin / traag")
    started = time.perf_counter()
    timeout, margin = 1.0, 2.0
    env = child_env(
        workdir / "llm-data",
        KLANTREIS_LLM_PROVIDER="openai",
        KLANTREIS_LLM_MODEL="fake",
        KLANTREIS_LLM_BASE_URL=f"{server.url}/v1",
        KLANTREIS_LLM_API_KEY="sk-test-faults",
        KLANTREIS_LLM_TIMEOUT=str(timeout),
    )
    faults = {
        "hangt": [scripted(200, server.openai_tool({"intent": "answer", "value": "x"}).body, 8.0)],
        "500": [scripted(500, {"error": {"message": "kapot"}})],
        "onzin": [scripted(200, b"\x00\xffgeen json")] * 3,
        "traag": [scripted(200, server.openai_tool({"intent": "answer", "value": "x"}).body, 3.0)],
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", "--session", "llm"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=workdir,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        first = json.loads(proc.stdout.readline() or "{}")
        if first.get("type") != "question":
            section.fail(f"geen eerste vraag: {first}")
            return section
        for label, steps in faults.items():
            server.script[:] = list(steps)
            begin = time.perf_counter()
            proc.stdin.write(f"Antwoord bij {label}\n")
            proc.stdin.flush()
            events = []
            while True:
                line = proc.stdout.readline()
                if not line:
                    break
                events.append(json.loads(line))
                if events[-1]["type"] in ("question", "done"):
                    break
            took = time.perf_counter() - begin
            section.add("faults")
            if took > timeout + margin:
                section.fail(f"{label}: beurt duurde {took:.1f} s (time-out {timeout} s)")
            warned = any(
                e["type"] == "notice" and "offline gelezen" in e.get("text", "") for e in events
            )
            if not warned:
                section.fail(f"{label}: geen melding dat offline is gelezen: {events}")
            if not events or events[-1]["type"] not in ("question", "done"):
                section.fail(f"{label}: de beurt eindigde niet met een vraag")
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    section.tried = len(faults)
    section.seconds = time.perf_counter() - started
    return section


def damaged_index(workdir: Path) -> Section:
    """Delete or corrupt the vector index and the lexical files: search keeps working
    (lexically, with a notice) and ``ingest --rebuild`` makes it whole again."""
    import shutil

    section = Section("vectorindex weg of beschadigd")
    started = time.perf_counter()
    data = workdir / "index-data"
    folder = workdir / "index-bron"
    tokens = write_corpus(folder, files=6, seed=3)
    env = child_env(data)
    base = [sys.executable, "-m", "assistant"]

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args], env=env, cwd=workdir, capture_output=True, text=True, timeout=300
        )

    if cli("ingest", str(folder)).returncode != 0:
        section.fail("eerste ingest faalt")
        return section
    index = data / "index"
    damages: dict[str, Callable[[], object]] = {
        "chroma-map verwijderd": lambda: shutil.rmtree(index / "chroma"),
        "chroma.sqlite3 onzin": lambda: (index / "chroma" / "chroma.sqlite3").write_bytes(
            os.urandom(65536)
        ),
        "lexical.json onzin": lambda: (index / "lexical.json").write_text("{kapot", "utf-8"),
        "chunks.json afgekapt": lambda: (index / "chunks.json").write_bytes(
            (index / "chunks.json").read_bytes()[:1000]
        ),
    }
    name, token = next(iter(tokens.items()))
    for label, damage in damages.items():
        damage()
        section.add("faults")
        found = cli("search", token, "--json", "-k", "3")
        if found.returncode != 0:
            section.fail(f"{label}: search faalt: {found.stderr[-300:]}")
            continue
        sources = [p.get("source", "") for p in json.loads(found.stdout or "[]")]
        chunks_lost = "chunks" in label
        if not chunks_lost and not any(s.endswith(name) for s in sources):
            section.fail(f"{label}: search vindt {name} niet ({sources})")
        rebuilt = cli("ingest", "--rebuild", str(folder))
        if rebuilt.returncode != 0:
            section.fail(f"{label}: ingest --rebuild faalt: {rebuilt.stderr[-300:]}")
            continue
        again = cli("search", token, "--json", "-k", "3")
        sources = [p.get("source", "") for p in json.loads(again.stdout or "[]")]
        if not any(s.endswith(name) for s in sources) or "Let op" in again.stderr:
            section.fail(f"{label}: na ingest --rebuild niet heel: {again.stderr.strip()}")
    section.tried = len(damages)
    section.seconds = time.perf_counter() - started
    return section


# --- 4. hostile input -------------------------------------------------------------------------

HOSTILE = [
    "\x00\x01\x02 NUL en stuurtekens \x1b[31m",
    "\u202eRTL-override\u202c \u200f\u200e \ufeff",
    "🎉🚀 emoji 👩‍👩‍👧 \U0001f4a9",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1)) <a href='javascript:alert(2)'>a</a>",
    "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>&x; <?xml version='1.0'?>",
    "a & b < c > d \" e ' f &amp; &#0; &#x1F;",
    "regel 1\nregel 2\r\nregel 3\u2028regel 4",
    "%s %n {0} {{x}} ${HOME} `rm -rf /`",
    "'; DROP TABLE sessions; --",
    "\ud800 losse surrogaat",
    "x" * 499,
    "y" * 20_000,
    "-->" + "<!--" * 50,
    "javascript:alert(document.cookie)",
    "| a | b |\n|---|---|\n| ![x](javascript:y) | [z](JaVaScRiPt:q) |",
]


def hostile_strings(rng: random.Random, n: int) -> list[str]:
    """The fixed list plus random mixes of its pieces and random code points."""
    out = list(HOSTILE)
    while len(out) < n:
        parts = rng.sample(HOSTILE[:11], 3)
        noise = "".join(
            chr(rng.choice([rng.randrange(0, 0x80), rng.randrange(0x80, 0x3000)]))
            for _ in range(20)
        )
        out.append(" ".join(parts) + noise)
    return out[:n]


def safe_text(text: str) -> str:
    """What a hostile string becomes in a model: surrogates are not encodable text."""
    return text.encode("utf-8", "replace").decode("utf-8")


def hostile_model(text: str) -> Any:
    """A model whose names and descriptions are all ``text`` (names capped at 500)."""
    from assistant.model import ProcessModel

    name = safe_text(text)[:490].strip() or "x"  # room for the " na" and " 2" suffixes
    desc = safe_text(text)[:20_000]
    data = {
        "journey": {
            "name": name,
            "customer": {"name": name},
            "customer_goal": desc,
            "steps_before": [{"name": name, "description": desc}],
            "steps_after": [{"name": name + " na"}],
        },
        "variants": [
            {
                "id": "var-1",
                "name": name,
                "services": [
                    {
                        "name": name,
                        "process": {"name": name},
                        "intake": {
                            "description": desc,
                            "data_asked": [{"name": name}],
                            "documents": [{"name": name}],
                        },
                        "levering": {"result": name, "description": desc},
                        "activities": [{"name": name}, {"name": name + " 2"}],
                    }
                ],
            }
        ],
    }
    return ProcessModel.model_validate(data)


def check_export(fmt: str, data: bytes) -> list[str]:
    """Problems of one exported file: validity per format and no live script."""
    problems: list[str] = []
    if fmt in ("svg", "bpmn", "archimate", "xml"):
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            return [f"{fmt}: geen geldige XML ({exc})"]
        if fmt == "svg":
            for el in root.iter():
                tag = el.tag if isinstance(el.tag, str) else ""
                if tag.rsplit("}", 1)[-1].lower() in ("script", "foreignobject"):
                    problems.append("svg: bevat <script> of foreignObject")
                for attr, value in el.attrib.items():
                    local = attr.rsplit("}", 1)[-1].lower()
                    if local.startswith("on"):
                        problems.append(f"svg: event-attribuut {local}")
                    # only attributes that are followed as links can run a javascript: URL
                    linked = local in ("href", "src", "action", "formaction")
                    if linked and "javascript:" in re.sub(r"\s", "", value).lower():
                        problems.append(f"svg: javascript:-link in {local}")
        validator = xsd_validator(fmt)
        if validator is not None:
            try:
                validator(data)
            except Exception as exc:
                problems.append(f"{fmt}: voldoet niet aan het XSD ({str(exc)[:200]})")
    elif fmt in ("md", "markdown"):
        # backslash-escaped characters are literal text in CommonMark: drop them first
        text = re.sub(r"\\[!-/:-@\[-`{-~]", "", data.decode("utf-8"))
        if re.search(
            r"\]\(\s*<?\s*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|vbscript|data)\s*:", text, re.I
        ):
            problems.append("md: levende javascript:-link")
        if re.search(r"<\s*(script|iframe)\b|<[a-z][^<>]*\son\w+\s*=", text, re.I):
            problems.append("md: ruwe HTML met script")
    elif fmt == "json":
        from assistant.model_io import model_from_json

        model_from_json(data)
    elif fmt == "csv":
        import csv
        import io

        list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        data.decode("utf-8")
    if b"\x00" in data:
        problems.append(f"{fmt}: bevat een NUL-byte")
    return problems


_VALIDATORS: dict[str, Callable[[bytes], None] | None] = {}


def schemas_dir() -> Path:
    return (
        Path(os.environ.get("KLANTREIS_SHARED_DIR", REPO.parent / "shared")).resolve() / "schemas"
    )


def xsd_validator(fmt: str) -> Callable[[bytes], None] | None:
    """An offline XSD validator for BPMN and ArchiMate exports (None for other formats)."""
    if fmt in _VALIDATORS:
        return _VALIDATORS[fmt]
    import xmlschema

    schemas = schemas_dir()
    validator: Callable[[bytes], None] | None = None
    if fmt == "bpmn" and (schemas / "bpmn" / "BPMN20.xsd").exists():
        bpmn = xmlschema.XMLSchema(str(schemas / "bpmn" / "BPMN20.xsd"), allow="local")
        validator = lambda data: bpmn.validate(data.decode("utf-8"))  # noqa: E731
    elif fmt in ("archimate", "xml") and (schemas / "archimate").exists():
        am = schemas / "archimate"
        archimate = xmlschema.XMLSchema(
            str(am / "archimate3_Diagram.xsd"),
            allow="local",
            locations=[("http://purl.org/dc/elements/1.1/", str(am / "dc.xsd"))],
        )
        validator = lambda data: archimate.validate(data.decode("utf-8"))  # noqa: E731
    _VALIDATORS[fmt] = validator
    return validator


def hostile_inputs(workdir: Path, n: int = 60, seed: int = 8) -> Section:
    """Hostile strings through the parsers, chat --jsonl, import, every exporter and the
    loaders (as files given to ``ingest``)."""
    from assistant.export import all_exporters
    from assistant.interview import parse
    from assistant.model_io import model_from_json

    section = Section("vijandige invoer")
    started = time.perf_counter()
    rng = random.Random(seed)
    texts = hostile_strings(rng, n)
    parsers = [
        parse.norm, parse.clean_text, parse.is_dont_know, parse.yes_no, parse.is_question,
        parse.question_term, parse.asks_why, parse.correction_body, parse.split_list,
        parse.parse_actor, parse.parse_lane, parse.parse_channels, parse.parse_customer_type,
        parse.parse_trigger_kind, parse.parse_activity_kind, parse.parse_relation,
        parse.strip_role, parse.clean_value,
    ]  # fmt: skip
    for text in texts:
        for fn in parsers:
            section.add("parser_calls")
            begin = time.perf_counter()
            try:
                fn(text)
            except Exception as exc:
                section.fail(f"{fn.__name__}({text[:30]!r}): {type(exc).__name__}")
            if time.perf_counter() - begin > 2:
                section.fail(f"{fn.__name__}({text[:30]!r}): trager dan 2 s")
        model = hostile_model(text)
        again = model_from_json(model.to_json())
        if again != model:
            section.fail(f"import/export-rondgang verandert {text[:30]!r}")
        for exp in all_exporters():
            section.add("exports")
            try:
                problems = check_export(exp.name, exp.render(model))
            except Exception as exc:
                problems = [f"{exp.name}: {type(exc).__name__}: {exc}"[:200]]
            for problem in problems:
                section.add("invalid_exports")
                section.fail(f"{problem} bij {text[:30]!r}")
    # the chat protocol: one process, every hostile string as a line (and as JSON)
    env = child_env(workdir / "hostile-data")
    # the over-long lines first: the interview may be complete before the last line
    lines = ["z" * 100_100, json.dumps({"text": "q" * 100_001})]
    lines += [t.replace("\n", " ").replace("\r", " ") for t in texts]
    lines += [json.dumps({"text": t}) for t in texts[:20]]
    chat = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", "--session", "vijandig"],
        input="\n".join(lines) + "\n",
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogatepass",  # lone surrogates reach the child as bad UTF-8
        timeout=300,
    )
    section.add("chat_lines", len(lines))
    if chat.returncode != 0:
        section.fail(f"chat --jsonl: exitcode {chat.returncode}: {chat.stderr[-300:]}")
    for line in chat.stdout.splitlines():
        try:
            json.loads(line)
        except json.JSONDecodeError:
            section.fail(f"chat --jsonl: geen JSON-regel: {line[:80]!r}")
    if "te lang" not in chat.stdout:
        section.fail("chat --jsonl: een te lange regel gaf geen melding")
    # loaders: every hostile string (and random bytes) as each supported file type
    folder = workdir / "vijandige-bron"
    folder.mkdir(exist_ok=True)
    kinds = [".txt", ".md", ".html", ".csv", ".xml", ".jsonl"]
    for i, text in enumerate(texts[:24]):
        suffix = kinds[i % len(kinds)]
        raw = os.urandom(rng.randrange(1, 3000)) if i % 4 == 0 else text.encode("utf-8", "replace")
        (folder / f"bestand{i}{suffix}").write_bytes(raw)
    (folder / "lachen.xml").write_text(BILLION_LAUGHS, "utf-8")
    (folder / "xxe.xml").write_text(XXE, "utf-8")
    ingest = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(folder), "--json"],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    section.add("files", 26)
    if ingest.returncode != 0:
        section.fail(
            f"ingest van vijandige bestanden: exitcode {ingest.returncode}: {ingest.stderr[-300:]}"
        )
    else:
        report = json.loads(ingest.stdout)
        handled = len(report["ingested"]) + len(report["skipped"])
        if handled != 26:
            section.fail(f"ingest: {handled} van 26 bestanden gemeld")
        skipped = {s["path"].rsplit("/", 1)[-1] for s in report["skipped"]}
        if not {"lachen.xml", "xxe.xml"} <= skipped:
            section.fail("billion laughs of XXE is niet geweigerd")
    section.tried = len(texts)
    section.seconds = time.perf_counter() - started
    return section


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&lol4;</name></model>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE model [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&xxe;</name></model>
"""


# --- the campaign -------------------------------------------------------------------------------


def run_campaign(workdir: Path | None = None, *, quick: bool = False) -> list[Section]:
    """Every section once; ``quick`` halves the sizes (for a smoke run)."""
    import importlib

    # the fake OpenAI-compatible server of the interview tests, reused rather than copied
    # (imported by name: it is test code, not part of the product's typed surface)
    fakes = importlib.import_module("tests.interview.conftest")
    FakeLlmServer, Scripted = fakes.FakeLlmServer, fakes.Scripted

    scale = 0.5 if quick else 1.0
    own = workdir is None
    root = Path(tempfile.mkdtemp(prefix="klantreis-reliability-")) if own else workdir
    assert root is not None
    sections: list[Section] = []

    def part(name: str, fn: Callable[[Path], Section]) -> None:
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        try:
            sections.append(fn(folder))
        except Exception as exc:  # a driver that breaks is a failure of the campaign
            broken = Section(name)
            broken.fail(f"{type(exc).__name__}: {exc}")
            sections.append(broken)

    n = max(2, int(20 * scale))
    part("cli", lambda d: concurrent_chats(d, sessions=n, turns=6))
    part("ui", lambda d: concurrent_ui(d, sessions=n, turns=6))
    part(
        "kills",
        lambda d: kill_campaign(
            d, chat=int(25 * scale), ingest=int(15 * scale), export=int(20 * scale)
        ),
    )
    server = FakeLlmServer()
    server.thread.start()
    try:
        part("llm", lambda d: llm_faults(d, server, Scripted))
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    part("index", damaged_index)
    part("hostile", lambda d: hostile_inputs(d, n=int(80 * scale)))
    if own:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    return sections


def to_markdown(sections: list[Section]) -> str:
    total = lambda key: sum(s.counts.get(key, 0) for s in sections)  # noqa: E731
    kills = total("chat_kills") + total("ingest_kills") + total("export_kills")
    lines = [
        "# Reliability campaign",
        "",
        "Generated by `klantreis eval reliability` (evals/reliability.py). Targets: 0 lost "
        "turns, 0 corrupt stores, 0 invalid exports, 0 failures.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| sessions × turns stored | {total('sessions')} sessions, {total('turns_stored')} turns stored |",
        f"| lost turns | {total('lost_turns')} |",
        f"| 'database is locked' shown to a user | {total('locked')} |",
        f"| sessions seeing another's data | {total('foreign')} |",
        f"| kills survived (SIGKILL: chat / ingest / export) | {kills} "
        f"({total('chat_kills')} / {total('ingest_kills')} / {total('export_kills')}) |",
        f"| corrupt stores | {total('corrupt_store')} |",
        f"| corrupt indexes | {total('corrupt_index')} |",
        f"| invalid or half-written exports | {total('invalid_exports')} |",
        f"| stray temp files beside export targets | {total('stray_tmp')} |",
        f"| faults injected (LLM, index damage) | {total('faults')} |",
        f"| hostile inputs tried (strings; parser calls; exports; chat lines; files) | "
        f"{next((s.tried for s in sections if s.name == 'vijandige invoer'), 0)}; "
        f"{total('parser_calls')}; {total('exports')}; {total('chat_lines')}; {total('files')} |",
        f"| failures | {sum(len(s.failures) for s in sections)} |",
        "",
        "| section | tried | failures | seconds |",
        "|---|---|---|---|",
    ]
    for s in sections:
        lines.append(f"| {s.name} | {s.tried} | {len(s.failures)} | {s.seconds:.1f} |")
    problems = [f"- {s.name}: {f}" for s in sections for f in s.failures]
    if problems:
        lines += ["", "## Failures", "", *problems[:50]]
    return "\n".join(lines) + "\n"


def run(out: Path | None = DEFAULT_OUT, *, quick: bool = False) -> tuple[str, bool]:
    sections = run_campaign(quick=quick)
    report = to_markdown(sections)
    if out is not None:
        from assistant.fsutil import atomic_write_bytes

        atomic_write_bytes(out, report.encode("utf-8"))
    return report, all(s.ok for s in sections)


if __name__ == "__main__":
    text, passed = run()
    sys.stdout.write(text)
    sys.exit(0 if passed else 1)


__all__ = [
    "Forker",
    "Section",
    "check_export",
    "concurrent_chats",
    "concurrent_ui",
    "damaged_index",
    "hostile_inputs",
    "hostile_model",
    "kill_campaign",
    "llm_faults",
    "read_sessions",
    "run",
]
