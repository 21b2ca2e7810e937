"""Reference structure and reference linking."""

from __future__ import annotations

import pytest

from knowledge import reference
from knowledge.base import KnowledgeBase

TERRAS = "Behandelen aanvraag vergunning of ontheffing"


def test_processenlandschap_tree() -> None:
    element = reference.by_name(TERRAS)
    assert element is not None and element.kind == "bedrijfsproces"
    assert element.path == (
        "Uitvoerende (primaire) processen > Uitvoeren > Verstrekken producten en diensten > "
        + TERRAS
    )
    roots = {e.name for e in reference.processes() if e.parent_id is None}
    assert roots == {
        "Sturende processen",
        "Uitvoerende (primaire) processen",
        "Ondersteunende processen",
    }
    counts = {
        k: len(reference.of_kind(k)) for k in ("bedrijfsproces", "cluster", "bedrijfsfunctie")
    }
    assert counts == {"bedrijfsproces": 44, "cluster": 35, "bedrijfsfunctie": 304}


def test_supporting_cluster_has_its_bedrijfsfunctie_from_the_model() -> None:
    archive = reference.by_name("Beheren archief en informatie")
    assert archive is not None and archive.kind == "cluster"
    func = archive.bedrijfsfunctie()
    assert func is not None and func.name == "Informatie- en archiefbeheer"


def test_lookup_by_id_and_name_ignores_case_and_accents() -> None:
    e = reference.by_name("beheren financien")
    assert e is not None and reference.by_id(e.id) is e
    assert reference.by_name("bestaat niet") is None


def test_bouwstenen_include_the_klant_tot_klant_deelservices() -> None:
    names = {e.name for e in reference.procesbouwstenen()}
    assert {"Bevestiging ontvangst", "Deelservice Intake", "Deelservice levering"} <= names


def test_reference_chunks_are_our_words_with_gemma_url() -> None:
    chunk = reference.by_name(TERRAS).to_chunk()  # type: ignore[union-attr]
    assert chunk.url.startswith("https://www.gemmaonline.nl/index.php/GEMMA/id-")
    assert "terrasvergunning" in chunk.text and chunk.element_id == reference.by_name(TERRAS).id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we behandelen aanvragen voor een terrasvergunning", TERRAS),
        ("aanvraag evenementenvergunning voor een straatfestival", TERRAS),
        (
            "uitgifte van paspoorten en identiteitskaarten aan de balie",
            "Behandelen aanvraag product",
        ),
        ("aanslag afvalstoffenheffing opleggen", "Heffen en innen"),
        ("klachten over de bejegening door medewerkers", "Behandelen klacht"),
        ("bezwaarschriften tegen besluiten", "Behandelen bezwaar"),
        ("archief beheren voor de andere afdelingen", "Beheren archief en informatie"),
    ],
)
def test_suggest_references_top3(kb: KnowledgeBase, text: str, expected: str) -> None:
    suggestions = kb.suggest_references(text, k=3)
    names = [s.name for s in suggestions]
    assert expected in names, names
    assert all(0 < s.score <= 1 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)


def test_terras_suggestion_is_first_with_path_url_and_function(kb: KnowledgeBase) -> None:
    top = kb.suggest_references("we behandelen aanvragen voor een terrasvergunning")[0]
    assert top.name == TERRAS and top.kind == "bedrijfsproces"
    assert top.path.endswith("Verstrekken producten en diensten > " + TERRAS)
    assert top.url.endswith(top.element_id)
    assert top.bedrijfsfunctie  # a bedrijfsfunctie name from the GEMMA tree
    assert reference.by_name(top.bedrijfsfunctie, "bedrijfsfunctie") is not None


def test_archive_suggestion_carries_model_function(kb: KnowledgeBase) -> None:
    top = kb.suggest_references("beheren van het archief")[0]
    assert top.bedrijfsfunctie == "Informatie- en archiefbeheer"


def test_other_kinds_on_request(kb: KnowledgeBase) -> None:
    got = kb.suggest_references("ontvangstbevestiging sturen", k=3, kinds=("procesbouwsteen",))
    assert got and got[0].name == "Bevestiging ontvangst" and got[0].kind == "procesbouwsteen"
    with pytest.raises(ValueError, match="fantasie"):
        kb.suggest_references("x", kinds=("fantasie",))


def test_empty_text_gives_no_suggestions(kb: KnowledgeBase) -> None:
    assert kb.suggest_references("  ") == []
