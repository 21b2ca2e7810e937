from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from tests.conftest import shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    assert (path / "gemma").is_dir(), f"shared/gemma ontbreekt in {path}"
    return path


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The shipped corpus with the hash embedder; shared by a module's read-only tests."""
    base = KnowledgeBase.in_memory()
    base.ensure_ready()
    return base
