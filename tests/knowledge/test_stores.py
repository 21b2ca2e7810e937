"""One contract suite for every VectorStore: in-memory, embedded Chroma, and a Chroma
server when KLANTREIS_TEST_CHROMA_URL is set (CI starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from knowledge.stores import ChromaStore, InMemoryStore, VectorStore, ann_available

CHROMA_URL = os.environ.get("KLANTREIS_TEST_CHROMA_URL")


@pytest.fixture(
    params=[
        "memory",
        "memory-ann",
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
    elif request.param == "memory-ann":  # the HNSW path from the first vector on
        assert ann_available(), "faiss-cpu is in the test extra"
        yield InMemoryStore(ann_threshold=1)
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


def test_a_collection_made_with_a_smaller_ef_search_is_raised(tmp_path: Path) -> None:
    import chromadb
    from chromadb.config import Settings

    from knowledge.base import _forget_chroma_client
    from knowledge.stores import EF_SEARCH

    # a collection from an older version, searched with a smaller ef_search
    client = chromadb.PersistentClient(
        path=str(tmp_path / "c"), settings=Settings(anonymized_telemetry=False)
    )
    client.create_collection(
        "older",
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine", "ef_search": 100}},
    )
    del client
    _forget_chroma_client(tmp_path / "c")
    store = ChromaStore("older", path=tmp_path / "c")
    store.upsert(IDS, VECS, META)
    hnsw = (store._collection().configuration or {}).get("hnsw") or {}
    assert int(hnsw.get("ef_search") or 0) == EF_SEARCH >= 512
    assert store.query(VECS[0], 1)[0][0] == IDS[0]


def test_bad_chroma_arguments_fail_fast(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="precies één"):
        ChromaStore("x")
    with pytest.raises(ValueError, match="ftp://host"):
        ChromaStore("x", url="ftp://host")


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 50, dim))
    rows = centres[rng.integers(0, len(centres), n)] + 0.5 * rng.normal(size=(n, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_in_memory_ann_finds_what_the_exact_scan_finds() -> None:
    assert ann_available()
    vectors = _clustered(3000, 64, seed=1)
    ids = [f"v{i}" for i in range(len(vectors))]
    exact, ann = InMemoryStore(ann_threshold=None), InMemoryStore(ann_threshold=1000)
    for store in (exact, ann):
        store.upsert(ids, vectors, [{}] * len(ids))
    assert ann.uses_ann() and not exact.uses_ann()
    noisy = vectors[:: len(vectors) // 40] + 0.3 * np.random.default_rng(2).normal(size=(40, 64))
    queries = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    recall = []
    for q in queries:
        want = exact.query(q, 10)
        got = ann.query(q, 10)
        assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
        recall.append(len({i for i, _ in want} & {i for i, _ in got}) / 10)
        # scores are the exact cosines of the stored vectors
        for cid, score in got:
            assert score == pytest.approx(float(vectors[int(cid[1:])] @ q), abs=1e-5)
    assert float(np.mean(recall)) >= 0.95


def test_in_memory_ann_follows_appends_replacements_and_deletes() -> None:
    vectors = _clustered(1200, 32, seed=3)
    store = InMemoryStore(ann_threshold=1000)
    store.upsert([f"v{i}" for i in range(1200)], vectors, [{}] * 1200)
    assert store.query(vectors[7], 1)[0][0] == "v7"  # builds the graph
    extra = _clustered(60, 32, seed=4)
    store.upsert([f"x{i}" for i in range(60)], extra, [{}] * 60)  # appended to the graph
    assert store.query(extra[5], 1)[0][0] == "x5"
    store.upsert(["v7"], extra[9][None, :], [{}])  # replaced: v7 now sits where x9 is
    assert {cid for cid, _ in store.query(extra[9], 2)} == {"x9", "v7"}
    store.delete(["x9", "v7"])
    assert {"x9", "v7"}.isdisjoint(cid for cid, _ in store.query(extra[9], 20))
    assert store.count() == 1258
    with pytest.raises(ValueError, match="0"):
        InMemoryStore(ann_threshold=0)
