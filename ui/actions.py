"""What a click or a message does: each action takes the browser session's ``UiState`` and
returns a new one, calling the core (``assistant``/``knowledge``) for the real work.

Actions never touch Streamlit, so they run the same under AppTest, in a real browser and
in the benchmark. Every action is wrapped by ``guarded``: an error becomes a Dutch flash
message on the returned state and a line in the log, never a traceback on the page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Concatenate, ParamSpec

from assistant import editing
from assistant.config import Settings
from assistant.errors import InputError, KlantreisError
from assistant.model import ProcessModel, SourceRef
from assistant.model_io import model_from_json
from assistant.store import SessionStore, Snapshot
from assistant.training.tutor import PRACTICE_KIND, practice_case_of
from ui import bridge
from ui.i18n import t
from ui.state import ChatLine, UiState

log = logging.getLogger("klantreis.ui")
P = ParamSpec("P")

Action = Callable[Concatenate[UiState, P], UiState]


def guarded(action: Callable[Concatenate[UiState, P], UiState]) -> Action[P]:
    """Turn any failure of ``action`` into a Dutch message on the unchanged state."""

    @functools.wraps(action)
    def run(state: UiState, *args: P.args, **kwargs: P.kwargs) -> UiState:
        try:
            return action(state, *args, **kwargs)
        except KlantreisError as exc:
            return state.with_flash("error", str(exc))
        except Exception as exc:
            log.exception("actie %s mislukt", action.__name__)
            return state.with_flash(
                "error", t(state.lang, "error_unexpected", kind=type(exc).__name__)
            )

    return run


# --- plumbing -----------------------------------------------------------------------------


def store_of(state: UiState, settings: Settings) -> tuple[UiState, SessionStore]:
    if state.store is not None:
        return state, state.store
    store = SessionStore(settings.effective_database_url)
    return replace(state, store=store), store


def _require_session(state: UiState) -> tuple[SessionStore, str, ProcessModel]:
    if state.store is None or state.session_id is None or state.model is None:
        raise InputError("Open eerst een sessie.")
    return state.store, state.session_id, state.model


def _chat_from_store(store: SessionStore, session_id: str) -> tuple[ChatLine, ...]:
    return tuple(ChatLine(e.role, e.text, dict(e.meta)) for e in store.transcript(session_id))


def _with_snapshot(state: UiState, store: SessionStore, snap: Snapshot) -> UiState:
    info = store.info(snap.session_id)
    chat = _chat_from_store(store, snap.session_id)
    case = practice_case_of(info.kind)
    return replace(
        state,
        practice_case=case,
        practice_feedback=(),
        session_id=snap.session_id,
        session_name=info.name,
        version=snap.version,
        model=snap.model,
        interview=dict(snap.state),
        chat=chat,
        progress=bridge.progress(snap.model, snap.state, chat),
        confirm_delete=False,
        show_all_chat=False,
        explanation=(),
        explained_term="",
    )


def _start_interview(state: UiState, settings: Settings, knowledge: Any) -> UiState:
    """Ask the first question of a fresh session (when the interview is available)."""
    if state.chat or state.model is None or not bridge.interview_available():
        return state
    return _chat_turn(state, settings, knowledge, "")


# --- sessions -----------------------------------------------------------------------------


@guarded
def new_session(
    state: UiState, settings: Settings, knowledge: Any, name: str | None = None
) -> UiState:
    state, store = store_of(state, settings)
    model = ProcessModel()
    if settings.author:
        model = model.model_copy(
            update={"metadata": model.metadata.model_copy(update={"author": settings.author})}
        )
    info = store.create(name.strip() if name and name.strip() else None, model)
    state = _with_snapshot(state, store, store.load(info.id))
    return _start_interview(state, settings, knowledge)


@guarded
def open_session(state: UiState, settings: Settings, key: str) -> UiState:
    state, store = store_of(state, settings)
    return _with_snapshot(state, store, store.load(key))


def example_model() -> ProcessModel:
    """The street-festival case from the training module (GEMMA's own example)."""
    model = bridge.training_example()
    if model is None:
        raise InputError("Het voorbeeld ontbreekt: de oefenmodule is niet geïnstalleerd.")
    return model


@guarded
def open_example(state: UiState, settings: Settings) -> UiState:
    state, store = store_of(state, settings)
    model = example_model()
    info = store.create(
        f"Voorbeeld: {model.journey.name or 'straatfestival'}", model, note="voorbeeld"
    )
    store.append_transcript(
        info.id,
        "assistant",
        "Dit is het voorbeeld van het straatfestival uit GEMMA: variant 1 laat de klant de "
        "stukken verzamelen, variant 2 laat de gemeente dat doen. Bekijk de tabbladen, "
        "vergelijk de varianten of vraag 'leg uit: deelservice'.",
        {"type": "notice"},
    )
    return _with_snapshot(state, store, store.load(info.id))


@guarded
def rename_session(state: UiState, settings: Settings, new_name: str) -> UiState:
    state, store = store_of(state, settings)
    if state.session_id is None:
        raise InputError("Open eerst een sessie.")
    info = store.rename(state.session_id, new_name)
    return replace(state, session_name=info.name).with_flash("success", f"Hernoemd: {info.name}")


@guarded
def duplicate_as_variant(state: UiState, settings: Settings) -> UiState:
    """A copy of the whole session to try a different design without touching the original."""
    state, store = store_of(state, settings)
    if state.session_id is None:
        raise InputError("Open eerst een sessie.")
    info = store.duplicate(state.session_id, f"{state.session_name} (variant)")
    state = _with_snapshot(state, store, store.load(info.id))
    return state.with_flash("success", f"Gedupliceerd als '{info.name}'.")


def ask_delete(state: UiState) -> UiState:
    return replace(state, confirm_delete=True)


def cancel_delete(state: UiState) -> UiState:
    return replace(state, confirm_delete=False)


@guarded
def delete_session(state: UiState, settings: Settings) -> UiState:
    state, store = store_of(state, settings)
    if state.session_id is None:
        raise InputError("Open eerst een sessie.")
    name = state.session_name
    store.delete(state.session_id)
    fresh = UiState(lang=state.lang, projector=state.projector, store=store, memo={})
    return fresh.with_flash("success", f"Sessie '{name}' is verwijderd.")


@guarded
def import_model(state: UiState, settings: Settings, filename: str, data: bytes) -> UiState:
    state, store = store_of(state, settings)
    if len(data) > settings.max_import_bytes:
        raise InputError(
            f"Bestand {filename} is te groot ({len(data) / 1_048_576:.1f} MB); de grens is "
            f"{settings.max_import_bytes / 1_048_576:.1f} MB (instelling max_import_bytes)."
        )
    # Dutch message with the JSON path on a bad file; NaN/Infinity refused as in `import`
    model = model_from_json(data, finite_only=True)
    stem = filename.rsplit(".", 1)[0] if filename else "import"
    info = store.create(model.journey.name or stem, model, note=f"import {filename}")
    state = _with_snapshot(state, store, store.load(info.id))
    return state.with_flash("success", f"Geïmporteerd als sessie '{info.name}'.")


@guarded
def undo(state: UiState, settings: Settings) -> UiState:
    state, store = store_of(state, settings)
    if state.session_id is None:
        raise InputError("Open eerst een sessie.")
    snap = store.undo(state.session_id)
    return _with_snapshot(state, store, snap).with_flash(
        "info", f"Ongedaan gemaakt; terug naar versie {snap.version}."
    )


# --- editing the model --------------------------------------------------------------------


def _save(
    state: UiState,
    model: ProcessModel,
    interview: dict[str, Any],
    note: str,
    transcript: Sequence[tuple[str, str, dict[str, Any]]] = (),
) -> UiState:
    store, session_id, _ = _require_session(state)
    model = model.touched()
    version = store.save(session_id, model, interview, note=note, transcript=list(transcript))
    chat = (*state.chat, *(ChatLine(r, txt, dict(m)) for r, txt, m in transcript))
    return replace(
        state,
        version=version,
        model=model,
        interview=interview,
        chat=chat,
        progress=bridge.progress(model, interview, chat),
    )


def _deps(state: UiState, settings: Settings, knowledge: Any) -> Any:
    deps = state.memo.get("interview_deps")
    key = (id(knowledge), state.practice_case)
    if deps is None or state.memo.get("interview_deps_for") != key:
        # one Deps per browser session keeps its per-slot source cache between turns
        deps = bridge.make_deps(settings, knowledge, state.practice_case)
        state.memo["interview_deps"] = deps
        state.memo["interview_deps_for"] = key
    return deps


@guarded
def apply_edit(
    state: UiState, edit: editing.Edit, settings: Settings | None = None, knowledge: Any = None
) -> UiState:
    _, _, model = _require_session(state)
    result = editing.apply_edit(
        model, state.interview, edit, mark_answered=bridge.mark_answered_function()
    )
    if not result.changed:
        return state
    transcript: list[tuple[str, str, dict[str, Any]]] = []
    open_slot = state.interview.get("current")
    interview_state = result.state
    if result.slots:
        transcript.append(
            ("system", f"handmatig ingevuld: {', '.join(result.slots)}", {"type": "edit"})
        )
    if (
        settings is not None
        and open_slot
        and open_slot in result.slots
        and bridge.interview_available()
    ):
        # the open question was just answered in a table or form: ask the next one now,
        # so the conversation and the model never disagree
        outcome = bridge.run_turn(
            interview_state, result.model, "", _deps(state, settings, knowledge)
        )
        interview_state = outcome.state
        transcript.extend(outcome.lines)
    new_state = _save(state, result.model, interview_state, result.note, transcript)
    return new_state.with_flash("success", t(state.lang, "saved", version=new_state.version))


@guarded
def apply_finding_as_variant(state: UiState, finding_id: str, knowledge: Any = None) -> UiState:
    _, _, model = _require_session(state)
    new_model = bridge.apply_finding(model, finding_id, knowledge)
    new_state = _save(
        state, new_model, state.interview, f"advies toegepast als variant: {finding_id}"
    )
    return new_state.with_flash(
        "success", f"Nieuwe variant '{new_model.active.name}' gemaakt en actief gezet."
    )


@guarded
def derive_variant(state: UiState, name: str = "") -> UiState:
    _, _, model = _require_session(state)
    new_model = bridge.derive_variant(model, name.strip() or None)
    new_state = _save(
        state, new_model, state.interview, f"variant afgeleid: {new_model.active.name}"
    )
    return new_state.with_flash("success", f"Variant '{new_model.active.name}' gemaakt.")


# --- conversation -------------------------------------------------------------------------


def _chat_turn(
    state: UiState,
    settings: Settings,
    knowledge: Any,
    message: str,
    on_token: Callable[[str], None] | None = None,
) -> UiState:
    """One interview turn: the core returns the new model, state and events; we save them.

    ``on_token`` gets an LLM's rephrased question while it streams in."""
    store, session_id, model = _require_session(state)
    message = message or ""
    if len(message) > settings.max_message_chars:
        raise InputError(
            f"Het bericht is te lang ({len(message)} tekens); de grens is "
            f"{settings.max_message_chars} (instelling max_message_chars)."
        )
    if not bridge.interview_available():
        raise InputError(t(state.lang, "interview_missing"))
    deps = _deps(state, settings, knowledge)
    deps.on_token = on_token
    try:
        outcome = bridge.run_turn(state.interview, model, message, deps)
    finally:
        deps.on_token = None  # the placeholder belongs to this rerun only
    transcript: list[tuple[str, str, dict[str, Any]]] = []
    if message:
        transcript.append(("user", message, {}))
    transcript.extend(outcome.lines)
    new_model = outcome.model if outcome.model is not None else model
    changed = new_model.model_dump() != model.model_dump()
    if changed:
        new_model = new_model.touched()
    note = (f"gesprek: {message[:60]}" if message else "gesprek") + (
        "" if changed else " (model ongewijzigd)"
    )
    # model, interview state and transcript in one committed transaction
    version = store.save(session_id, new_model, outcome.state, note=note, transcript=transcript)
    chat = (*state.chat, *(ChatLine(r, txt, dict(m)) for r, txt, m in transcript))
    return replace(
        state,
        version=version,
        model=new_model,
        interview=outcome.state,
        chat=chat,
        progress=bridge.progress(new_model, outcome.state, chat),
    )


chat_turn = guarded(_chat_turn)


def queue_message(state: UiState, message: str) -> UiState:
    """Keep a message to handle while the page renders (LLM mode: the reply streams)."""
    return replace(state, pending_message=message or "")


def take_pending(
    state: UiState, settings: Settings, knowledge: Any, on_token: Callable[[str], None]
) -> UiState:
    """Handle the waiting message, streaming the next question into ``on_token``."""
    message = state.pending_message
    state = replace(state, pending_message=None)
    if message is None:
        return state
    return chat_turn(state, settings, knowledge, message, on_token)


@guarded
def explain(state: UiState, knowledge: Any, term: str) -> UiState:
    """'Leg uit': passages about a GEMMA term from the knowledge base."""
    term = term.strip()
    if not term:
        return replace(state, explanation=(), explained_term="")
    if knowledge is None:
        raise InputError(t(state.lang, "explain_missing"))
    passages = bridge.explain(knowledge, term)
    if not passages:
        return replace(state, explanation=(), explained_term=term).with_flash(
            "info", t(state.lang, "explain_none", term=term)
        )
    return replace(state, explanation=tuple(passages), explained_term=term)


# --- preferences --------------------------------------------------------------------------


def set_lang(state: UiState, lang: str) -> UiState:
    return replace(state, lang="en" if lang == "en" else "nl")


def set_projector(state: UiState, on: bool) -> UiState:
    return replace(state, projector=bool(on))


def set_practice(state: UiState, on: bool) -> UiState:
    return replace(state, practice=bool(on))


def show_all_chat(state: UiState) -> UiState:
    return replace(state, show_all_chat=True)


def clear_flashes(state: UiState) -> UiState:
    return replace(state, flashes=()) if state.flashes else state


def sources_used(state: UiState, findings: Sequence[Any] = ()) -> list[SourceRef]:
    """Every GEMMA passage used: cited in the model, in advice and in the conversation."""
    seen: set[tuple[str, str, str]] = set()
    out: list[SourceRef] = []
    refs: list[SourceRef] = []
    if state.model is not None:
        refs.extend(state.model.sources)
        for finding in [*state.model.findings, *findings]:
            refs.extend(finding.sources)
    for line in state.chat:
        for raw in line.meta.get("sources", []) or []:
            ref = bridge.source_ref(raw)
            if ref is not None:
                refs.append(ref)
    for ref in refs:
        key = (ref.title, ref.section, ref.url)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


@guarded
def start_practice(state: UiState, settings: Settings, knowledge: Any, case_id: str) -> UiState:
    """A fresh session for a practice case: the trainee models it from the case text."""
    state, store = store_of(state, settings)
    titles = {c["id"]: c["title"] for c in bridge.practice_cases(settings)}
    if case_id not in titles:
        raise InputError(f"Oefencasus '{case_id}' bestaat niet.")
    # the case id lives in the session's kind, so reopening the session resumes the case
    info = store.create(
        f"Oefening: {titles[case_id]}", ProcessModel(), kind=f"{PRACTICE_KIND}{case_id}"
    )
    state = _with_snapshot(state, store, store.load(info.id))
    return _start_interview(replace(state, practice=True), settings, knowledge)


@guarded
def check_practice(state: UiState, settings: Settings, knowledge: Any) -> UiState:
    _, _, model = _require_session(state)
    if state.practice_case is None:
        raise InputError("Start eerst een oefencasus.")
    feedback = bridge.practice_feedback(settings, state.practice_case, model, knowledge)
    return replace(state, practice_feedback=tuple(feedback))
