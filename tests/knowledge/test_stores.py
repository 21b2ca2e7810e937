"""One contract suite for every VectorStore: in-memory, embedded Chroma, and a Chroma
server when KLANTREIS_TEST_CHROMA_URL is set (CI starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge.stores import ChromaStore, InMemoryStore, VectorStore

CHROMA_URL = os.environ.get("KLANTREIS_TEST_CHROMA_URL")


@pytest.fixture(
    params=[
        "memory",
        "chroma-embedded",
        pytest.param(
            "chroma-server",
            marks=[
                pytest.mark.chromaserver,
                pytest.mark.skipif(
                    not CHROMA_URL,
                    reason="KLANTREIS_TEST_CHROMA_URL niet gezet (CI start de server)",
                ),
            ],
        ),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    name = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "memory":
        yield InMemoryStore()
    elif request.param == "chroma-embedded":
        yield ChromaStore(name, path=tmp_path / "chroma")
    else:
        s = ChromaStore(name, url=CHROMA_URL)
        yield s
        s.reset()


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


VECS = np.stack([_unit(1, 0, 0, 0), _unit(0, 1, 0, 0), _unit(1, 1, 0, 0), _unit(0, 0, 0, 1)])
IDS = ["a", "b", "ab", "d"]
META = [{"source": "s"}, {"source": "s"}, {"source": "t"}, {}]


def test_query_returns_nearest_first_with_cosine(store: VectorStore) -> None:
    store.upsert(IDS, VECS, META)
    hits = store.query(_unit(1, 0.1, 0, 0), 3)
    assert [h[0] for h in hits] == ["a", "ab", "b"]
    assert hits[0][1] == pytest.approx(float(_unit(1, 0.1, 0, 0) @ VECS[0]), abs=1e-3)
    assert hits[0][1] >= hits[1][1] >= hits[2][1]


def test_count_ids_and_k_larger_than_store(store: VectorStore) -> None:
    assert store.count() == 0 and store.query(_unit(1, 0, 0, 0), 5) == []
    store.upsert(IDS, VECS, META)
    assert store.count() == 4 and store.ids() == set(IDS)
    assert len(store.query(_unit(0, 0, 1, 0), 10)) == 4


def test_upsert_replaces_existing_vector(store: VectorStore) -> None:
    store.upsert(IDS, VECS, META)
    store.upsert(["d"], _unit(1, 0, 0, 0)[None, :], [{"source": "u"}])
    assert store.count() == 4
    top = store.query(_unit(1, 0, 0, 0), 2)
    assert {h[0] for h in top} == {"a", "d"}


def test_delete_and_reset(store: VectorStore) -> None:
    store.upsert(IDS, VECS, META)
    store.delete(["a", "nope"])
    assert store.ids() == {"b", "ab", "d"}
    assert "a" not in [h[0] for h in store.query(_unit(1, 0, 0, 0), 4)]
    store.reset()
    assert store.count() == 0


def test_mismatched_input_fails_fast(store: VectorStore) -> None:
    with pytest.raises(ValueError, match="passen niet"):
        store.upsert(["a", "b"], VECS[:1], META[:2])
    with pytest.raises(ValueError, match="dubbele"):
        store.upsert(["a", "a"], VECS[:2], META[:2])


def test_embedded_chroma_persists_across_clients(tmp_path: Path) -> None:
    first = ChromaStore("persist", path=tmp_path / "c")
    first.upsert(IDS, VECS, META)
    second = ChromaStore("persist", path=tmp_path / "c")
    assert second.ids() == set(IDS)


def test_bad_chroma_arguments_fail_fast(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="precies één"):
        ChromaStore("x")
    with pytest.raises(ValueError, match="ftp://host"):
        ChromaStore("x", url="ftp://host")
