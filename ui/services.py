"""Process-wide resources of the workspace: settings, the knowledge base, logging.

Only these are shared between browser sessions (``st.cache_resource``): the settings and
the knowledge base, which holds the index client and the embedding model. None of them
holds per-user data. Everything per user lives in ``ui.state.UiState``.
"""

from __future__ import annotations

import logging
import threading
from importlib.util import find_spec
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.config import Settings, load_settings

log = logging.getLogger("klantreis.ui")
_index_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    settings = load_settings()
    _configure_logging(settings.data_dir / "logs")
    return settings


def _configure_logging(log_dir: Path) -> None:
    """Errors from the workspace go to <data dir>/logs/ui.log, never to the page."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "ui.log"
        if not any(
            isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path.resolve()
            for h in log.handlers
        ):
            handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            log.addHandler(handler)
        log.setLevel(logging.INFO)
    except OSError:
        pass  # an unwritable data dir shows up elsewhere; logging must not break the page


@st.cache_resource(show_spinner=False)
def get_knowledge(
    data_dir: str,
    backend: str,
    model: str | None,
    chroma_url: str | None,
    thesaurus_file: str | None = None,
) -> Any:
    """The knowledge base (index client + embedding model), opened once per process.

    Returns None when the knowledge package is not installed in this build; the
    arguments are the cache key, so a different configuration opens a different base.
    """
    try:
        from knowledge.base import KnowledgeBase
    except ImportError:
        return None
    return KnowledgeBase.open(
        Path(data_dir) / "index",
        embedding_backend=backend,
        embedding_model=model,
        chroma_url=chroma_url,
        thesaurus_file=Path(thesaurus_file) if thesaurus_file else None,
    )


def knowledge_for(settings: Settings) -> Any:
    return get_knowledge(
        str(settings.data_dir),
        settings.embedding_backend,
        settings.embedding_model,
        settings.chroma_url,
        str(settings.thesaurus_file) if settings.thesaurus_file else None,
    )


_ready: set[int] = set()


def ensure_index(kb: Any) -> None:
    """Build the shipped corpus into the index the first time; a no-op afterwards.

    One browser session builds while the others wait on the lock, so the index is never
    built twice at once.
    """
    if kb is None or id(kb) in _ready:
        return
    with _index_lock:
        if id(kb) in _ready:
            return
        kb.ensure_ready()
        _ready.add(id(kb))


def index_missing(settings: Settings) -> bool:
    """True when the knowledge base is installed but its index has not been built yet."""
    if find_spec("knowledge.base") is None:
        return False
    return not (settings.index_dir / "manifest.json").exists()


def build_index_in_background(kb: Any) -> threading.Thread:
    """Start building the index; the page polls the thread to move its progress bar."""

    def work() -> None:
        try:
            ensure_index(kb)
        except Exception:
            log.exception("index bouwen mislukt")

    thread = threading.Thread(target=work, name="klantreis-index", daemon=True)
    thread.start()
    return thread
