"""The thesaurus from everyday Dutch to GEMMA terms: phrase matching and the shipped list."""

from __future__ import annotations

import pytest

from knowledge.thesaurus import Thesaurus, parse, shipped


def small() -> Thesaurus:
    return parse(
        [
            {"termen": ["bezwaar"], "woorden": ["niet eens met een besluit", "besluit aanvechten"]},
            {"termen": ["klantinspanning"], "woorden": ["gedoe", "moeite voor de klant"]},
            {"termen": ["sanctie", "handhaving"], "woorden": ["straf", "boete opleggen"]},
        ]
    )


def test_a_phrase_matches_with_inflections_and_words_in_between() -> None:
    t = small()
    assert t.expand("Iemand is het niet eens met het genomen besluit") == ["bezwaar"]
    assert t.expand("hoe vecht je besluiten aan") == []  # word order differs: no match
    assert t.expand("wie wil een besluit aanvechten") == ["bezwaar"]
    assert t.expand("welke straffen kan de gemeente geven") == ["sanctie", "handhaving"]


def test_gaps_are_limited() -> None:
    t = small()
    # "niet eens" ... four words ... "met": too far apart to be one phrase
    assert t.expand("niet eens iets gezegd over wat er met het besluit gebeurt") == []


def test_terms_the_query_already_uses_are_not_added() -> None:
    t = small()
    assert t.expand("wanneer leidt handhaving tot een boete opleggen") == ["sanctie"]
    assert t.expand("bezwaar maken als je het niet eens bent met een besluit") == []


def test_no_phrase_no_expansion() -> None:
    t = small()
    assert t.expand("") == []
    assert t.expand("wat is een deelservice") == []


@pytest.mark.parametrize(
    "raw",
    [{"termen": []}, [{"woorden": ["x"]}], [{"termen": ["a"], "woorden": "x"}], ["a"]],
)
def test_a_malformed_file_is_refused_in_dutch(raw: object) -> None:
    with pytest.raises(ValueError, match="thesaurus"):
        parse(raw)


def test_the_shipped_thesaurus_is_sizeable_and_its_terms_are_gemma_words() -> None:
    t = shipped()
    assert len(t) >= 150
    phrases = [p for e in t.entries for p in e.phrases]
    assert len(phrases) >= 3 * len(t)
    # every phrase is specific: no entry fires on a bare generic question
    generic = "hoe werkt het proces van een aanvraag bij de gemeente voor een burger"
    assert t.expand(generic) == []


def test_every_thesaurus_term_is_a_word_gemma_uses() -> None:
    """A term that GEMMA's texts do not contain cannot help a search (a typo, or a term
    from another model)."""
    from tests.conftest import shared_dir

    root = shared_dir() / "gemma"
    corpus = " ".join(
        p.read_text("utf-8", errors="replace").lower()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".txt", ".md", ".jsonl", ".csv", ".xml")
    )
    absent = [t for e in shipped().entries for t in e.terms if t.lower() not in corpus]
    assert not absent, absent[:10]
