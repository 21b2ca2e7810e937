"""Shared fixtures. Tests are offline: pytest-socket (configured in pyproject.toml) lets
only loopback connections through, so a test that reaches the internet fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MODELS_DIR = REPO / "evals" / "datasets" / "models"


def shared_dir() -> Path:
    """The read-only GEMMA material beside the repository (``../shared``)."""
    return Path(os.environ.get("KLANTREIS_SHARED_DIR", REPO.parent / "shared")).resolve()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data dir, the fast hash embedder and fresh caches."""
    monkeypatch.setenv("KLANTREIS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KLANTREIS_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("KLANTREIS_CONFIG", str(tmp_path / "no-such-klantreis.toml"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    for name in ("KLANTREIS_DATABASE_URL", "KLANTREIS_LLM_PROVIDER", "KLANTREIS_CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
    from assistant.cli import common

    common.get_settings.cache_clear()
    common.get_store.cache_clear()
    yield
    common.get_settings.cache_clear()
    common.get_store.cache_clear()


@pytest.fixture
def example_model_paths() -> list[Path]:
    paths = sorted(MODELS_DIR.glob("*.json"))
    assert paths, "evals/datasets/models holds the example models"
    return paths
