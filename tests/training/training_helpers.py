"""Helpers for training-mode tests: the flawed models and a fake embedder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.model import ProcessModel
from assistant.model_io import model_from_json

FLAWED = Path(__file__).parent / "flawed"
HELDOUT = Path(__file__).parent / "heldout"


class BagEmbedder:
    """A deterministic fake with the knowledge.embedders shape: hashed word bag."""

    dim = 64

    def _vec(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            vec[sum(map(ord, word)) % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def expected_models(folder: Path = FLAWED) -> list[tuple[str, str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(
        (folder / "expected.yaml").read_text(encoding="utf-8")
    )
    return [(case, stem, wrong) for case, files in data.items() for stem, wrong in files.items()]


def known_misses(case: str, stem: str) -> set[str]:
    """Concepts the checker still flags on a right held-out model (see known_misses.yaml)."""
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(
        (HELDOUT / "known_misses.yaml").read_text(encoding="utf-8")
    )
    return set(data.get(case, {}).get(stem, []))


def trainee_model(case: str, stem: str, folder: Path = FLAWED) -> ProcessModel:
    return model_from_json((folder / case / f"{stem}.json").read_text(encoding="utf-8"))


def dump(obj: Any) -> str:
    return yaml.safe_dump(obj, allow_unicode=True)
