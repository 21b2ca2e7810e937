"""AppTest helpers: a fresh app per test, clean shared caches, and the served downloads."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@pytest.fixture(scope="session")
def _built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped GEMMA corpus indexed once (hash embedder), copied into each test."""
    from knowledge.base import KnowledgeBase

    index = tmp_path_factory.mktemp("gemma") / "index"
    KnowledgeBase.open(index, embedding_backend="hash").ensure_ready()
    return index


@pytest.fixture(autouse=True)
def _fresh_resources(request: pytest.FixtureRequest) -> Iterator[None]:
    # st.cache_resource is process-wide; each test has its own data dir (tests/conftest.py)
    st.cache_resource.clear()
    if "fresh_index" not in request.fixturenames:
        built: Path = request.getfixturevalue("_built_index")
        shutil.copytree(built, Path(os.environ["KLANTREIS_DATA_DIR"]) / "index")
    yield
    st.cache_resource.clear()


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def new_app() -> Any:
    """A factory for extra browser sessions (each AppTest has its own session state)."""

    def make() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        return at

    return make


@pytest.fixture
def served_files(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Bytes behind each download button, by media file id (a spy on the media store)."""
    served: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self: MemoryMediaFileStorage, path_or_data: Any, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, path_or_data, *args, **kwargs)
        if isinstance(path_or_data, bytes):
            served[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return served


@pytest.fixture
def fresh_index() -> None:
    """Request this to start without a built index (the app must build it)."""
