"""A Chroma server shared by several replicas: a knowledge base deletes only the vectors
it wrote itself (chunks it replaced, vectors of its own interrupted ingestion), never
another replica's."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from knowledge.base import PENDING, KnowledgeBase
from knowledge.cache import SqliteCache
from knowledge.embedders import HashEmbedder
from knowledge.stores import ChromaStore, InMemoryStore, VectorStore

CHROMA_URL = os.environ.get("KLANTREIS_TEST_CHROMA_URL")
FOREIGN = ["replica-b-1", "replica-b-2"]


class SharedMemoryStore(InMemoryStore):
    """An in-memory store that says it is shared, like a Chroma server collection."""

    shared = True


def _replica(index_dir: Path, store: VectorStore) -> KnowledgeBase:
    embedder = HashEmbedder()
    return KnowledgeBase(
        index_dir=index_dir,
        embedder_factory=lambda: embedder,
        store_factory=lambda _e: store,
        cache_factory=lambda: SqliteCache(index_dir / "embeddings.sqlite"),
    )


def _page(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "pagina.txt").write_text(
        f"title: Testpagina\n\nEerste alinea. {text}\n\nTweede alinea over ligplaatsen.\n", "utf-8"
    )
    return folder


def _add_foreign(store: VectorStore) -> None:
    vectors = HashEmbedder().embed_documents(["vreemd een", "vreemd twee"])
    store.upsert(FOREIGN, vectors, [{"source": "andere-replica"}] * 2)


def _check_replicas_keep_foreign_vectors(tmp_path: Path, store: VectorStore) -> None:
    _add_foreign(store)
    folder = _page(tmp_path / "bron", "De gemeente verhuurt ligplaatsen voor luchtschepen.")
    kb = _replica(tmp_path / "a", store)
    kb.ingest([folder], progress=False)
    old_ids = set(kb._chunks) & store.ids()
    assert set(FOREIGN) <= store.ids()

    # a changed file replaces its chunks: the old vectors go, the foreign ones stay
    _page(folder, "De gemeente verhuurt nu ook ligplaatsen voor ballonnen.")
    kb2 = _replica(tmp_path / "a", store)
    kb2.ingest([folder], progress=False)
    have = store.ids()
    assert set(FOREIGN) <= have
    replaced = old_ids - set(kb2._chunks)
    assert replaced and not (replaced & have)
    assert {c for c, chunk in kb2._chunks.items() if chunk.dense} <= have

    # an orphan of our own interrupted ingestion (recorded before the write) is removed
    orphan = HashEmbedder().embed_documents(["weesje"])
    kb2._write_pending(["weesje"])
    store.upsert(["weesje"], orphan, [{"source": "x"}])
    kb3 = _replica(tmp_path / "a", store)
    kb3.ingest([folder], progress=False)  # nothing changed, but the check runs on load
    kb3.search("ligplaatsen", k=1)
    assert "weesje" not in store.ids() and set(FOREIGN) <= store.ids()
    assert not (tmp_path / "a" / PENDING).exists()

    # --rebuild drops our vectors, not the collection
    kb4 = _replica(tmp_path / "a", store)
    kb4.ingest([folder], rebuild=True, progress=False)
    assert set(FOREIGN) <= store.ids()


def test_shared_store_keeps_other_replicas_vectors(tmp_path: Path) -> None:
    _check_replicas_keep_foreign_vectors(tmp_path, SharedMemoryStore())


def test_private_store_still_drops_unknown_leftovers(tmp_path: Path) -> None:
    store = InMemoryStore()
    _add_foreign(store)  # in our own store, these can only be leftovers
    kb = _replica(tmp_path / "a", store)
    kb.ingest([_page(tmp_path / "bron", "Ligplaatsen.")], progress=False)
    assert not (set(FOREIGN) & store.ids())
    assert store.count() == sum(1 for c in kb._chunks.values() if c.dense)


def test_two_replicas_on_one_store_do_not_delete_each_other(tmp_path: Path) -> None:
    store = SharedMemoryStore()
    a = _replica(tmp_path / "a", store)
    a.ingest([_page(tmp_path / "bron-a", "Luchtschepen aan de mast.")], progress=False)
    b = _replica(tmp_path / "b", store)
    b.ingest([_page(tmp_path / "bron-b", "Onderzeeërs in de haven.")], progress=False)
    mine_a = {c for c, chunk in a._chunks.items() if chunk.dense}
    mine_b = {c for c, chunk in b._chunks.items() if chunk.dense}
    assert mine_a - mine_b and mine_b - mine_a
    assert (mine_a | mine_b) <= store.ids()
    # replica a restarts: its check must leave b's vectors alone
    _replica(tmp_path / "a", store).search("luchtschepen", k=1)
    assert (mine_a | mine_b) <= store.ids()


@pytest.mark.chromaserver
@pytest.mark.skipif(
    not CHROMA_URL, reason="KLANTREIS_TEST_CHROMA_URL niet gezet (CI start de server)"
)
def test_chroma_server_keeps_other_replicas_vectors(tmp_path: Path) -> None:
    assert CHROMA_URL is not None
    store = ChromaStore(f"test-{uuid.uuid4().hex[:12]}", url=CHROMA_URL)
    try:
        _check_replicas_keep_foreign_vectors(tmp_path, store)
    finally:
        store.reset()
