"""CLI commands of the interview: chat (rich and JSONL), slots, extract and eval interview.

This is an edge: it builds settings and dependencies, reads stdin, prints and saves
sessions. The conversation itself is ``assistant.interview.engine``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from assistant.cli.common import (
    console,
    err_console,
    eval_input_errors,
    get_settings,
    get_store,
    print_json,
    write_file,
)
from assistant.config import Settings, load_settings
from assistant.errors import InputError, NotFoundError, StorageError
from assistant.fsutil import atomic_write_bytes
from assistant.interview.deps import Deps, Retriever, knowledge_lookup
from assistant.interview.engine import TurnResult, reask, start, turn
from assistant.interview.protocol import Event, NoticeEvent
from assistant.interview.slots import SLOTS, slot_vocabulary
from assistant.interview.state import InterviewState
from assistant.model import ProcessModel
from assistant.model_io import read_bytes_capped
from assistant.textclean import encodable
from assistant.training.tutor import PRACTICE_KIND, practice_case_of, practice_tutor


def _settings(provider: str | None) -> Settings:
    if provider is None:
        return get_settings()
    base = get_settings()
    return load_settings(**{**base.model_dump(), "llm_provider": provider})


def open_retriever(settings: Settings) -> tuple[Retriever, list[str]]:
    """The GEMMA knowledge base, or the built-in fallback when it cannot be opened."""
    from assistant.interview.fallback import FallbackRetriever

    try:
        from knowledge.base import KnowledgeBase  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        fallback = FallbackRetriever()
        return fallback, list(fallback.notices)
    try:
        kb = KnowledgeBase.open(
            settings.index_dir,
            embedding_backend=settings.embedding_backend,
            embedding_model=settings.embedding_model,
            chroma_url=settings.chroma_url,
            thesaurus_file=settings.thesaurus_file,
        )
        kb.ensure_ready()
        _ = kb.thesaurus  # a configured word list that cannot be used is reported now
        return kb, [str(n) for n in getattr(kb, "notices", [])]
    except Exception as exc:  # the interview must run even without the index
        fallback = FallbackRetriever()
        return fallback, [
            f"De GEMMA-index kon niet worden geopend ({type(exc).__name__}); ingebouwde uitleg wordt gebruikt."
        ]


def build_deps(settings: Settings) -> tuple[Deps, list[str]]:
    retriever, notices = open_retriever(settings)
    llm = None
    if settings.llm_provider != "offline":
        from assistant.interview.llm import LlmReader, build_chat_model

        llm = LlmReader(build_chat_model(settings))
    deps = Deps(
        retriever=retriever,
        llm=llm,
        settings=settings,
        registry_lookup=knowledge_lookup(),
        rephrase_questions=llm is not None,
    )
    return deps, notices


@dataclass(frozen=True)
class ChatSession:
    session_id: str
    model: ProcessModel
    state: InterviewState
    practice_case: str | None = None


def _open_session(name: str | None, practice_case: str | None = None) -> ChatSession:
    """Resume session ``name`` or start one; ``practice_case`` starts a practice session.

    A resumed practice session keeps its case; asking for another case on it is an error
    rather than a silent switch, because the feedback would compare against the wrong
    solution.
    """
    store = get_store()
    if name:
        try:
            snap = store.load(name)
        except NotFoundError:
            pass
        else:
            own_case = practice_case_of(store.info(snap.session_id).kind)
            if practice_case is not None and practice_case != own_case:
                raise InputError(
                    f"Sessie '{name}' is geen oefensessie voor casus '{practice_case}'; "
                    "kies een andere sessienaam."
                )
            state = InterviewState.from_dict(snap.state)
            return ChatSession(snap.session_id, snap.model, state, own_case)
    stamp = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
    state = InterviewState()
    if practice_case is not None:
        wanted = name or f"oefening {practice_case} {stamp}"
        kind, note = f"{PRACTICE_KIND}{practice_case}", "nieuwe oefening"
    else:
        wanted = name or f"interview {stamp}"
        kind, note = "interview", "nieuw interview"
    info = store.create(wanted, ProcessModel(), state.to_dict(), kind=kind, note=note)
    return ChatSession(info.id, ProcessModel(), state, practice_case)


def _with_tutor(deps: Deps, settings: Settings, case_id: str | None) -> Deps:
    """Deps with the practice tutor for ``case_id`` (an unknown case is a Dutch error)."""
    if case_id is None or deps.tutor is not None:
        return deps
    tutor = practice_tutor(case_id, settings.practice_cases_dir, deps.retriever)
    return replace(deps, tutor=tutor)


def _begin(
    settings: Settings, session: str | None, practice_case: str | None
) -> tuple[ChatSession, Deps, list[str]]:
    """Dependencies and the session to talk in. ``--oefen`` builds its tutor (and so checks
    the case) before any session is created; a resumed practice session gets its own."""
    deps, notices = build_deps(settings)
    deps = _with_tutor(deps, settings, practice_case)
    chat = _open_session(encodable(session) if session else session, practice_case)
    return chat, _with_tutor(deps, settings, chat.practice_case), notices


def _event_text(event: Event) -> str:
    data = event.to_dict()
    return str(data.get("text", "")) if data["type"] != "done" else "klaar"


def _save(
    session_id: str, result: TurnResult, user_text: str | None
) -> tuple[ProcessModel, str | None]:
    """Save model + state + transcript in one transaction; a failure becomes a notice."""
    lines: list[tuple[str, str, dict[str, Any]]] = []
    if user_text is not None:
        lines.append(("user", user_text, {}))
    for event in result.events:
        data = event.to_dict()
        if data["type"] == "done":
            continue
        meta = {"type": data["type"]}
        if data["type"] == "question":
            meta["slot"] = data["slot"]
        lines.append(("assistant", _event_text(event), meta))
    model = result.model.touched() if result.changed else result.model
    try:
        get_store().save(
            session_id, model, result.state.to_dict(), note=result.note or "beurt", transcript=lines
        )
    except StorageError as exc:
        return result.model, str(exc)
    return model, None


# JSON leaves these unescaped, but str.splitlines() and older JavaScript end a line at
# them: a user's text with U+2028 would split one event over two "lines"
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAK = re.compile("[\u2028\u2029\x85]")


def _write_event(out: TextIO, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False)
    out.write(_LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group(0)], text) + "\n")
    out.flush()


def _read_line(raw: str, limit: int) -> tuple[str | None, str | None]:
    """(text, error): a JSON object {"text": ...} or a plain line."""
    line = raw.rstrip("\r\n")
    if "\x00" in line:
        return None, "Invoer met NUL-tekens is genegeerd."
    if len(line) > limit + 64:
        return None, f"Invoer te lang (maximaal {limit} tekens); de regel is genegeerd."
    head = line.lstrip()[:1]
    if head in ("{", "["):
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            if head == "{":
                return None, 'Ongeldige JSON-regel; stuur {"text": "..."} of gewone tekst.'
            return line, None  # "[...]" that is no JSON is just text
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None, 'Een JSON-regel moet een object zijn met een tekstveld "text".'
        line = data["text"]
        if "\x00" in line:
            return None, "Invoer met NUL-tekens is genegeerd."
    return encodable(line), None


def _next_line(stdin: TextIO, limit: int) -> str:
    """The next input line, read in bounded pieces: a line far over the limit (a runaway
    pipe, a pasted file) is skipped to its end instead of being held in memory whole; what
    is returned then is still over the limit, so ``_read_line`` refuses it in Dutch."""
    cap = limit + 128
    line = stdin.readline(cap)
    if len(line) < cap or line.endswith("\n"):
        return line
    while True:
        more = stdin.readline(cap)
        if not more or more.endswith("\n"):
            return line + "\n"


def run_jsonl(
    stdin: TextIO,
    stdout: TextIO,
    settings: Settings,
    session: str | None,
    out: Path | None,
    practice_case: str | None = None,
) -> ProcessModel:
    chat, deps, notices = _begin(settings, session, practice_case)
    session_id, model, state = chat.session_id, chat.model, chat.state
    result = start(state, model, deps)
    # the first event is a question (or done, for a finished session), before any input;
    # in practice mode the case text follows it
    for event in result.events:
        _write_event(stdout, event.to_dict())
    if deps.tutor is not None:
        _write_event(stdout, NoticeEvent(deps.tutor.intro()).to_dict())
    for notice in notices:
        err_console.print(notice, markup=False)
    model, _ = _save(session_id, result, None)
    state = result.state
    while not state.done:
        raw = _next_line(stdin, settings.max_message_chars)
        if raw == "":
            break
        text, error = _read_line(raw, settings.max_message_chars)
        if error is not None or text is None:
            result = reask(state, model, deps, error or "Ongeldige invoer.")
        else:
            result = turn(state, model, text, deps)
        # Store the turn before showing it: an answer the user saw acknowledged is on
        # disk. When storing fails, nothing of the turn counts: say so, keep the last
        # stored state and ask the same question again.
        saved_model, problem = _save(session_id, result, text)
        if problem:
            result = reask(state, model, deps, problem, "error")
        else:
            model, state = saved_model, result.state
        for event in result.events:
            _write_event(stdout, event.to_dict())
    if not state.done:
        _write_event(
            stdout,
            {
                "type": "notice",
                "text": "Einde van de invoer; het model tot nu toe is bewaard.",
                "level": "info",
            },
        )
        _write_event(stdout, {"type": "done", "model": model.model_dump(mode="json")})
    if out is not None:
        write_file(model.to_json().encode("utf-8"), out)
    return model


def _print_events(events: list[Event]) -> None:
    for event in events:
        data = event.to_dict()
        if data["type"] == "question":
            pct = int(data["progress"] * 100)
            console.print(Panel(escape(data["text"]), title=f"vraag · {pct}%", border_style="cyan"))
            console.print(f"[dim]Waarom: {escape(data['why'])}[/dim]")
            for src in data["sources"][:2]:
                console.print(
                    f"[dim]  bron: {escape(src.get('title', ''))} — {escape(src.get('section', ''))}[/dim]"
                )
        elif data["type"] == "answer":
            console.print(Panel(escape(data["text"]), title="uitleg", border_style="green"))
            for src in data["sources"][:3]:
                console.print(
                    f"[dim]  bron: {escape(src.get('title', ''))} {escape(src.get('url', ''))}[/dim]"
                )
        elif data["type"] == "notice":
            style = {"error": "red", "warning": "yellow"}.get(data["level"], "green")
            console.print(f"[{style}]{escape(data['text'])}[/{style}]")
        else:
            console.print("[bold green]Het interview is afgerond.[/bold green]")


def run_rich(
    settings: Settings, session: str | None, out: Path | None, practice_case: str | None = None
) -> None:
    chat, deps, notices = _begin(settings, session, practice_case)
    for notice in notices:
        console.print(f"[dim]{escape(notice)}[/dim]")
    session_id, model, state = chat.session_id, chat.model, chat.state
    console.print("[bold]Klantreis-assistent[/bold] — typ /help voor de commando's.")
    if deps.tutor is not None:
        console.print(Panel(escape(deps.tutor.intro()), title="oefencasus", border_style="magenta"))
    result = start(state, model, deps)
    _print_events(result.events)
    model, _ = _save(session_id, result, None)
    state = result.state
    while not state.done:
        try:
            text = encodable(console.input("[bold cyan]> [/bold cyan]"))
        except EOFError:
            break
        result = turn(state, model, text, deps)
        saved_model, problem = _save(session_id, result, text)  # stored before it is shown
        if problem:
            result = reask(state, model, deps, problem, "error")
        else:
            model, state = saved_model, result.state
        _print_events(result.events)
    if out is not None:
        write_file(model.to_json().encode("utf-8"), out)
        console.print(f"Model geschreven naar {out}", markup=False)
    console.print(f"Sessie bewaard ({session_id}).", markup=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("chat")
    def chat_cmd(
        jsonl: Annotated[
            bool, typer.Option("--jsonl", help="Machineprotocol: JSON-regels op stdin/stdout.")
        ] = False,
        session: Annotated[
            str | None, typer.Option("--session", help="Sessienaam; bestaande sessie wordt hervat.")
        ] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="offline, openai of ollama.")
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Schrijf het model aan het eind als JSON.")
        ] = None,
        oefen: Annotated[
            str | None,
            typer.Option(
                "--oefen",
                metavar="CASUS",
                help="Oefenmodus: modelleer een oefencasus (zie 'klantreis oefen list'); "
                "/hint geeft een aanwijzing.",
            ),
        ] = None,
    ) -> None:
        """Voer het interview: een gesprek dat de klantreis en het proces in kaart brengt."""
        settings = _settings(provider)
        if jsonl:
            for stream in (sys.stdin, sys.stdout):
                reconfigure = getattr(stream, "reconfigure", None)
                if reconfigure is not None:
                    reconfigure(encoding="utf-8", errors="replace")
            run_jsonl(sys.stdin, sys.stdout, settings, session, out, oefen)
        else:
            run_rich(settings, session, out, oefen)

    @app.command("slots")
    def slots_cmd(
        as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
    ) -> None:
        """Het slotvocabulaire van het interview."""
        if as_json:
            print_json(slot_vocabulary())
            return
        table = Table("id", "label", "verplicht", "velden")
        for slot in SLOTS:
            table.add_row(
                slot.id, slot.label, "ja" if slot.required else "nee", ", ".join(slot.fields)
            )
        console.print(table)

    @app.command("extract")
    def extract_cmd(
        text: Annotated[Path, typer.Option("--text", help="Tekstbestand met een beschrijving.")],
        as_json: Annotated[bool, typer.Option("--json", help="Resultaat als JSON.")] = False,
        out: Annotated[
            Path | None, typer.Option("--out", help="Schrijf het model als JSON.")
        ] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="offline, openai of ollama.")
        ] = None,
    ) -> None:
        """Vul een model uit een beschrijving (offline naar beste kunnen, met een LLM vollediger)."""
        from assistant.interview.extract import extract_into

        settings = _settings(provider)
        raw = read_bytes_capped(text, settings.max_import_bytes)
        try:
            narrative = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{text} is geen UTF-8-tekst.") from None
        if len(narrative) > settings.max_message_chars:
            raise InputError(
                f"De tekst is te lang ({len(narrative)} tekens; maximaal {settings.max_message_chars})."
            )
        deps, _ = build_deps(settings)
        outcome = extract_into(ProcessModel(), narrative, deps)
        if out is not None:
            write_file(outcome.model.to_json().encode("utf-8"), out)
        if as_json:
            print_json(
                {
                    "slots": outcome.slots,
                    "recorded": outcome.lines,
                    "notices": [n.to_dict()["text"] for n in outcome.notices],
                    "model": outcome.model.model_dump(mode="json"),
                }
            )
            return
        console.print(f"{len(outcome.slots)} onderdelen herkend:", markup=False)
        for line in outcome.lines:
            console.print(f"- {line}", markup=False)

    @eval_app.command("interview")
    def eval_interview_cmd(
        scenarios: Annotated[
            Path | None, typer.Option("--scenarios", help="Map met scenario's.")
        ] = None,
        out: Annotated[Path | None, typer.Option("--out", help="Rapport (Markdown).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Resultaat als JSON.")] = False,
    ) -> None:
        """Scenario-evaluatie van het interview en van extract."""
        from evals.interview import DEFAULT_OUT, DEFAULT_SCENARIOS, run_eval, to_markdown

        with eval_input_errors():
            report = run_eval(scenarios or DEFAULT_SCENARIOS)
        target = out or DEFAULT_OUT
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, to_markdown(report).encode("utf-8"))
        if as_json:
            print_json(report)
        else:
            console.print(to_markdown(report), markup=False)
            err_console.print(f"Geschreven: {target}", markup=False)
        if not report["passed"]:
            raise typer.Exit(1)
