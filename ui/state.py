"""The one typed state object of a browser session.

Streamlit keeps ``st.session_state`` per browser session; we keep exactly one object in
it, ``UiState``, and replace it with what an action returns instead of mutating fields
from many places. Everything durable lives in the session store: ``UiState`` only
remembers which session is open and a copy of its head, so closing the browser or
restarting the server loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.model import ProcessModel
from assistant.store import SessionStore
from ui.i18n import Lang

STATE_KEY = "klantreis_ui_state"

FlashKind = Literal["error", "warning", "info", "success"]


@dataclass(frozen=True)
class Flash:
    """A message for the next render (an error in Dutch, a saved version …)."""

    kind: FlashKind
    text: str


@dataclass(frozen=True)
class ChatLine:
    """One line of the conversation; ``meta`` holds the event (why, sources, progress)."""

    role: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UiState:
    session_id: str | None = None
    session_name: str = ""
    version: int = 0
    model: ProcessModel | None = None
    interview: dict[str, Any] = field(default_factory=dict)
    chat: tuple[ChatLine, ...] = ()
    progress: float = 0.0
    lang: Lang = "nl"
    projector: bool = False
    practice: bool = False
    practice_case: str | None = None
    practice_feedback: tuple[dict[str, Any], ...] = ()
    confirm_delete: bool = False
    show_all_chat: bool = False
    explanation: tuple[dict[str, Any], ...] = ()
    explained_term: str = ""
    flashes: tuple[Flash, ...] = ()
    # with an LLM a message is handled while the page renders, so the next question can
    # stream into the chat; this is the message waiting for that
    pending_message: str | None = None
    # Per-session memo of rendered views (exports, blueprint, advice) keyed by session and
    # version, so a rerun after a chat turn does not redo work for an unchanged model.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # One store (connection pool) per browser session: no per-user data in shared caches.
    store: SessionStore | None = field(default=None, compare=False, repr=False)

    def with_flash(self, kind: FlashKind, text: str) -> UiState:
        return replace(self, flashes=(*self.flashes, Flash(kind, text)))

    def memo_key(self, what: str) -> str:
        return f"{self.session_id}:{self.version}:{what}"
