from __future__ import annotations

from knowledge.lexical import LexicalIndex
from knowledge.text import Analyzer, clip, fold, stem, words
from knowledge.types import Chunk


def test_fold_removes_accents_and_case() -> None:
    assert fold("Proceshiërarchie") == "proceshierarchie"


def test_stopwords_are_dropped() -> None:
    assert words("wie verzamelt de stukken") == ["verzamelt", "stukken"]


def test_compounds_split_against_vocabulary() -> None:
    a = Analyzer(["vergunning", "aanvraag", "terras", "omgeving"])
    assert a.split_compound("vergunningaanvraag") == ("vergunning", "aanvraag")
    assert a.split_compound("terrasvergunning") == ("terras", "vergunning")
    # linking -s- and three parts
    assert a.split_compound("omgevingsvergunningaanvraag") == ("omgeving", "vergunning", "aanvraag")
    # unknown parts are not invented
    assert a.split_compound("klantreis") == ()


def test_verb_ending_t_uses_infinitive_stem() -> None:
    a = Analyzer(["verzamelen"])
    assert a.terms("verzamelt") == a.terms("verzamelen")


def _chunk(cid: str, title: str, text: str) -> Chunk:
    return Chunk(chunk_id=cid, title=title, text=text)


def test_lexical_finds_compound_with_plural_query_and_back() -> None:
    index = LexicalIndex()
    index.build(
        [
            _chunk("a", "Behandelen vergunningaanvraag", "De intake van de vergunningaanvraag."),
            _chunk("b", "Vergunning", "Een vergunning is toestemming."),
            _chunk("c", "Aanvraag", "Een aanvraag komt binnen."),
            _chunk("d", "Afval", "Het ophalen van huisvuil."),
        ]
    )
    hits = [cid for cid, _ in index.search("vergunningen", 4)]
    assert hits[:2] == ["b", "a"] or set(hits[:2]) == {"a", "b"}
    assert "d" not in hits
    # and the other way round: a compound query finds the separate words
    hits = [cid for cid, _ in index.search("vergunningaanvraag", 4)]
    assert hits[0] == "a" and {"b", "c"} <= set(hits)


def test_lexical_index_roundtrip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    index = LexicalIndex()
    index.build([_chunk("a", "Klantreis", "De reis van de klant."), _chunk("b", "Zaak", "Werk.")])
    index.save(tmp_path / "lex.json")
    loaded = LexicalIndex.load(tmp_path / "lex.json")
    assert loaded.search("klantreizen", 2) == index.search("klantreizen", 2)
    assert loaded.search("klantreizen", 2)[0][0] == "a"


def test_clip_cuts_at_a_word_boundary_and_leaves_short_text_alone() -> None:
    assert clip("kort", 10) == "kort"
    text = "de gemeente behandelt de aanvraag voor een vergunning"
    cut = clip(text, 30)
    assert len(cut) <= 30 and text.startswith(cut) and not cut.endswith(" ")
    assert cut == "de gemeente behandelt de"
    assert clip("x" * 50, 20) == "x" * 20  # no space: a hard cut


def test_a_very_long_word_is_not_split() -> None:
    # trying every cut of a 100,000-character "word" took minutes
    analyzer = Analyzer(["vergunning", "aanvraag"] + ["x" * n for n in range(4, 40)])
    terms = analyzer.terms("x" * 100_000 + " vergunningaanvraag")
    assert stem("vergunning") in terms and stem("aanvraag") in terms
    assert analyzer.split_compound("x" * 65) == ()
    assert analyzer.split_compound("vergunningaanvraag") == ("vergunning", "aanvraag")
