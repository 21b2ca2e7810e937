"""Vector stores behind one small protocol: an in-memory one (tests, ``in_memory()``)
and Chroma (embedded ``PersistentClient`` or a server via ``HttpClient``).

Chroma gets our own vectors only: its default embedding function would download a
model, so we never let it embed anything.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlparse

import numpy as np


@runtime_checkable
class VectorStore(Protocol):
    def upsert(
        self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str]]
    ) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` nearest ids with cosine similarity, best first."""
        ...

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def reset(self) -> None: ...


def _check(ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != len(ids) or len(metadatas) != len(ids):
        raise ValueError(
            f"ids ({len(ids)}), vectoren {matrix.shape} en metadata ({len(metadatas)}) passen niet"
        )
    if len(set(ids)) != len(ids):
        raise ValueError("dubbele ids in één upsert")
    return matrix


# ``InMemoryStore(ann_threshold=ANN_THRESHOLD)`` answers from an HNSW graph (faiss) above
# this many vectors instead of scanning every vector: at 650,000 vectors the exact scan
# reads 1 GB per query (~50 ms), the graph visits a few thousand. Opt-in, not the default:
# on real GEMMA vectors the graph returns ~0.96 of the exact top 50, on the bench's
# synthetic 100x set (noisy near-copies) only ~0.3 (evals/results/bench.md).
ANN_THRESHOLD = 20_000
ANN_M = 16  # graph degree, as Chroma's HNSW default
# faiss's default; 100 doubled the build time for ~1% more recall at 10x (measured)
ANN_EF_CONSTRUCTION = 40
# (Chroma's collections search with 512 since stop 17, EF_SEARCH below; this opt-in store
# for 10x corpora keeps the 256 its bench figures were measured with)
ANN_EF_SEARCH = 256


def ann_available() -> bool:
    return importlib.util.find_spec("faiss") is not None


class InMemoryStore:
    """Cosine search over a numpy matrix, exact by default; with ``ann_threshold`` set, an
    HNSW graph (faiss, when installed: the ``test`` extra) finds the candidates once the
    store holds that many vectors.

    Scores are exact inner products of the stored unit vectors either way; with the graph
    the set of hits is approximate (the bench reports its recall against the exact scan).
    The graph is built at the first query after bulk loading; appends extend it, a
    replaced or deleted vector drops it (rebuilt at the next query). Without faiss every
    query is exact.
    """

    def __init__(self, *, ann_threshold: int | None = None) -> None:
        if ann_threshold is not None and ann_threshold < 1:
            raise ValueError(f"ann_threshold moet minstens 1 zijn, niet {ann_threshold}")
        self.ann_threshold = ann_threshold
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._meta: dict[str, dict[str, str]] = {}
        self._graph: Any = None  # faiss index over rows 0..graph.ntotal-1, or None

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str]]) -> None:
        matrix = _check(ids, vectors, metadatas)
        if not ids:
            return
        matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        if self._matrix.size == 0:
            self._matrix = np.zeros((0, matrix.shape[1]), dtype=np.float32)
        if matrix.shape[1] != self._matrix.shape[1]:
            raise ValueError(
                f"dimensie {matrix.shape[1]} past niet bij de store ({self._matrix.shape[1]})"
            )
        new_rows: list[int] = []
        for i, cid in enumerate(ids):
            self._meta[cid] = dict(metadatas[i])
            if cid in self._pos:
                self._matrix[self._pos[cid]] = matrix[i]
                self._graph = None  # a graph cannot move a node
            else:
                self._pos[cid] = len(self._ids) + len(new_rows)
                new_rows.append(i)
        if new_rows:
            self._ids.extend(ids[i] for i in new_rows)
            self._matrix = np.vstack([self._matrix, matrix[new_rows]])

    def delete(self, ids: list[str]) -> None:
        gone = {i for i in ids if i in self._pos}
        if not gone:
            return
        self._graph = None  # row numbers shift
        keep = [n for n, cid in enumerate(self._ids) if cid not in gone]
        self._ids = [self._ids[n] for n in keep]
        self._matrix = self._matrix[keep]
        self._pos = {cid: n for n, cid in enumerate(self._ids)}
        for cid in gone:
            self._meta.pop(cid, None)

    def uses_ann(self) -> bool:
        return (
            self.ann_threshold is not None
            and len(self._ids) >= self.ann_threshold
            and ann_available()
        )

    def build_index(self) -> None:
        """Bring the graph up to date now (else the next query does it)."""
        if not self.uses_ann():
            return
        import faiss

        from knowledge.embedders import available_cores

        if self._graph is None:
            self._graph = faiss.IndexHNSWFlat(
                self._matrix.shape[1], ANN_M, faiss.METRIC_INNER_PRODUCT
            )
            self._graph.hnsw.efConstruction = ANN_EF_CONSTRUCTION
        if self._graph.ntotal < len(self._ids):
            faiss.omp_set_num_threads(available_cores())  # building is parallel
            self._graph.add(self._matrix[self._graph.ntotal :])

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        if k <= 0 or not self._ids:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        k = min(k, len(self._ids))
        if self.uses_ann():
            import faiss

            self.build_index()
            # one query: one thread (a second one only waits for the first on 2 cores)
            faiss.omp_set_num_threads(1)
            self._graph.hnsw.efSearch = max(ANN_EF_SEARCH, k)
            scores, rows = self._graph.search(q[None, :], k)
            return [
                (self._ids[int(r)], float(s))
                for r, s in zip(rows[0], scores[0], strict=True)
                if r >= 0
            ]
        # einsum, not BLAS's gemv: on this 2-core machine BLAS spent 7 ms CPU on 5,550 rows
        # (thread hand-offs) where einsum's single-threaded loop spends 0.4 ms, and half
        # the CPU at 650,000 rows
        scores = np.einsum("ij,j->i", self._matrix, q)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self._ids[i], float(scores[i])) for i in top]

    def ids(self) -> set[str]:
        return set(self._ids)

    def count(self) -> int:
        return len(self._ids)

    def reset(self) -> None:
        self.__init__(ann_threshold=self.ann_threshold)  # type: ignore[misc]


# Over the 258 eval questions' query vectors (6,521 vectors), Chroma's HNSW returned 98.9 %
# of the exact top 50 at ef_search 256 and 99.6 % at 512 (1024: 99.7 %), for 0.5 ms more
# per query; the misses at 256 moved a held-out question by a rank between two builds.
EF_SEARCH = 512


def collection_name(embedder_name: str) -> str:
    """One collection per embedding model, so switching models never mixes vectors."""
    safe = re.sub(r"[^a-zA-Z0-9_-]+", "-", embedder_name).strip("-")
    return f"gemma-{safe}"[:60]


class ChromaStore:
    """Chroma collection with cosine distance. ``path`` = embedded; ``url`` = server."""

    def __init__(
        self, collection: str, *, path: Path | None = None, url: str | None = None
    ) -> None:
        if (path is None) == (url is None):
            raise ValueError("geef precies één van path of url op voor ChromaStore")
        if url is not None:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ValueError(f"ongeldige Chroma-URL: {url!r}")
        self.collection_name = collection
        self.path = path
        self.url = url
        self._client: Any = None
        self._col: Any = None

    def _collection(self) -> Any:
        if self._col is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if self.url is not None:
                parsed = urlparse(self.url)
                self._client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=settings,
                )
            else:
                assert self.path is not None
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.path), settings=settings)
            # ef_search 512 instead of Chroma's 100: with ~8,000 vectors the default
            # missed a quarter of the exact top 20 for some queries; the cost is ~1 ms.
            self._col = self._client.get_or_create_collection(
                self.collection_name,
                embedding_function=None,
                configuration={
                    "hnsw": {"space": "cosine", "ef_search": EF_SEARCH, "ef_construction": 200}
                },
            )
            hnsw = (getattr(self._col, "configuration", None) or {}).get("hnsw") or {}
            if int(hnsw.get("ef_search") or 0) < EF_SEARCH:
                with contextlib.suppress(Exception):  # a collection made by an older version
                    self._col.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
        return self._col

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, str]]) -> None:
        matrix = _check(ids, vectors, metadatas)
        col = self._collection()
        step = 1000  # below Chroma's max batch size
        for start in range(0, len(ids), step):
            col.upsert(
                ids=ids[start : start + step],
                embeddings=matrix[start : start + step].tolist(),
                metadatas=[dict(m) or {"_": ""} for m in metadatas[start : start + step]],
            )

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        col = self._collection()
        for start in range(0, len(ids), 1000):
            col.delete(ids=ids[start : start + 1000])

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        col = self._collection()
        n = col.count()
        if k <= 0 or n == 0:
            return []
        res = col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32).reshape(-1).tolist()],
            n_results=min(k, n),
            include=["distances"],
        )
        return [
            (cid, 1.0 - float(dist))
            for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    def ids(self) -> set[str]:
        col = self._collection()
        out: set[str] = set()
        offset, step = 0, 5000
        while True:
            got = col.get(include=[], limit=step, offset=offset)["ids"]
            out.update(got)
            if len(got) < step:
                return out
            offset += step

    def count(self) -> int:
        return int(self._collection().count())

    def reset(self) -> None:
        col = self._collection()
        self._client.delete_collection(col.name)
        self._col = None
