"""The only place that reads and writes ``st.session_state``: one ``UiState`` per browser
session, replaced (never mutated field by field) with what an action returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.state import STATE_KEY, UiState


def get_state() -> UiState:
    state = st.session_state.get(STATE_KEY)
    if not isinstance(state, UiState):
        state = UiState(memo={})
        st.session_state[STATE_KEY] = state
    return state


def put_state(state: UiState) -> None:
    st.session_state[STATE_KEY] = state


def dispatch(action: Callable[..., UiState], *args: Any, **kwargs: Any) -> None:
    """Run an action on this browser session's state and keep what it returns.

    Used directly and as a widget callback (``on_click=dispatch, args=(action, ...)``).
    """
    put_state(action(get_state(), *args, **kwargs))


def widget_value(key: str, default: Any = None) -> Any:
    """The value of a widget, for callbacks that read what the user typed."""
    return st.session_state.get(key, default)
